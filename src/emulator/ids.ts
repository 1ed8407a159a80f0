// Identifiers shaped like Adobe's: time-based (v1) UUIDs for jobs and `<17 digits>RX-<3 digits>` request ids.
import { randomBytes, randomInt } from 'node:crypto';

// 100-ns intervals between the Gregorian reform (1582-10-15) and the Unix epoch.
const GREGORIAN_OFFSET = 122_192_928_000_000_000n;
// One random node per process, with the multicast bit set as RFC 9562 asks for a node that is not a MAC address.
const NODE = (() => {
  const node = randomBytes(6);
  node[0] = (node[0] ?? 0) | 0x01;
  return node.toString('hex');
})();
let lastTimestamp = 0n;

/**
 * A version 1 UUID for the given time. Ids made in the same millisecond count up in 100-ns steps so that they stay
 * distinct; a clock moved backwards (admin API) simply gives earlier timestamps.
 */
export function timeUuid(epochMs: number): string {
  let timestamp = BigInt(Math.floor(epochMs)) * 10_000n + GREGORIAN_OFFSET;
  if (timestamp <= lastTimestamp && lastTimestamp - timestamp < 10_000n) timestamp = lastTimestamp + 1n;
  lastTimestamp = timestamp;
  const hex = timestamp.toString(16).padStart(15, '0');
  const timeLow = hex.slice(7, 15);
  const timeMid = hex.slice(3, 7);
  const timeHigh = `1${hex.slice(0, 3)}`;
  const clockSeq = ((randomInt(0, 0x4000) | 0x8000) >>> 0).toString(16).padStart(4, '0');
  return `${timeLow}-${timeMid}-${timeHigh}-${clockSeq}-${NODE}`;
}

/** 13 digits of epoch milliseconds, 4 more digits, then `RX-` and 3 digits, as Adobe's request ids look. */
export function requestId(epochMs: number): string {
  const millis = String(Math.floor(epochMs)).padStart(13, '0').slice(-13);
  const extra = String(randomInt(0, 10_000)).padStart(4, '0');
  const suffix = String(randomInt(0, 1000)).padStart(3, '0');
  return `${millis}${extra}RX-${suffix}`;
}
