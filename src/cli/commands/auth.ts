import { TokenProvider } from '../../adobe/ims-client';
import { PrivacyClient } from '../../adobe/privacy-client';
import { loadConfig } from '../../config';
import { ensureEmulator } from '../../local/emulator';
import { parse, UsageError, type Command } from '../flags';
import { createOutput } from '../output';

export const auth: Command = {
  summary: 'check the Adobe credentials: mint a token and say whose it is (never printing it)',
  usage: `privacy-orchestrator auth check [--api] [--json]

  Mints an access token with the configured credentials (ADOBE_AUTH: oauth or jwt) and prints the client,
  org, technical account, scopes and expiry. The token itself is never printed.
  --api   also make one read-only Privacy Service call (GET /jobs?regulation=gdpr&size=1) to check the
          gateway accepts the token, the API key and the org`,
  async run(argv) {
    const { values, positionals } = parse(argv, { api: { type: 'boolean', default: false } });
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    if (positionals[0] !== 'check' || positionals.length !== 1) throw new UsageError(`usage: ${this.usage}`);
    const config = loadConfig();
    const emulator = await ensureEmulator(config);
    try {
      const tokens = new TokenProvider({ adobe: config.adobe });
      const info = await tokens.info();
      let api: string | undefined;
      if (values.api) {
        await new PrivacyClient(config.adobe, tokens).listJobs({ regulation: 'gdpr', size: 1, maxPages: 1 });
        api = 'GET /jobs answered 200';
      }
      const hours = (info.expiresAt - Date.now()) / 3_600_000;
      const report = {
        mode: config.adobe.mode,
        auth: config.adobe.auth,
        imsUrl: config.adobe.imsUrl,
        clientId: info.clientId,
        orgId: info.orgId,
        subject: info.subject,
        scopes: info.scopes,
        expiresAt: new Date(info.expiresAt).toISOString(),
        ...(api && { api }),
      };
      out.result(report, () =>
        [
          `token minted by ${config.adobe.imsUrl} (${config.adobe.auth === 'jwt' ? 'service-account JWT' : 'OAuth server-to-server'}${config.adobe.mode === 'emulator' ? ', local emulator' : ''})`,
          `  client id   ${info.clientId}`,
          `  org         ${info.orgId}`,
          `  belongs to  ${info.subject ?? '(not stated)'}`,
          `  scopes      ${info.scopes.join(', ')}`,
          `  expires     ${report.expiresAt} (in ${hours.toFixed(1)} h)`,
          ...(api ? [`  api         ${api}`] : []),
        ].join('\n'),
      );
      return 0;
    } finally {
      await emulator?.close();
    }
  },
};
