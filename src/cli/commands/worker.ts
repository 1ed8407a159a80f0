import { loadConfig } from '../../config';
import { startWorker } from '../../worker';
import { parse, type Command } from '../flags';
import { createOutput } from '../output';

export const worker: Command = {
  summary: 'run a worker (workflows + activities) until Ctrl-C',
  usage: `privacy-orchestrator worker

  Connects to TEMPORAL_ADDRESS and serves TEMPORAL_TASK_QUEUE. Without ADOBE_CLIENT_ID it talks to the
  local emulator, starting one at EMULATOR_PORT if none answers there.`,
  async run(argv) {
    const { values } = parse(argv, {});
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    const config = loadConfig();
    const handle = await startWorker(config);
    out.info(
      `worker: serving task queue ${config.temporal.taskQueue} on ${config.temporal.address} (Adobe: ${config.adobe.mode === 'emulator' ? `emulator at ${config.adobe.imsUrl}` : config.adobe.privacyUrl}); Ctrl-C to stop`,
    );
    await handle.done;
    return 0;
  },
};
