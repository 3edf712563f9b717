import { contextBridge } from 'electron'

// The typed API surface is added with the IPC contract; until then the renderer sees only a version.
contextBridge.exposeInMainWorld('authtrail', { version: '0.1.0' })
