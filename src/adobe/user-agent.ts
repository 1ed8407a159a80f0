import { readFileSync } from 'node:fs';
import path from 'node:path';

const { version } = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  version: string;
};

export const VERSION = version;
export const USER_AGENT = `privacy-orchestrator/${version} (+https://github.com/privacy-orchestrator)`;
