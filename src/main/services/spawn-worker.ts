import { Worker, type WorkerOptions } from 'node:worker_threads'

export type ServiceWorker = 'query-worker'

/**
 * Starts a worker that lives beside this module. Bundled, it is `<name>.js` next to the main
 * bundle (electron.vite.config.ts keeps every chunk in out/main, so this relative URL holds from any
 * chunk); from source (tests, the harness) it is the `.ts` file, started through a tsx bootstrap
 * because Node 20 does not apply `--import` loaders to a worker's entry module.
 */
export function spawnWorker(name: ServiceWorker, options: WorkerOptions): Worker {
  const here = import.meta.url
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), options)
  const entry = new URL(`./${name}.ts`, here).href
  const api = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(bootstrap, { ...options, eval: true })
}
