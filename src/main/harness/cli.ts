/**
 * `npm run harness -- [--case FILE] [--answer-import PATH]…`: serves the built renderer against the
 * real services on 127.0.0.1 and prints the URL (with its token) to open in a browser. Dialogs have
 * no window here: --answer-import queues the paths the next "Import files…" dialogs return, and
 * --case opens (or creates) the case.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startHarness } from './server'

const { values } = parseArgs({
  options: {
    case: { type: 'string' },
    'answer-import': { type: 'string', multiple: true },
    port: { type: 'string' },
    renderer: { type: 'string', default: 'out/renderer' }
  }
})

const rendererRoot = resolve(values.renderer)
if (!existsSync(join(rendererRoot, 'index.html'))) {
  console.error(`${rendererRoot}/index.html is missing: run "npx electron-vite build" first`)
  process.exit(1)
}
const harness = await startHarness({
  rendererRoot,
  dataDir: mkdtempSync(join(tmpdir(), 'authtrail-harness-')),
  ...(values.port ? { port: Number(values.port) } : {}),
  log: (l) => console.error(l)
})
for (const p of values['answer-import'] ?? []) harness.dialogs.answer('importPaths', [resolve(p)])
if (values.case) {
  const path = resolve(values.case)
  if (existsSync(path)) await harness.services.session.open(path)
  else await harness.services.session.create(path)
}
console.log(`Authtrail harness: ${harness.url}`)
const stop = (): void => {
  void harness.close().then(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
