import type { Database } from 'better-sqlite3'

/**
 * Who held each phone number and Authenticator device, as the last full scan's method inventory
 * found it (ScanContext.inventory phoneHolders / tokenHolders), so the phone and device pages read
 * an index instead of searching the audit text and rebuilding the candidates' inventories
 * (520–790 ms at 1M events).
 *
 * kind 'phone': key is the normalized number (phoneKey). kind 'device': key is the lower-cased
 * push token, and a holding whose name differs from its token has a second row keyed by the
 * lower-cased name, so both lookups are one (kind, key) search. value is as logged; actor is who
 * registered it (null when it was already there when the data starts).
 *
 * Replaced wholesale by each full scan in the transaction that stores its findings (saveScan).
 * method_holders_scan names that scan: the rows are read only while no events were imported after
 * it, and a case scanned before this migration (no row) keeps the rebuild.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE method_holders (
      kind TEXT NOT NULL CHECK (kind IN ('phone', 'device')),
      key TEXT NOT NULL,
      user TEXT NOT NULL,
      value TEXT NOT NULL,
      first_ts INTEGER NOT NULL,
      evidence INTEGER NOT NULL,
      added INTEGER NOT NULL,
      actor TEXT
    );
    CREATE INDEX method_holders_kind_key ON method_holders(kind, key);
    CREATE TABLE method_holders_scan (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      scan_id INTEGER NOT NULL
    );
  `)
}
