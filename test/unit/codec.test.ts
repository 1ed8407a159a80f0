import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DefaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from '../../src/codec';
import { startCodecServer } from '../../src/codec/server';

const codec = new EncryptionCodec(Buffer.alloc(32, 3));
const converter = new DefaultPayloadConverter();
const UI = 'http://localhost:8233';

describe('payload encryption', () => {
  it('round-trips a payload and hides its content', async () => {
    const plain = converter.toPayload({ email: 'maria.lopez@example.com' });
    const [encrypted] = await codec.encode([plain]);
    assert.ok(!Buffer.from(encrypted!.data!).toString('latin1').includes('maria'));
    assert.equal(Buffer.from(encrypted!.metadata!.encoding!).toString(), 'binary/encrypted');
    const [decoded] = await codec.decode([encrypted!]);
    assert.deepEqual(converter.fromPayload(decoded!), { email: 'maria.lopez@example.com' });
  });

  it('names both keys when a payload was encrypted with another one', async () => {
    const [encrypted] = await new EncryptionCodec(Buffer.alloc(32, 4)).encode([converter.toPayload(1)]);
    await assert.rejects(
      codec.decode([encrypted!]),
      /a payload was encrypted with key \w{12}, but ORCHESTRATOR_ENCRYPTION_KEY is key \w{12} and ORCHESTRATOR_PREVIOUS_ENCRYPTION_KEYS holds no such key/,
    );
  });

  it('reads payloads written with a key that was rotated out, and writes with the new one', async () => {
    const oldKey = Buffer.alloc(32, 5);
    const [written] = await new EncryptionCodec(oldKey).encode([converter.toPayload('before rotation')]);
    const rotated = new EncryptionCodec(Buffer.alloc(32, 6), [oldKey]);
    const [decoded] = await rotated.decode([written!]);
    assert.equal(converter.fromPayload(decoded!), 'before rotation');
    const [rewritten] = await rotated.encode([converter.toPayload('after')]);
    assert.equal(Buffer.from(rewritten!.metadata!['encryption-key-id']!).toString(), rotated.keyId);
  });

  it('keeps its key out of JSON (the SDK logs worker options)', () => {
    assert.equal(JSON.stringify(codec), `{"keyId":"${codec.keyId}"}`);
  });
});

describe('the codec server', () => {
  let server: { url: string; close(): Promise<void> };
  before(async () => (server = await startCodecServer(codec, { port: 0, origins: [UI], token: 't0ken' })));
  after(() => server.close());

  const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t0ken', origin: UI, ...headers },
      body: JSON.stringify(body),
    });

  it('decodes for the UI, with CORS for its origin', async () => {
    const [encrypted] = await codec.encode([converter.toPayload('hello')]);
    const json = {
      metadata: Object.fromEntries(
        Object.entries(encrypted!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
      ),
      data: Buffer.from(encrypted!.data!).toString('base64'),
    };
    const response = await post('/decode', { payloads: [json] });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), UI);
    const { payloads } = (await response.json()) as { payloads: { data: string }[] };
    assert.equal(Buffer.from(payloads[0]!.data, 'base64').toString(), '"hello"');
  });

  it('refuses another origin', async () => {
    assert.equal((await post('/decode', { payloads: [] }, { origin: 'https://evil.example' })).status, 403);
  });

  it('refuses a caller without the token', async () => {
    assert.equal((await post('/decode', { payloads: [] }, { authorization: 'Bearer nope' })).status, 401);
  });
});

describe('the codec server on the network', () => {
  it('refuses to listen beyond loopback without a token', async () => {
    await assert.rejects(startCodecServer(codec, { host: '0.0.0.0', port: 0, origins: [UI] }), {
      code: 'CONFIG_INVALID',
      message: /CODEC_SERVER_TOKEN is required when the codec server listens on 0\.0\.0\.0/,
    });
  });
});
