import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { PrivacyUser } from '../adobe/types';
import { LIMITS } from '../privacy/catalogue';
import { validateCreateJobsRequest } from '../privacy/validate';
import { dueDate } from './deadlines';
import { SUBMISSION_WORKFLOW, type PollingPolicy, type SubmissionInput } from './messages';

export const INTAKE_WORKFLOW = 'privacyIntake';

/** One data subject's request, as backend code sends it one at a time. */
export interface IntakeSubject {
  user: PrivacyUser;
  subjectHash: string;
  receivedAt: string;
  /** Your id for this request: the same id again within a day is answered with the first receipt. */
  requestId?: string;
  source?: string;
}

export interface IntakeReceipt {
  /** The submission this subject goes into; follow it with `result()` or `status()` once it starts. */
  submissionId: string;
  /** True when the same request was received before: nothing new is submitted. */
  duplicate: boolean;
  /** When the submission starts at the latest. */
  startsBy: string;
}

export interface IntakeInput {
  regulation: string;
  include: string[];
  orgId: string;
  /** How long a batch stays open for more subjects, in seconds. */
  windowSeconds: number;
  polling: PollingPolicy;
  /** Carried across continue-as-new. */
  carry?: { nextBatch: number; open: Batch[]; recent: [string, number, number][] };
}

interface Batch {
  number: number;
  closesAt: number;
  sealed: boolean;
  subjects: IntakeSubject[];
}

export const addSubjectUpdate = defineUpdate<IntakeReceipt, [IntakeSubject]>('addSubject');
export interface IntakeState {
  regulation: string;
  open: { submissionId: string; subjects: number; startsBy: string; dueAt: string }[];
  started: number;
}
export const intakeStateQuery = defineQuery<IntakeState>('intakeState');

const DAY_MS = 86_400_000;
const MAX_RECENT = 25_000;

/**
 * Gathers single requests from backend code into Adobe submissions: one batch per window (or per 1000
 * subjects), each started as its own submission workflow. A request seen in the last day (same request id,
 * or same key, actions and ids) is answered with its first receipt, so a retrying caller never submits twice.
 */
export async function privacyIntake(input: IntakeInput): Promise<void> {
  const { workflowId, firstExecutionRunId } = workflowInfo();
  // Batch numbers restart with a new intake (after a termination, say): the first run's id keeps submission
  // ids unique across intakes of the same name.
  const chain = firstExecutionRunId.replace(/-/g, '').slice(0, 8);
  const batches: Batch[] = input.carry?.open ?? [];
  let nextBatch = input.carry?.nextBatch ?? 1;
  let started = 0;
  // fingerprint -> [batch number, received at (ms)]
  const recent = new Map<string, [number, number]>(
    (input.carry?.recent ?? []).map(([k, n, at]) => [k, [n, at]]),
  );
  const submissionId = (n: number) => `${workflowId}-${chain}-${n}`;

  setHandler(intakeStateQuery, () => ({
    regulation: input.regulation,
    open: batches.map((b) => ({
      submissionId: submissionId(b.number),
      subjects: b.subjects.length,
      startsBy: new Date(b.closesAt).toISOString(),
      // As the submission will compute it: from the batch's earliest request.
      dueAt: dueDate(
        input.regulation,
        new Date(b.subjects.map((s) => s.receivedAt).sort()[0] ?? Date.now()),
      ).toISOString(),
    })),
    started,
  }));

  setHandler(
    addSubjectUpdate,
    (subject) => {
      const print = fingerprint(subject);
      const seen = recent.get(print);
      if (!seen && recent.size >= MAX_RECENT) {
        // Forgetting a fingerprint younger than a day could let a retry through twice: push back instead.
        throw ApplicationFailure.create({
          type: 'INTAKE_FULL',
          message: `this intake took ${MAX_RECENT} requests in a day; send large sets with submit()`,
        });
      }
      if (seen) {
        const open = batches.find((b) => b.number === seen[0]);
        return {
          submissionId: submissionId(seen[0]),
          duplicate: true,
          startsBy: new Date(open?.closesAt ?? seen[1]).toISOString(),
        };
      }
      let batch = batches[batches.length - 1];
      const sameKey = batch?.subjects.some((s) => s.user.key === subject.user.key);
      if (!batch || batch.sealed || batch.subjects.length >= LIMITS.usersPerRequest || sameKey) {
        batch = {
          number: nextBatch++,
          closesAt: Date.now() + input.windowSeconds * 1000,
          sealed: false,
          subjects: [],
        };
        batches.push(batch);
      }
      batch.subjects.push(subject);
      recent.set(print, [batch.number, Date.now()]);
      return {
        submissionId: submissionId(batch.number),
        duplicate: false,
        startsBy: new Date(batch.closesAt).toISOString(),
      };
    },
    {
      // Refused here, a bad request never enters history.
      validator(subject) {
        const verdict = validateCreateJobsRequest(
          {
            companyContexts: [{ namespace: 'imsOrgID', value: input.orgId }],
            users: [subject.user],
            include: input.include,
            regulation: input.regulation,
          },
          { orgId: input.orgId },
        );
        if (!verdict.ok) {
          throw ApplicationFailure.create({
            type: 'INVALID_REQUEST',
            nonRetryable: true,
            message: verdict.issues.map((i) => i.message).join('; '),
            details: [verdict.issues],
          });
        }
      },
    },
  );

  for (;;) {
    await condition(() => batches.length > 0);
    const batch = batches[0]!;
    await condition(
      () => batch.subjects.length >= LIMITS.usersPerRequest,
      Math.max(0, batch.closesAt - Date.now()),
    );
    batch.sealed = true;
    const receivedAt = batch.subjects.map((s) => s.receivedAt).sort()[0]!;
    const args: SubmissionInput = {
      request: {
        companyContexts: [{ namespace: 'imsOrgID', value: input.orgId }],
        users: batch.subjects.map((s) => s.user),
        include: input.include,
        regulation: input.regulation,
      },
      orgId: input.orgId,
      // The deadline runs from the earliest request of the batch.
      receivedAt,
      subjectHashes: Object.fromEntries(batch.subjects.map((s) => [s.user.key, s.subjectHash])),
      polling: input.polling,
      source: `intake ${workflowId}`,
    };
    await startChild(SUBMISSION_WORKFLOW, {
      workflowId: submissionId(batch.number),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [args],
    });
    batches.shift();
    started++;

    const cutoff = Date.now() - DAY_MS;
    for (const [print, [, at]] of recent) if (at < cutoff) recent.delete(print);
    // Carried state stays well under the 2 MB payload limit: ~40 bytes a fingerprint, open batches aside.
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > 2000) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof privacyIntake>({
        ...input,
        carry: { nextBatch, open: batches, recent: [...recent].map(([k, [n, at]]) => [k, n, at]) },
      });
    }
  }
}

/** What makes two requests the same: the caller's request id, else key, actions and ids. FNV-1a, 64 bits. */
function fingerprint(subject: IntakeSubject): string {
  const text =
    subject.requestId !== undefined
      ? `id:${subject.requestId}`
      : `${subject.user.key}|${[...subject.user.action].sort().join(',')}|${subject.user.userIDs
          .map((u) => `${u.namespace.toLowerCase()}:${u.type}:${u.value}`)
          .sort()
          .join(',')}`;
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
