// The client library: what backend code uses to start privacy requests and follow them.
//
//   const orchestrator = await PrivacyOrchestrator.connect();
//   const { submissionId } = await orchestrator.submit(requestBody);
//   const result = await orchestrator.result(submissionId);
import { randomUUID } from 'node:crypto';
import {
  CancelledFailure,
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WithStartWorkflowOperation,
  type Connection,
  type WorkflowHandle,
} from '@temporalio/client';
import type { PrivacyUser } from './adobe/types';
import {
  INTAKE_WORKFLOW,
  addSubjectUpdate,
  intakeStateQuery,
  type IntakeInput,
  type IntakeReceipt,
} from './workflows/intake';
import type { CreateJobsRequest } from './adobe/types';
import { createDataConverter, createSubjectHasher } from './codec';
import { loadConfig, type Config } from './config';
import { OrchestratorError } from './errors';
import { validated } from './privacy/intake';
import { connect } from './temporal';
import {
  JOB_WORKFLOW,
  SUBMISSION_WORKFLOW,
  jobStateQuery,
  submissionStateQuery,
  type JobOutcome,
  type JobState,
  type SubmissionInput,
  type SubmissionResult,
  type SubmissionState,
} from './workflows/messages';

const DEFAULT_LIST_QUERY = `WorkflowType = '${SUBMISSION_WORKFLOW}' OR WorkflowType = '${JOB_WORKFLOW}'`;

export interface SubmitOptions {
  /** Your own id for the request; submitting the same id twice is refused, so a retry never doubles it. */
  submissionId?: string;
  /** Where the request came from (file name, system): kept in the audit trail. */
  source?: string;
  receivedAt?: Date;
}

/** `state` is absent only when the workflow failed or was terminated; `failure` then says why. */
export type RequestStatus =
  | {
      kind: 'submission';
      workflowId: string;
      running: boolean;
      state?: SubmissionState;
      failure?: string;
      /** For a submission an intake is still gathering: how many subjects so far, and when it starts. */
      queued?: { subjects: number; startsBy: string };
    }
  | { kind: 'job'; workflowId: string; running: boolean; state?: JobState; failure?: string };

export class PrivacyOrchestrator {
  private readonly hashSubject: (key: string) => string;

  private constructor(
    readonly config: Config,
    private readonly connection: Connection,
    readonly client: Client,
  ) {
    this.hashSubject = createSubjectHasher(config);
  }

  static async connect(config: Config = loadConfig()): Promise<PrivacyOrchestrator> {
    const connection = await connect(config);
    const client = new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: createDataConverter(config),
    });
    return new PrivacyOrchestrator(config, connection, client);
  }

  /** Validates the request (throws InvalidRequestError naming each field) and starts its workflow. */
  async submit(
    body: CreateJobsRequest | unknown,
    options: SubmitOptions = {},
  ): Promise<{ submissionId: string }> {
    const request = validated(body, { orgId: this.config.adobe.orgId }, options.source);
    const submissionId = options.submissionId ?? `privacy-submission-${randomUUID()}`;
    const input: SubmissionInput = {
      request,
      orgId: this.config.adobe.orgId,
      receivedAt: (options.receivedAt ?? new Date()).toISOString(),
      subjectHashes: Object.fromEntries(request.users.map((u) => [u.key, this.hashSubject(u.key)])),
      polling: this.config.polling,
      source: options.source,
    };
    try {
      await this.client.workflow.start(SUBMISSION_WORKFLOW, {
        workflowId: submissionId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new OrchestratorError(
          'ALREADY_EXISTS',
          `submission ${submissionId} exists already; nothing was submitted again`,
        );
      }
      throw error;
    }
    return { submissionId };
  }

  /**
   * One data subject's request, gathered with others of the same regulation and products into one Adobe
   * submission (a batch closes after `windowSeconds`, default 30, or at 1000 subjects). Validated here
   * (InvalidRequestError naming the field). Sending the same request again within a day (same
   * `requestId`, or same key, actions and ids) returns the first receipt: nothing is submitted twice.
   */
  async request(
    user: PrivacyUser,
    options: {
      regulation: string;
      include: string[];
      windowSeconds?: number;
      requestId?: string;
      source?: string;
    },
  ): Promise<IntakeReceipt> {
    const include = [...options.include];
    validated(
      {
        companyContexts: [{ namespace: 'imsOrgID', value: this.config.adobe.orgId }],
        users: [user],
        include,
        regulation: options.regulation,
      },
      { orgId: this.config.adobe.orgId },
      options.source,
    );
    const intake: IntakeInput = {
      regulation: options.regulation,
      include,
      orgId: this.config.adobe.orgId,
      windowSeconds: options.windowSeconds ?? 30,
      polling: this.config.polling,
    };
    // One intake per regulation and product set: the id says which (no personal data in it).
    const workflowId = `privacy-intake-${options.regulation}-${include
      .map((p) => p.toLowerCase())
      .sort()
      .join('+')}`;
    return this.client.workflow.executeUpdateWithStart(addSubjectUpdate, {
      args: [
        {
          user,
          subjectHash: this.hashSubject(user.key),
          receivedAt: new Date().toISOString(),
          requestId: options.requestId,
          source: options.source,
        },
      ],
      startWorkflowOperation: new WithStartWorkflowOperation(INTAKE_WORKFLOW, {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [intake],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
  }

  /** Waits for a submission to finish and returns every job's outcome. */
  async result(submissionId: string): Promise<SubmissionResult> {
    // A submission of the intake starts when its batch closes: wait while the intake still holds it open.
    for (;;) {
      try {
        await this.client.workflow.getHandle(submissionId).describe();
        break;
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError) || !(await this.queuedBatch(submissionId))) throw error;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    return this.client.workflow.getHandle(submissionId).result();
  }

  /** The live state of a submission or a job workflow (`privacy-job-<adobe job id>`), or an Adobe job id. */
  async status(id: string): Promise<RequestStatus> {
    let workflowId = id;
    let handle = this.client.workflow.getHandle(workflowId);
    try {
      const description = await handle.describe().catch((error: unknown) => {
        if (!(error instanceof WorkflowNotFoundError) || id.startsWith('privacy-')) throw error;
        // Not a workflow id: take it as an Adobe job id.
        workflowId = `privacy-job-${id}`;
        handle = this.client.workflow.getHandle(workflowId);
        return handle.describe();
      });
      const running = description.status.name === 'RUNNING';
      const kind = description.type === JOB_WORKFLOW ? 'job' : 'submission';
      // A finished workflow answers from its result: no worker needs to be running to replay it.
      if (!running)
        return { kind, workflowId, running, ...(await this.finishedState(kind, handle)) } as RequestStatus;
      if (kind === 'job') return { kind, workflowId, running, state: await handle.query(jobStateQuery) };
      return { kind, workflowId, running, state: await handle.query(submissionStateQuery) };
    } catch (error) {
      const queued = error instanceof WorkflowNotFoundError ? await this.queuedBatch(id) : undefined;
      if (queued) {
        const state: SubmissionState = {
          phase: 'queued',
          regulation: queued.regulation,
          dueAt: queued.dueAt,
          jobs: [],
          missing: [],
          outcomes: {},
        };
        return {
          kind: 'submission',
          workflowId: id,
          running: false,
          state,
          queued: { subjects: queued.subjects, startsBy: queued.startsBy },
        };
      }
      if (error instanceof WorkflowNotFoundError) {
        throw new OrchestratorError(
          'NOT_FOUND',
          `no privacy request ${id} in namespace ${this.config.temporal.namespace}`,
        );
      }
      throw error;
    }
  }

  /** The intake batch a not-yet-started submission id belongs to, while its intake holds it open. */
  private async queuedBatch(submissionId: string) {
    const intake = /^(privacy-intake-.+)-[0-9a-f]{8}-\d+$/.exec(submissionId)?.[1];
    if (!intake) return undefined;
    const state = await this.client.workflow
      .getHandle(intake)
      .query(intakeStateQuery)
      .catch(() => undefined);
    const batch = state?.open.find((b) => b.submissionId === submissionId);
    return batch && { ...batch, regulation: state!.regulation };
  }

  private async finishedState(kind: 'job' | 'submission', handle: WorkflowHandle) {
    let value: unknown;
    try {
      value = await handle.result();
    } catch (error) {
      const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
      if (kind === 'job' && cause instanceof CancelledFailure) {
        return { state: { phase: 'cancelled', status: 'cancelled' } satisfies JobState };
      }
      return { failure: cause?.message ?? (error as Error).message };
    }
    if (kind === 'job') {
      const outcome = value as JobOutcome;
      return {
        state: {
          phase: 'finished',
          status: outcome.status,
          input: outcome.input,
          outcome,
        } satisfies JobState,
      };
    }
    const result = value as SubmissionResult;
    const state: SubmissionState = {
      phase: 'finished',
      regulation: result.regulation,
      dueAt: result.dueAt,
      requestId: result.requestId,
      jobs: result.jobs.map(({ outcome: _outcome, ...job }) => job),
      missing: result.missing ?? [],
      outcomes: Object.fromEntries(result.jobs.map((j) => [j.jobId, j.outcome])),
    };
    return { state };
  }

  /** How many privacy workflows match a visibility query. */
  async count(query = DEFAULT_LIST_QUERY): Promise<number> {
    return (await this.client.workflow.count(query)).count;
  }

  /** Recent privacy workflows, newest first, filtered by a Temporal visibility query. */
  async list(query = DEFAULT_LIST_QUERY, limit = 50) {
    const rows = [];
    for await (const info of this.client.workflow.list({ query, pageSize: limit })) {
      rows.push({
        workflowId: info.workflowId,
        type: info.type,
        status: info.status.name,
        startTime: info.startTime.toISOString(),
        privacyStatus: info.typedSearchAttributes?.getAll().find((p) => p.key.name === 'PrivacyStatus')
          ?.value as string | undefined,
        dueAt: (
          info.typedSearchAttributes?.getAll().find((p) => p.key.name === 'PrivacyDueAt')?.value as
            Date | undefined
        )?.toISOString(),
      });
      if (rows.length >= limit) break;
    }
    return rows;
  }

  /**
   * Stops following a submission (and its running jobs) or one job. Adobe has no cancel: its jobs go on,
   * and the audit trail records that tracking stopped.
   */
  async cancel(id: string): Promise<{ cancelled: string[] }> {
    const found = await this.status(id);
    const ids = [found.workflowId];
    if (found.kind === 'submission' && found.state) {
      for (const job of found.state.jobs) if (!found.state.outcomes[job.jobId]) ids.push(job.workflowId);
    }
    const cancelled: string[] = [];
    for (const workflowId of ids) {
      const handle = this.client.workflow.getHandle(workflowId);
      try {
        if ((await handle.describe()).status.name !== 'RUNNING') continue;
        await handle.cancel();
        cancelled.push(workflowId);
      } catch (error) {
        // Finished between the two calls: nothing left to cancel there.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
    // Wait until each has closed, so a status read right after sees the outcome.
    await Promise.all(
      cancelled.map((w) =>
        this.client.workflow
          .getHandle(w)
          .result()
          .catch(() => undefined),
      ),
    );
    return { cancelled };
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
