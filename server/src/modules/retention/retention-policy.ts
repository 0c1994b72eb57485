/** Retention periods promised by the policies (seed 001 §6, seed 000 §3). One place for each. */
export const DAY_MS = 24 * 60 * 60 * 1000;

export const RETENTION = {
  /** Web server logs: "retained for up to 90 days … then automatically purged". */
  accessLogsDays: 90,
  /**
   * Sign-in records (IP address, browser) are server-log data: deleted 90 days after sign-in.
   * A session lasts 7 days, so only long-ended ones go (and none can outlive its record).
   */
  sessionsDays: 90,
  /** Payment records: "a minimum of 7 years"; deleted after that. */
  paymentsYears: 7,
  /** The outbox holds addresses; long enough to read in development and to retry failed mail. */
  outboxDays: 30,
  /** The scheduler's own history. */
  retentionRunsDays: 365,
} as const;

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Calendar years back (leap days included), in UTC. */
export function yearsBefore(now: Date, years: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}
