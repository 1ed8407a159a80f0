import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAdobeDate, parseDay } from '../../../src/emulator/dates';
import { timingFor } from '../../../src/emulator/lifecycle';
import { DEFAULT_TIMING } from '../../../src/emulator/options';

void test('an afternoon time is written as MM/DD/YYYY hh:mm PM GMT', () => {
  assert.equal(formatAdobeDate(Date.parse('2019-10-02T20:25:59Z')), '10/02/2019 08:25 PM GMT');
});

void test('midnight and noon are written as 12 AM and 12 PM', () => {
  assert.equal(formatAdobeDate(Date.parse('2024-04-12T00:08:00Z')), '04/12/2024 12:08 AM GMT');
  assert.equal(formatAdobeDate(Date.parse('2024-04-12T12:08:00Z')), '04/12/2024 12:08 PM GMT');
});

void test('a day that does not exist in the calendar is not parsed', () => {
  assert.equal(parseDay('2025-02-30'), undefined);
  assert.equal(parseDay('2025-02-28'), Date.UTC(2025, 1, 28));
});

void test('the demo timing finishes each product between 3 and 6 seconds, the same every time', () => {
  const seconds = ['analytics', 'profileservice', 'audiencemanager', 'identity'].map(
    (code) => timingFor({ ...DEFAULT_TIMING, products: {} }, code).completeAfterSeconds,
  );
  assert.ok(seconds.every((s) => s >= 3 && s <= 6));
  assert.deepEqual(
    seconds,
    ['analytics', 'profileservice', 'audiencemanager', 'identity'].map(
      (code) => timingFor({ ...DEFAULT_TIMING, products: {} }, code).completeAfterSeconds,
    ),
  );
});
