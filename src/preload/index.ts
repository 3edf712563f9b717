/**
 * The one bridge between the sandboxed renderer and main: exactly the contract of
 * src/shared/ipc/contract.ts, nothing else (no ipcRenderer, no Node). Bundled as CommonJS
 * (sandboxed preloads cannot be ES modules).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import {
  CHANNELS,
  MAIN_EVENTS,
  type AuthtrailApi,
  type CallName,
  type Calls,
  type MainEventName,
  type MainEvents
} from '../shared/ipc/contract'
import { err, type Result } from '../shared/ipc/result'

function call<K extends Exclude<CallName, 'importDropped'>>(name: K) {
  return (arg: Calls[K]['arg']): Promise<Result<Calls[K]['value']>> =>
    ipcRenderer.invoke(CHANNELS[name], arg ?? {}) as Promise<Result<Calls[K]['value']>>
}

const api = {
  getState: call('getState'),
  newCase: call('newCase'),
  openCase: call('openCase'),
  saveCaseAs: call('saveCaseAs'),
  closeCase: call('closeCase'),
  chooseImport: call('chooseImport'),
  importDropped: async ({ files }) => {
    // Only File objects of a real drop (or file input) have a path: a page cannot make one up, so
    // the renderer cannot name arbitrary files for main to read.
    const paths: string[] = []
    for (const f of Array.isArray(files) ? files : []) {
      if (!(f instanceof File)) return err('invalid-argument', 'Only dropped files can be imported this way.')
      const path = webUtils.getPathForFile(f)
      if (!path) return err('invalid-argument', `${f.name} is not a file on this computer.`)
      paths.push(path)
    }
    if (paths.length === 0) return err('invalid-argument', 'Nothing was dropped.')
    return ipcRenderer.invoke(CHANNELS.importDropped, { paths }) as Promise<
      Result<Calls['importDropped']['value']>
    >
  },
  cancelImport: call('cancelImport'),
  listFiles: call('listFiles'),
  fileIssues: call('fileIssues'),
  queryPage: call('queryPage'),
  facet: call('facet'),
  histogram: call('histogram'),
  eventDetail: call('eventDetail'),
  exportEvents: call('exportEvents'),
  scan: call('scan'),
  listFindings: call('listFindings'),
  findingDetail: call('findingDetail'),
  setTriage: call('setTriage'),
  listSuppressions: call('listSuppressions'),
  addSuppression: call('addSuppression'),
  removeSuppression: call('removeSuppression'),
  userView: call('userView'),
  entityView: call('entityView'),
  annotate: call('annotate'),
  listAnnotations: call('listAnnotations'),
  listTags: call('listTags'),
  caseLog: call('caseLog'),
  verifyCase: call('verifyCase'),
  exportReport: call('exportReport'),
  on<E extends MainEventName>(event: E, listener: (payload: MainEvents[E]) => void): () => void {
    if (!(MAIN_EVENTS as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`)
    const handler = (_event: Electron.IpcRendererEvent, payload: MainEvents[E]): void => listener(payload)
    ipcRenderer.on(event, handler)
    return () => {
      ipcRenderer.removeListener(event, handler)
    }
  }
} satisfies AuthtrailApi

contextBridge.exposeInMainWorld('api', api)
