import { main } from './main'

/** Process entry: real stdout/stderr (with back-pressure for big outputs) and the exit code. */
export async function run(): Promise<void> {
  const code = await main(process.argv.slice(2), {
    out: (text) => {
      process.stdout.write(text)
    },
    err: (text) => {
      process.stderr.write(text)
    },
    isTty: process.stderr.isTTY === true
  })
  process.exitCode = code
}
