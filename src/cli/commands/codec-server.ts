import { createCodec } from '../../codec';
import { startCodecServer } from '../../codec/server';
import { loadConfig } from '../../config';
import { parse, UsageError, type Command } from '../flags';
import { createOutput } from '../output';

export const codecServer: Command = {
  summary: 'serve the payload codec so the Temporal UI can show decrypted inputs and results',
  usage: `privacy-orchestrator codec-server [--port 8888] [--host 127.0.0.1] [--origin URL]...

  Decodes this project's encrypted payloads for the Temporal UI ("Codec Server" in its settings, or
  temporal server start-dev --ui-codec-endpoint http://127.0.0.1:8888). It decrypts personal data: keep it
  on loopback, and set CODEC_SERVER_TOKEN to require "Authorization: Bearer <token>".
  --origin URL   a browser origin allowed to call it (repeatable; default http://localhost:8233 and
                 http://127.0.0.1:8233)`,
  async run(argv) {
    const { values } = parse(argv, {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      origin: { type: 'string', multiple: true },
    });
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    const port = values.port === undefined ? loadConfig().codecServerPort : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError('--port must be a whole number from 0 to 65535');
    const config = loadConfig();
    const server = await startCodecServer(createCodec(config), {
      host: values.host,
      port,
      origins: values.origin ?? ['http://localhost:8233', 'http://127.0.0.1:8233'],
      token: process.env.CODEC_SERVER_TOKEN || undefined,
    });
    out.result(
      { url: server.url },
      () => `codec-server: ${server.url} (POST /decode, /encode); Ctrl-C to stop`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return 0;
  },
};
