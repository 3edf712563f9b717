/** Largest record accepted, in characters. Real Entra records are a few KB; anything near this is damage. */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024

/** At most this many issues are kept per file; the rest are only counted. */
export const MAX_ISSUES_PER_FILE = 1000

/** Characters of a rejected record kept next to its issue, so the case shows what was skipped. */
export const ISSUE_EXCERPT_CHARS = 2000
