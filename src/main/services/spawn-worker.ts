import { Worker, type WorkerOptions } from 'node:worker_threads'
import { AppFailure } from '../../shared/ipc/result'

/** Worker entries, with where each lives in the source tree (relative to this file). */
const SOURCES = {
  'query-worker': './query-worker.ts',
  'scan-worker': '../scan/scan-worker.ts'
} as const

export type ServiceWorker = keyof typeof SOURCES

/**
 * Starts a worker. Bundled, it is `<name>.js` next to the main bundle (electron.vite.config.ts has
 * an entry for each and keeps every chunk in out/main, so this relative URL holds from any chunk);
 * from source (tests, the harness) it is the `.ts` file, started through a tsx bootstrap because
 * Node 20 does not apply `--import` loaders to a worker's entry module.
 */
export function spawnWorker(name: ServiceWorker, options: WorkerOptions): Worker {
  const here = import.meta.url
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), options)
  const entry = new URL(SOURCES[name], here).href
  const api = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(bootstrap, { ...options, eval: true })
}

/**
 * Waits for a one-shot worker's answer and then ends the worker. `onMessage` returns `{ value }` to
 * finish, null to keep listening (progress messages), or throws to fail; a worker error or an exit
 * before the answer fails with "<what> failed" / "<what> stopped unexpectedly".
 */
export function workerAnswer<T, M>(
  worker: Worker,
  what: string,
  onMessage: (msg: M) => { value: T } | null
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false
    const settle = (fn: () => void): void => {
      if (settled) return
      settled = true
      void worker.terminate()
      fn()
    }
    worker.on('message', (msg: M) => {
      let answer: { value: T } | null
      try {
        answer = onMessage(msg)
      } catch (e) {
        settle(() => reject(e))
        return
      }
      if (answer) settle(() => resolve(answer.value))
    })
    worker.once('error', (err) =>
      settle(() => reject(new AppFailure('internal', `${what} failed.`, String(err))))
    )
    worker.once('exit', (code) =>
      settle(() => reject(new AppFailure('internal', `${what} stopped unexpectedly (exit ${code}).`)))
    )
  })
}
