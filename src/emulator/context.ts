// What every handler receives: the emulator's parts, and the call being answered.
import type { IncomingHttpHeaders } from 'node:http';
import type { EventScheduler } from './events';
import type { Faults } from './faults';
import type { ResolvedOptions } from './options';
import type { Store } from './state';
import type { Stats } from './stats';
import type { TokenAuthority } from './tokens';

export interface EmulatorContext {
  options: ResolvedOptions;
  store: Store;
  faults: Faults;
  stats: Stats;
  tokens: TokenAuthority;
  events: EventScheduler;
  /** `http://host:port` this emulator listens on; known once it listens. */
  baseUrl(): string;
}

export interface Call {
  method: string;
  /** Path without query string and without a trailing slash. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Values of `{name}` segments of the matched route. */
  params: Record<string, string>;
  /** `http://<Host header>`: the base URL the caller used to reach the emulator. */
  callerBase: string;
}

export function header(call: Call, name: string): string | undefined {
  const value = call.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
