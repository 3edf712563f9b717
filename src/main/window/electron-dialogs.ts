import { dialog, type BrowserWindow } from 'electron'
import type { ReportFormat } from '../../shared/ipc/case-work'
import type { ExportFormat } from '../../shared/ipc/contract'
import type { Dialogs } from '../services/dialogs'

const CASE_FILTER = { name: 'Authtrail case', extensions: ['authtrail'] }

/** The native dialogs: the only source of paths for services besides files dropped on the window. */
export function electronDialogs(window: () => BrowserWindow | null): Dialogs {
  const parent = (): BrowserWindow | undefined => window() ?? undefined
  const open = async (options: Electron.OpenDialogOptions): Promise<string[] | null> => {
    const w = parent()
    const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options)
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths
  }
  const save = async (options: Electron.SaveDialogOptions): Promise<string | null> => {
    const w = parent()
    const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options)
    return r.canceled || !r.filePath ? null : r.filePath
  }
  return {
    openCase: async () =>
      (await open({ title: 'Open case', properties: ['openFile'], filters: [CASE_FILTER] }))?.[0] ?? null,
    newCase: (name) =>
      save({ title: 'New case', defaultPath: name, filters: [CASE_FILTER], buttonLabel: 'Create' }),
    saveCaseAs: (name) => save({ title: 'Save case as', defaultPath: name, filters: [CASE_FILTER] }),
    importPaths: (folders) =>
      open({
        title: folders ? 'Import folders of exports' : 'Import export files',
        buttonLabel: 'Import',
        properties: folders ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
        filters: folders
          ? []
          : [
              {
                name: 'Entra ID exports',
                extensions: ['csv', 'json', 'jsonl', 'ndjson', 'log', 'txt', 'tsv']
              },
              { name: 'All files', extensions: ['*'] }
            ]
      }),
    exportPath: (name, format: ExportFormat) =>
      save({
        title: 'Export events',
        defaultPath: name,
        filters: [
          format === 'csv'
            ? { name: 'CSV', extensions: ['csv'] }
            : format === 'json'
              ? { name: 'JSON', extensions: ['json'] }
              : { name: 'JSON Lines', extensions: ['jsonl', 'ndjson'] }
        ]
      }),
    reportPath: (name, format: ReportFormat) =>
      save({
        title: format === 'timesketch' ? 'Export for Timesketch' : 'Save case report',
        defaultPath: name,
        filters: [
          format === 'html'
            ? { name: 'HTML report', extensions: ['html'] }
            : format === 'json'
              ? { name: 'JSON report', extensions: ['json'] }
              : { name: 'Timesketch JSON Lines', extensions: ['jsonl'] }
        ]
      })
  }
}
