// Connecting to Temporal with the SDK's own variable names, and registering our search attributes.
import { readFileSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { Config } from './config';
import { OrchestratorError } from './errors';
import { ALL_SEARCH_ATTRIBUTES } from './workflows/search-attributes';

/** Options both the client's Connection and the worker's NativeConnection take. */
export function connectionOptions(
  config: Config,
): Pick<NativeConnectionOptions, 'address' | 'apiKey' | 'tls'> {
  const { address, apiKey, tls } = config.temporal;
  const read = (file: string | undefined) => (file ? readFileSync(file) : undefined);
  return {
    address,
    apiKey,
    tls: tls
      ? {
          serverNameOverride: tls.serverName,
          serverRootCACertificate: read(tls.serverCaCertPath),
          clientCertPair:
            tls.clientCertPath && tls.clientKeyPath
              ? { crt: read(tls.clientCertPath)!, key: read(tls.clientKeyPath)! }
              : undefined,
        }
      : undefined,
  };
}

export async function connect(config: Config): Promise<Connection> {
  try {
    return await Connection.connect({ ...connectionOptions(config), connectTimeout: '5 seconds' });
  } catch {
    throw new OrchestratorError(
      'TEMPORAL_UNAVAILABLE',
      `no Temporal server answers at ${config.temporal.address} (TEMPORAL_ADDRESS); start one with: privacy-orchestrator dev`,
    );
  }
}

const TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/**
 * Registers the search attributes the workflows set. Idempotent; on servers where the operator API is
 * not ours to call (Temporal Cloud), says what to register by hand.
 */
export async function ensureSearchAttributes(config: Config): Promise<void> {
  const connection = await connect(config);
  try {
    const { namespace } = config.temporal;
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = ALL_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (existing.customAttributes ?? {})));
    if (missing.length === 0) return;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, TYPES[key.type]!])),
    });
  } catch (error) {
    if (error instanceof OrchestratorError) throw error;
    console.error(
      `warning: could not register search attributes (${(error as Error).message.split('\n')[0]}); register ${ALL_SEARCH_ATTRIBUTES.map((k) => `${k.name}:${k.type}`).join(', ')} on namespace ${config.temporal.namespace}`,
    );
  } finally {
    await connection.close();
  }
}
