import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand, RecentCase } from '../../shared/ipc/contract'

export interface MenuActions {
  newCase(): void
  openCase(): void
  openRecent(path: string): void
  saveCaseAs(): void
  closeCase(): void
  importFiles(): void
  importFolder(): void
  /** Commands the renderer carries out (it knows the current filter). */
  command(command: MenuCommand): void
  quit(): void
}

export interface MenuState {
  platform: NodeJS.Platform
  hasCase: boolean
  importing: boolean
  recent: RecentCase[]
  devTools: boolean
}

/** The application menu as data (no `electron` runtime import), so labels and shortcuts are tested. */
export function menuTemplate(actions: MenuActions, state: MenuState): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin'
  const idle = !state.importing
  const recent: MenuItemConstructorOptions[] = state.recent.length
    ? state.recent.map((r) => ({
        label: r.path,
        enabled: r.exists && idle,
        click: () => actions.openRecent(r.path)
      }))
    : [{ label: 'No recent cases', enabled: false }]
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Case…', accelerator: 'CmdOrCtrl+N', enabled: idle, click: () => actions.newCase() },
      { label: 'Open Case…', accelerator: 'CmdOrCtrl+O', enabled: idle, click: () => actions.openCase() },
      { label: 'Open Recent', submenu: recent },
      {
        label: 'Save Case As…',
        accelerator: 'CmdOrCtrl+Shift+S',
        enabled: state.hasCase && idle,
        click: () => actions.saveCaseAs()
      },
      { type: 'separator' },
      {
        label: 'Import Files…',
        accelerator: 'CmdOrCtrl+I',
        enabled: state.hasCase && idle,
        click: () => actions.importFiles()
      },
      {
        label: 'Import Folder…',
        accelerator: 'CmdOrCtrl+Shift+I',
        enabled: state.hasCase && idle,
        click: () => actions.importFolder()
      },
      {
        label: 'Export…',
        accelerator: 'CmdOrCtrl+E',
        enabled: state.hasCase,
        click: () => actions.command('export')
      },
      {
        label: 'Export Report…',
        accelerator: 'CmdOrCtrl+Shift+E',
        enabled: state.hasCase && idle,
        click: () => actions.command('report')
      },
      { type: 'separator' },
      {
        label: 'Close Case',
        accelerator: 'CmdOrCtrl+W',
        enabled: state.hasCase && idle,
        click: () => actions.closeCase()
      },
      ...(mac
        ? []
        : ([
            { type: 'separator' },
            { label: 'Quit', accelerator: 'Ctrl+Q', click: () => actions.quit() }
          ] as const))
    ]
  }
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { label: 'Filter…', accelerator: 'CmdOrCtrl+F', click: () => actions.command('focus-filter') },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(state.devTools ? ([{ type: 'separator' }, { role: 'toggleDevTools' }] as const) : [])
    ]
  }
  return [
    ...(mac
      ? [
          {
            label: 'Authtrail',
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { label: 'Quit Authtrail', accelerator: 'Cmd+Q', click: () => actions.quit() }
            ]
          } satisfies MenuItemConstructorOptions
        ]
      : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' }
  ]
}
