import type { AuthtrailApi } from '../../shared/ipc/contract'

declare global {
  interface Window {
    /** The contract, exposed by the preload (Electron) or the loopback bridge (test harness). */
    readonly api: AuthtrailApi
  }
}

export {}
