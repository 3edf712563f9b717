import type { Database } from 'better-sqlite3'

/**
 * What the investigator adds to the case (issue 6). None of it touches the evidence tables.
 *
 * triage: one row per finding id the analyst has judged. Keyed by the finding's stable id, not a
 *   foreign key, so a re-scan that drops and re-creates a finding keeps its triage.
 * suppressions: hide a rule's findings for one user or one IP; reversible (removed_at), never deleted,
 *   so the case log and the report can say what was hidden and when.
 * annotations: per event, a star and a comment; annotation_tags: its tags (lower-case, trimmed).
 * case_log: every analyst action (import, scan, triage, annotate, suppress, export, report), in
 *   order. Each entry's hash is SHA-256 over the previous entry's hash and this entry's canonical
 *   text (see src/main/db/case-log.ts), so editing, removing or reordering an entry breaks the chain
 *   that `authtrail verify` checks.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE triage (
      finding_id TEXT PRIMARY KEY,
      status     TEXT NOT NULL,
      note       TEXT,
      updated_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX triage_status ON triage(status);

    CREATE TABLE suppressions (
      id         INTEGER PRIMARY KEY,
      rule       TEXT NOT NULL,
      scope      TEXT NOT NULL,
      value      TEXT NOT NULL,
      note       TEXT,
      created_at TEXT NOT NULL,
      removed_at TEXT
    );
    CREATE INDEX suppressions_active ON suppressions(rule, scope, value) WHERE removed_at IS NULL;

    CREATE TABLE annotations (
      event_id   INTEGER PRIMARY KEY,
      starred    INTEGER NOT NULL DEFAULT 0,
      comment    TEXT,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX annotations_starred ON annotations(event_id) WHERE starred = 1;

    CREATE TABLE annotation_tags (
      event_id INTEGER NOT NULL,
      tag      TEXT NOT NULL,
      PRIMARY KEY (event_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX annotation_tags_tag ON annotation_tags(tag, event_id);

    CREATE TABLE case_log (
      seq       INTEGER PRIMARY KEY,
      at        TEXT NOT NULL,
      action    TEXT NOT NULL,
      summary   TEXT NOT NULL,
      detail    TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash      TEXT NOT NULL
    );
  `)
}
