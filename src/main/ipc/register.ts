import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { CHANNELS } from '../../shared/ipc/contract'
import { err } from '../../shared/ipc/result'
import type { Dispatch } from '../services/dispatch'
import { isAppUrl, type PolicyOptions } from '../window/security-policy'

/** Whether an invoke came from the app's own top-level document (Electron checklist #17). */
export function trustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  options: PolicyOptions
): boolean {
  const frame = event.senderFrame
  if (!frame) return false
  // Sub-frames (there are none in this app) never get the contract.
  if (frame.parent !== null) return false
  return isAppUrl(frame.url, options)
}

/** One ipcMain.handle per channel of the contract, each checking its sender before dispatching. */
export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch, options: PolicyOptions): void {
  for (const channel of Object.values(CHANNELS)) {
    ipcMain.handle(channel, async (event, arg: unknown) => {
      if (!trustedSender(event, options)) return err('forbidden', 'This window may not use Authtrail’s data.')
      return dispatch(channel, arg)
    })
  }
}
