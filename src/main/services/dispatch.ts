import { CALL_BY_CHANNEL, type CallName, type WireHandlers } from '../../shared/ipc/contract'
import { err, type Result } from '../../shared/ipc/result'
import { ValidationError, VALIDATORS } from '../../shared/ipc/validate'
import { toErr } from './app-services'

export type Dispatch = (channel: string, arg: unknown) => Promise<Result<unknown>>

/**
 * The one entry for every call from a renderer, whatever the transport (Electron IPC or the
 * loopback harness): unknown channels are refused, the argument is validated, the handler's
 * failures come back as error Results.
 */
export function createDispatcher(handlers: WireHandlers): Dispatch {
  return async (channel, arg) => {
    const call = CALL_BY_CHANNEL.get(channel)
    if (!call) return err('invalid-argument', `unknown call '${channel}'`)
    let valid: unknown
    try {
      valid = VALIDATORS[call](arg)
    } catch (e) {
      if (e instanceof ValidationError) return err('invalid-argument', `Invalid request: ${e.message}`)
      return toErr(e)
    }
    try {
      const handler = handlers[call] as (a: unknown) => Promise<Result<unknown>>
      return await handler(valid)
    } catch (e) {
      return toErr(e)
    }
  }
}

export type { CallName }
