// The emulator's memory: jobs, the token-signing key and the clock offset. With a data folder every change is
// written through to one JSON file (coalesced, atomically replaced), so a restarted emulator carries on where it
// stopped: job states are computed from the clock, so nothing else needs saving.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrivacyAction, UserId } from '../adobe/types';

export interface StoredJob {
  jobId: string;
  requestId: string;
  /** The org that created the job; other orgs get 404 for it. */
  orgId: string;
  userKey: string;
  action: PrivacyAction;
  regulation: string;
  submittedBy: string;
  /** Emulator-clock epoch milliseconds. */
  createdAt: number;
  /** As echoed at creation: `namespaceId` added for standard namespaces, `isDeletedClientSide` defaulted. */
  userIds: UserId[];
  /** Product codes from `include`, lower-cased. */
  products: string[];
  /**
   * Privacy events already sent for this job: `product:<code>` and `job`. Kept so that every event goes out once,
   * across restarts too, although job states are only ever computed.
   */
  emitted?: string[];
}

/** A webhook that answered the registration challenge. */
export interface StoredWebhook {
  id: string;
  url: string;
  /** ISO-8601, real time. */
  registeredAt: string;
}

interface StateFile {
  version: 1;
  signingKeyPem?: string;
  clockOffsetMs: number;
  jobs: StoredJob[];
  webhooks?: StoredWebhook[];
}

const FILE_NAME = 'emulator-state.json';
const WRITE_DELAY_MS = 20;

export class Store {
  private readonly byId = new Map<string, StoredJob>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string | undefined,
    private data: StateFile,
    private readonly onWriteError: (error: unknown) => void,
  ) {
    for (const job of data.jobs) this.byId.set(job.jobId, job);
  }

  static async open(dataDir: string | undefined, onWriteError: (error: unknown) => void): Promise<Store> {
    const fresh = (): StateFile => ({ version: 1, clockOffsetMs: 0, jobs: [] });
    if (dataDir === undefined) return new Store(undefined, fresh(), onWriteError);
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, FILE_NAME);
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return new Store(file, fresh(), onWriteError);
    let data: StateFile;
    try {
      data = JSON.parse(text) as StateFile;
    } catch {
      throw new Error(`Emulator state file ${file} is not valid JSON; move it away to start afresh`);
    }
    if (data.version !== 1 || !Array.isArray(data.jobs) || typeof data.clockOffsetMs !== 'number') {
      throw new Error(`Emulator state file ${file} is not in the expected format (version 1)`);
    }
    return new Store(file, data, onWriteError);
  }

  /** The emulator clock: real time plus the offset the admin API moves. */
  now(): number {
    return Date.now() + this.data.clockOffsetMs;
  }

  get clockOffsetMs(): number {
    return this.data.clockOffsetMs;
  }

  setClockOffset(offsetMs: number): void {
    this.data.clockOffsetMs = offsetMs;
    this.changed();
  }

  get signingKeyPem(): string | undefined {
    return this.data.signingKeyPem;
  }

  setSigningKeyPem(pem: string): void {
    this.data.signingKeyPem = pem;
    this.changed();
  }

  /** Jobs in creation order. */
  jobs(): readonly StoredJob[] {
    return this.data.jobs;
  }

  job(jobId: string): StoredJob | undefined {
    return this.byId.get(jobId);
  }

  addJobs(jobs: StoredJob[]): void {
    for (const job of jobs) {
      this.data.jobs.push(job);
      this.byId.set(job.jobId, job);
    }
    this.changed();
  }

  markEmitted(job: StoredJob, key: string): void {
    (job.emitted ??= []).push(key);
    this.changed();
  }

  webhooks(): readonly StoredWebhook[] {
    return this.data.webhooks ?? [];
  }

  addWebhook(webhook: StoredWebhook): void {
    (this.data.webhooks ??= []).push(webhook);
    this.changed();
  }

  /** False when no webhook has that id. */
  removeWebhook(id: string): boolean {
    const before = this.webhooks().length;
    this.data.webhooks = this.webhooks().filter((w) => w.id !== id);
    if (this.data.webhooks.length === before) return false;
    this.changed();
    return true;
  }

  clearWebhooks(): void {
    this.data.webhooks = [];
    this.changed();
  }

  /** Forget jobs, webhooks and the clock offset; the signing key stays so issued tokens keep working. */
  reset(): void {
    this.data = { version: 1, signingKeyPem: this.data.signingKeyPem, clockOffsetMs: 0, jobs: [] };
    this.byId.clear();
    this.changed();
  }

  /** Wait until every change so far is on disk. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.write();
    }
    await this.writing;
  }

  private changed(): void {
    if (this.file === undefined || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, WRITE_DELAY_MS);
  }

  private write(): void {
    const file = this.file;
    if (file === undefined) return;
    const text = JSON.stringify(this.data);
    // Writes are chained so an older snapshot never lands after a newer one; rename makes each one atomic.
    this.writing = this.writing
      .then(async () => {
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, text, 'utf8');
        await rename(temporary, file);
      })
      .catch(this.onWriteError);
  }
}
