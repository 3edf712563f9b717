#!/usr/bin/env node
// The authtrail CLI, run from source through tsx so that it needs no build step.
import { register } from 'tsx/esm/api'

register()
const { run } = await import('../src/main/cli/run.ts')
await run()
