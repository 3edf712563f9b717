import type { Database } from 'better-sqlite3'

/**
 * The case file. Normalized fields are columns (filters and indexes); the records themselves are
 * kept byte-for-byte per source in event_sources, so an event seen in two files keeps both texts.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );

    CREATE TABLE files (
      id          INTEGER PRIMARY KEY,
      path        TEXT NOT NULL,
      name        TEXT NOT NULL,
      sha256      TEXT NOT NULL UNIQUE,
      size        INTEGER NOT NULL,
      format      TEXT NOT NULL,
      layout      TEXT,
      encoding    TEXT NOT NULL,
      csv_header  TEXT,
      records     INTEGER NOT NULL DEFAULT 0,
      imported    INTEGER NOT NULL DEFAULT 0,
      duplicates  INTEGER NOT NULL DEFAULT 0,
      rejected    INTEGER NOT NULL DEFAULT 0,
      auth_details INTEGER NOT NULL DEFAULT 0,
      issues_total INTEGER NOT NULL DEFAULT 0,
      notes       TEXT NOT NULL DEFAULT '[]',
      imported_at TEXT NOT NULL
    );

    CREATE TABLE events (
      id                 INTEGER PRIMARY KEY,
      kind               TEXT NOT NULL,
      ts                 INTEGER NOT NULL,
      activity           TEXT,
      activity_key       TEXT,
      category           TEXT,
      service            TEXT,
      operation_type     TEXT,
      result             TEXT,
      result_reason      TEXT,
      error_code         INTEGER,
      actor_type         TEXT,
      actor_upn          TEXT,
      actor_id           TEXT,
      actor_name         TEXT,
      actor_app_id       TEXT,
      ip                 TEXT,
      user_agent         TEXT,
      target_type        TEXT,
      target_upn         TEXT,
      target_id          TEXT,
      target_name        TEXT,
      user_upn           TEXT,
      user_id            TEXT,
      method             TEXT,
      method_detail      TEXT,
      correlation_id     TEXT,
      session_id         TEXT,
      request_id         TEXT,
      app_name           TEXT,
      app_id             TEXT,
      resource           TEXT,
      client_app         TEXT,
      interactive        INTEGER,
      country            TEXT,
      city               TEXT,
      asn                INTEGER,
      risk_level         TEXT,
      risk_state         TEXT,
      risk_event_types   TEXT,
      auth_requirement   TEXT,
      auth_methods       TEXT,
      device_id          TEXT,
      device_name        TEXT,
      os                 TEXT,
      browser            TEXT,
      conditional_access TEXT,
      modified_properties TEXT,
      native_id          TEXT,
      fp                 TEXT NOT NULL,
      mirror_of          INTEGER
    );

    CREATE TABLE event_sources (
      id       INTEGER PRIMARY KEY,
      event_id INTEGER NOT NULL,
      file_id  INTEGER NOT NULL,
      line     INTEGER NOT NULL,
      raw      TEXT NOT NULL
    );

    CREATE TABLE auth_details (
      id            INTEGER PRIMARY KEY,
      file_id       INTEGER NOT NULL,
      line          INTEGER NOT NULL,
      request_id    TEXT NOT NULL,
      ts            INTEGER,
      label         TEXT,
      method        TEXT,
      detail        TEXT,
      succeeded     INTEGER,
      result_detail TEXT,
      requirement   TEXT,
      raw           TEXT NOT NULL
    );

    CREATE TABLE import_issues (
      id      INTEGER PRIMARY KEY,
      file_id INTEGER NOT NULL,
      line    INTEGER,
      reason  TEXT NOT NULL,
      excerpt TEXT
    );

    -- Identity: the exporter's id when there is one, a content fingerprint otherwise. Two records
    -- with the same id are one event only if their fingerprints agree too (test data reuses ids for
    -- different events), so the fingerprint index serves both look-ups.
    CREATE INDEX events_fp ON events(fp);
    -- Filters of the CLI and the explorer, each ending in ts so time ranges and ordering use them.
    CREATE INDEX events_ts ON events(ts);
    CREATE INDEX events_kind_ts ON events(kind, ts);
    CREATE INDEX events_user_ts ON events(user_upn, ts);
    CREATE INDEX events_activity_ts ON events(activity_key, ts);
    CREATE INDEX events_ip_ts ON events(ip, ts);
    CREATE INDEX events_method_ts ON events(method, ts);
    CREATE INDEX events_correlation ON events(correlation_id);
    CREATE INDEX events_request ON events(request_id);
    CREATE INDEX event_sources_event ON event_sources(event_id);
    CREATE INDEX event_sources_file ON event_sources(file_id);
    CREATE INDEX auth_details_request ON auth_details(request_id);
    CREATE INDEX import_issues_file ON import_issues(file_id);

    -- Free-text search; contentless because the text is in events already. Filled after imports.
    CREATE VIRTUAL TABLE events_fts USING fts5(
      body,
      content = '',
      contentless_delete = 1,
      tokenize = "unicode61 tokenchars '.-_@:'"
    );
  `)
}
