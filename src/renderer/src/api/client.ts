import { useEffect, useRef } from 'react'
import type { AuthtrailApi, CallName, Calls, MainEventName, MainEvents } from '../../../shared/ipc/contract'
import type { AppError, ErrorCode } from '../../../shared/ipc/result'

/** A failed call, thrown by `call` so components can use try/catch; `code` is the contract's. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly details: string | undefined
  constructor(error: AppError) {
    super(error.message)
    this.code = error.code
    this.details = error.details
  }
}

function api(): AuthtrailApi {
  return window.api
}

/** Calls main and returns the value, or throws ApiError with the contract's code and message. */
export async function call<K extends CallName>(name: K, arg: Calls[K]['arg']): Promise<Calls[K]['value']> {
  const fn = api()[name] as (a: Calls[K]['arg']) => ReturnType<AuthtrailApi[K]>
  const result = await fn(arg)
  if (!result.ok) throw new ApiError(result.error)
  return result.value as Calls[K]['value']
}

/** Imports files dropped on the window (the preload turns the File objects into paths). */
export async function importDropped(files: File[]): Promise<Calls['importDropped']['value']> {
  const result = await api().importDropped({ files })
  if (!result.ok) throw new ApiError(result.error)
  return result.value
}

/** Subscribes to a push event for the component's lifetime; the latest handler is always used. */
export function useMainEvent<E extends MainEventName>(
  event: E,
  handler: (payload: MainEvents[E]) => void
): void {
  const ref = useRef(handler)
  useEffect(() => {
    ref.current = handler
  })
  useEffect(() => api().on(event, (payload) => ref.current(payload)), [event])
}

/** A failure as the analyst reads it: the contract's message, and main's detail when it gave one. */
export interface ErrorParts {
  message: string
  details: string | null
}

export function errorParts(e: unknown): ErrorParts {
  if (e instanceof ApiError) return { message: e.message, details: e.details ?? null }
  return { message: errorText(e), details: null }
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof Error) return e.message
  return String(e)
}
