// Statutory deadlines for answering a data subject, first period only (no extensions). Pure.
// GDPR: one month (Art. 12(3)); CCPA/CPRA and most US state laws: 45 days; LGPD: 15 days.

const DAYS: Readonly<Record<string, number>> = {
  gdpr: 30,
  lgpd_bra: 15,
  pipa_kor: 10,
  apa_aus: 30,
  nzpa_nzl: 20,
  pdpa_tha: 30,
  ql25_qc_can: 30,
  hipaa_usa: 30,
};
const US_STATE_DEFAULT_DAYS = 45;

export function responseDays(regulation: string): number {
  return DAYS[regulation] ?? US_STATE_DEFAULT_DAYS;
}

/** The date by which the request must be answered, from when it was received. */
export function dueDate(regulation: string, receivedAt: Date): Date {
  if (regulation === 'gdpr') {
    const due = new Date(receivedAt);
    due.setUTCMonth(due.getUTCMonth() + 1);
    return due;
  }
  return new Date(receivedAt.getTime() + responseDays(regulation) * 86_400_000);
}
