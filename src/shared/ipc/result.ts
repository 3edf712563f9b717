/**
 * Errors cross the process boundary as data: `ipcMain.handle` keeps only an error's message, so
 * every call returns a Result whose error carries a closed code the UI can act on and a message a
 * responder can read (STYLE.md §2).
 */

export const ERROR_CODES = [
  'invalid-argument',
  'no-case',
  'not-found',
  'unsupported-format',
  'encoding',
  'db-busy',
  'busy',
  'cancelled',
  'forbidden',
  /** A file or folder outside the case could not be read or written (missing folder, no permission, disk full). */
  'file-system',
  'internal'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface AppError {
  code: ErrorCode
  /** A sentence for the user. */
  message: string
  /** Technical detail for the log or a "details" disclosure; never needed to understand the message. */
  details?: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function err<T = never>(code: ErrorCode, message: string, details?: string): Result<T> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } }
}

/** Thrown inside services and turned into an `err` Result at the boundary. */
export class AppFailure extends Error {
  readonly code: ErrorCode
  readonly details: string | undefined
  constructor(code: ErrorCode, message: string, details?: string) {
    super(message)
    this.code = code
    this.details = details
  }
}

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.message === 'string'
  )
}
