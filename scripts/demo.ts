/**
 * npm run demo: imports the bundled sample tenant (samples/, without the deliberately broken
 * files and the answer key) into demo.authtrail, summarises it and scans it with the whole
 * detection catalog (high and critical findings shown). The case is rebuilt on every run so the
 * demo always shows the committed samples.
 */
import { readdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { main } from '../src/main/cli/main'

const root = resolve(import.meta.dirname, '..')
const samples = join(root, 'samples')
const casePath = join(root, 'demo.authtrail')
const folders = readdirSync(samples, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'broken')
  .map((e) => join(samples, e.name))

for (const suffix of ['', '-wal', '-shm']) rmSync(casePath + suffix, { force: true })
const io = {
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
  isTty: process.stderr.isTTY === true
}
const code =
  (await main(['import', casePath, ...folders], io)) ||
  (await main(['info', casePath], io)) ||
  (await main(['scan', casePath, '--min-severity', 'high'], io))
if (code === 0) {
  process.stdout.write(
    `\nDemo case: ${casePath}\nTry: npx authtrail methods demo.authtrail --user daniel.kim@corp.example.com\n     npx authtrail events demo.authtrail --user daniel.kim@corp.example.com --format csv\n`
  )
}
process.exitCode = code
