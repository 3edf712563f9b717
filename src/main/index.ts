/**
 * The Electron shell: lifecycle, window, menu and IPC wiring only. Everything the app does lives
 * in plain Node services (src/main/services), shared with the loopback test harness.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron'
import type { MainEvents } from '../shared/ipc/contract'
import { registerIpc } from './ipc/register'
import { createAppServices, type AppServices } from './services/app-services'
import { createDispatcher } from './services/dispatch'
import { chooseNativeBinding } from './services/native-binding'
import { registerAppScheme, serveRenderer } from './window/app-protocol'
import { electronDialogs } from './window/electron-dialogs'
import { guardSession, guardWebContents } from './window/guards'
import { caseFromArgv, launchDialogs } from './window/launch-args'
import { createMainWindow } from './window/main-window'
import { menuTemplate } from './window/menu-template'
import { APP_ENTRY } from './window/security-policy'

// Sandbox every renderer, whatever a window's options say (docs/tutorial/sandbox.md).
app.enableSandbox()
registerAppScheme()
guardWebContents(app)

const devServer = process.env.ELECTRON_RENDERER_URL ?? null
const policy = { devServer: app.isPackaged ? null : devServer }

let win: BrowserWindow | null = null
let services: AppServices | null = null
const launch = launchDialogs(electronDialogs(() => win))
/** A case handed over before the services exist (macOS open-file comes before ready). */
let pendingCase: string | null = null

/** Opens a case named by a launch (argv, a second launch, a file association) as if chosen in the dialog. */
function openLaunchCase(path: string | null): void {
  if (path === null) return
  if (!services) {
    pendingCase = path
    return
  }
  launch.queue(path)
  void services.handlers.openCase({ recent: null }).then(showFailure)
}

function emit<E extends keyof MainEvents>(event: E, payload: MainEvents[E]): void {
  if (win && !win.isDestroyed()) win.webContents.send(event, payload)
  if (event === 'case:changed' || event === 'import:started' || event === 'import:finished') refreshMenu()
}

function refreshMenu(): void {
  const s = services
  const state = s ? s.session.summary() : null
  const actions = {
    newCase: () => void s?.handlers.newCase({}).then(showFailure),
    openCase: () => void s?.handlers.openCase({ recent: null }).then(showFailure),
    openRecent: (path: string) => void s?.handlers.openCase({ recent: path }).then(showFailure),
    saveCaseAs: () => void s?.handlers.saveCaseAs({}).then(showFailure),
    closeCase: () => void s?.handlers.closeCase({}),
    importFiles: () => void s?.handlers.chooseImport({ folders: false }).then(showFailure),
    importFolder: () => void s?.handlers.chooseImport({ folders: true }).then(showFailure),
    command: (command: MainEvents['menu:command']['command']) => emit('menu:command', { command }),
    quit: () => app.quit()
  }
  const menu = menuTemplate(actions, {
    platform: process.platform,
    hasCase: state !== null,
    importing: s?.imports.busy ?? false,
    recent: s ? s.recent() : [],
    devTools: !app.isPackaged
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu))
}

function showFailure(result: { ok: boolean; error?: { message: string } }): void {
  if (!result.ok && result.error && result.error.message)
    dialog.showErrorBox('Authtrail', result.error.message)
}

function start(): void {
  guardSession(session.defaultSession, policy, (url) => console.warn(`blocked request: ${url}`))
  serveRenderer(join(import.meta.dirname, '../renderer'))

  const binding = chooseNativeBinding({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    target: {
      platform: process.platform,
      arch: process.arch,
      electronVersion: process.versions.electron ?? ''
    },
    exists: existsSync
  })
  if (binding.problem) dialog.showErrorBox('Authtrail cannot open case files', binding.problem)

  services = createAppServices({
    dataDir: app.getPath('userData'),
    dialogs: launch.dialogs,
    emit,
    version: app.getVersion(),
    shell: 'electron',
    ...(binding.path ? { nativeBinding: binding.path } : {})
  })
  registerIpc(ipcMain, createDispatcher(services.handlers), policy)
  win = createMainWindow({
    preload: join(import.meta.dirname, '../preload/index.cjs'),
    url: policy.devServer ?? APP_ENTRY
  })
  win.on('closed', () => (win = null))
  refreshMenu()
  openLaunchCase(pendingCase ?? caseFromArgv(process.argv, process.cwd()))
  pendingCase = null
}

if (!app.requestSingleInstanceLock()) {
  // Another Authtrail is running: it gets focus (second-instance), this one leaves.
  app.quit()
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
    // `authtrail other.authtrail` while the app runs opens that case here.
    openLaunchCase(caseFromArgv(argv, workingDirectory))
  })
  // macOS hands files opened from the Finder (or `open -a Authtrail x.authtrail`) over as events.
  app.on('open-file', (event, path) => {
    event.preventDefault()
    openLaunchCase(path)
  })
  void app.whenReady().then(start)
  app.on('window-all-closed', () => app.quit())
  let closing = false
  app.on('before-quit', (event) => {
    if (closing || !services) return
    // Cancel a running import (it rolls back) and close the case before the process ends.
    event.preventDefault()
    closing = true
    void services.close().finally(() => app.quit())
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && services) {
      win = createMainWindow({
        preload: join(import.meta.dirname, '../preload/index.cjs'),
        url: policy.devServer ?? APP_ENTRY
      })
    }
  })
}
