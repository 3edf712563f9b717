import type { Database } from 'better-sqlite3'

/**
 * Detection results and what the investigator tells Authtrail about the tenant.
 *
 * findings: one row per finding, keyed by its stable id (rule + users + anchor fingerprint), so a
 * re-scan updates rows in place and anything attached to a finding id (triage) survives it.
 * finding_users / finding_evidence index findings by user and by event for the UI's pivots.
 * rule_runs: the latest outcome of each rule (ran, or could not run and why).
 * case_lists: VIP and break-glass accounts, twin accounts, trusted and Microsoft service addresses.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE findings (
      id            TEXT PRIMARY KEY,
      rule          TEXT NOT NULL,
      severity      TEXT NOT NULL,
      severity_rank INTEGER NOT NULL,
      start_ts      INTEGER NOT NULL,
      end_ts        INTEGER NOT NULL,
      users         TEXT NOT NULL,
      evidence      TEXT NOT NULL,
      summary       TEXT NOT NULL,
      facts         TEXT NOT NULL,
      first_scan    INTEGER NOT NULL,
      last_scan     INTEGER NOT NULL
    );
    CREATE INDEX findings_rule ON findings(rule, start_ts);
    CREATE INDEX findings_severity ON findings(severity_rank, start_ts);
    CREATE INDEX findings_start ON findings(start_ts);

    CREATE TABLE finding_users (
      finding_id TEXT NOT NULL,
      user       TEXT NOT NULL,
      PRIMARY KEY (finding_id, user)
    ) WITHOUT ROWID;
    CREATE INDEX finding_users_user ON finding_users(user);

    CREATE TABLE finding_evidence (
      finding_id TEXT NOT NULL,
      event_id   INTEGER NOT NULL,
      position   INTEGER NOT NULL,
      PRIMARY KEY (finding_id, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX finding_evidence_event ON finding_evidence(event_id);

    CREATE TABLE scans (
      id          INTEGER PRIMARY KEY,
      started_at  TEXT NOT NULL,
      finished_at TEXT NOT NULL,
      events      INTEGER NOT NULL,
      rules       TEXT NOT NULL,
      findings    INTEGER NOT NULL
    );

    CREATE TABLE rule_runs (
      rule     TEXT PRIMARY KEY,
      scan_id  INTEGER NOT NULL,
      status   TEXT NOT NULL,
      reason   TEXT,
      findings INTEGER NOT NULL
    );

    CREATE TABLE case_lists (
      list     TEXT NOT NULL,
      value    TEXT NOT NULL,
      note     TEXT,
      added_at TEXT NOT NULL,
      PRIMARY KEY (list, value)
    ) WITHOUT ROWID;
  `)
}
