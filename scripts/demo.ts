/**
 * npm run demo: imports the bundled sample tenant (samples/, without the deliberately broken
 * files and the answer key) into demo.authtrail, summarises it and scans it with the whole
 * detection catalog (high and critical findings shown), then opens the case in the desktop app
 * when this machine can show it (a display, and Electron's binary installed); otherwise the CLI
 * summary is the demo. `npm run demo -- --cli` never starts the app. The case is rebuilt on every
 * run so the demo always shows the committed samples.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { main } from '../src/main/cli/main'
import { demoMode } from '../src/main/window/desktop-launch'

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
let code =
  (await main(['import', casePath, ...folders], io)) ||
  (await main(['info', casePath], io)) ||
  (await main(['scan', casePath, '--min-severity', 'high'], io))

if (code === 0) {
  const mode = demoMode({
    platform: process.platform,
    env: process.env,
    root,
    exists: existsSync,
    read: (p) => readFileSync(p, 'utf8'),
    forceCli: process.argv.includes('--cli')
  })
  if (mode.mode === 'desktop') {
    process.stdout.write(`\nOpening ${casePath} in the desktop app (npm start)…\n`)
    // npm start builds the app, prepares better-sqlite3 for Electron, then runs `electron . <case>`.
    const child = spawn('npm', ['start', '--', casePath], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32'
    })
    code = await new Promise<number>((done) => {
      child.on('error', (e) => {
        process.stderr.write(`the desktop app could not start: ${e.message}\n`)
        done(1)
      })
      child.on('exit', (status) => done(status ?? 1))
    })
  } else {
    process.stdout.write(
      `\nDemo case: ${casePath} (the desktop app was not started: ${mode.reason})\n` +
        `Try: npx authtrail methods demo.authtrail --user daniel.kim@corp.example.com\n` +
        `     npx authtrail events demo.authtrail --user daniel.kim@corp.example.com --format csv\n`
    )
  }
}
process.exitCode = code
