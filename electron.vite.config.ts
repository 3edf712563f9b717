import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          // Workers are separate entries so they can be started with new Worker(file).
          'import-worker': resolve('src/main/import/import-worker.ts'),
          'parse-worker': resolve('src/main/import/parse-worker.ts'),
          'query-worker': resolve('src/main/services/query-worker.ts'),
          'scan-worker': resolve('src/main/scan/scan-worker.ts')
        },
        output: {
          // Shared chunks sit beside the entries, so `new URL('./<worker>.js', import.meta.url)`
          // resolves to the worker from whichever chunk the starting code ended up in.
          chunkFileNames: '[name]-[hash].js'
        }
      }
    }
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    plugins: [react()]
  }
})
