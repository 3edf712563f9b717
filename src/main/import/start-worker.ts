import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * Starts one of the main-process workers. Bundled (electron-vite), each worker is a `.js` entry
 * beside this module's bundle. From source (CLI, tests) it is the `.ts` file: Node 20 does not
 * apply `--import` loaders to a worker's entry module, so a tiny bootstrap registers tsx first
 * and then imports the worker.
 */
export function startWorker(name: 'parse-worker' | 'import-worker', options: WorkerOptions): Worker {
  const here = import.meta.url
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), options)
  const entry = new URL(`./${name}.ts`, here).href
  const api = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(bootstrap, { ...options, eval: true })
}
