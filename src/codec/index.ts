// Encrypts every payload Temporal stores (workflow inputs and results, activity arguments, failures),
// so identity values never reach the server in clear. AES-256-GCM, a fresh 12-byte IV per payload.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Config } from '../config';
import { OrchestratorError } from '../errors';

const ENCODING = 'binary/encrypted';

export class EncryptionCodec implements PayloadCodec {
  /** A short fingerprint of the key, stored beside each payload so a wrong key is named, not guessed. */
  readonly keyId: string;

  // Private fields: the SDK logs its options, data converter included, at debug level.
  readonly #key: Buffer;
  /** Every key that can decode, by id: the current one and the ones rotated out. */
  readonly #keys = new Map<string, Buffer>();

  /** `previous`: keys rotated out, still needed to read what was written with them. */
  constructor(key: Buffer, previous: readonly Buffer[] = []) {
    for (const k of [key, ...previous]) {
      if (k.length !== 32)
        throw new OrchestratorError('CONFIG_INVALID', 'a payload encryption key must be 32 bytes');
      this.#keys.set(fingerprint(k), k);
    }
    this.#key = key;
    this.keyId = fingerprint(key);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: Buffer.from(ENCODING), 'encryption-key-id': Buffer.from(this.keyId) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.['encryption-key-id'] ?? []).toString();
      const key = this.#keys.get(keyId);
      if (!key) {
        throw new OrchestratorError(
          'CONFIG_INVALID',
          `a payload was encrypted with key ${keyId}, but ORCHESTRATOR_ENCRYPTION_KEY is key ${this.keyId} and ORCHESTRATOR_PREVIOUS_ENCRYPTION_KEYS holds no such key`,
        );
      }
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/**
 * The data converter shared by the worker and every client. Failure messages are encrypted too
 * (`encodeCommonAttributes`): an error text may quote a value Adobe sent back.
 */
export function createDataConverter(
  config: Pick<Config, 'encryptionKey' | 'previousEncryptionKeys' | 'dataDir' | 'adobe'>,
): DataConverter {
  return {
    payloadCodecs: [createCodec(config)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}

export function createCodec(
  config: Pick<Config, 'encryptionKey' | 'previousEncryptionKeys' | 'dataDir' | 'adobe'>,
): EncryptionCodec {
  return new EncryptionCodec(
    loadKey(config),
    (config.previousEncryptionKeys ?? []).map((k) => Buffer.from(k, 'base64')),
  );
}

function fingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/**
 * A keyed hash of a subject's key: lets people find a data subject's workflows by search attribute
 * without putting the key itself (often an email) in Temporal's visibility store. Its own secret when one
 * is set, so that rotating the encryption key does not change every subject's hash.
 */
export function createSubjectHasher(
  config: Pick<Config, 'encryptionKey' | 'subjectHashKey' | 'dataDir' | 'adobe'>,
): (userKey: string) => string {
  const secret = config.subjectHashKey !== undefined ? Buffer.from(config.subjectHashKey) : loadKey(config);
  const key = createHmac('sha256', secret).update('privacy-orchestrator subject hash v1').digest();
  return (userKey) => createHmac('sha256', key).update(userKey).digest('hex').slice(0, 32);
}

/** The configured key; against the emulator, a key made once and kept in the data folder. */
function loadKey(config: Pick<Config, 'encryptionKey' | 'dataDir' | 'adobe'>): Buffer {
  if (config.encryptionKey) return Buffer.from(config.encryptionKey, 'base64');
  const file = path.join(config.dataDir, 'encryption.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
