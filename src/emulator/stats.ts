// Call counters for tests and benchmarks: how many calls each route got, keyed by the route template.

export class Stats {
  calls: Record<string, number> = {};
  tokensIssued = 0;
  jobsCreated = 0;
  /** Privacy events: made, delivered to a webhook, failed attempts, and given up after the last retry. */
  events = { emitted: 0, delivered: 0, failedAttempts: 0, abandoned: 0 };

  count(routeKey: string): void {
    this.calls[routeKey] = (this.calls[routeKey] ?? 0) + 1;
  }

  reset(): void {
    this.calls = {};
    this.tokensIssued = 0;
    this.jobsCreated = 0;
    this.events = { emitted: 0, delivered: 0, failedAttempts: 0, abandoned: 0 };
  }
}
