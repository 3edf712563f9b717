import { BrowserWindow } from 'electron'

export interface MainWindowOptions {
  preload: string
  url: string
}

/** The one window, with the security defaults of STYLE.md §8 stated explicitly. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1480,
    height: 920,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#0f1419',
    title: 'Authtrail',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !process.env.AUTHTRAIL_NO_DEVTOOLS
    }
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(options.url)
  return win
}
