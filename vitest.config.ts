import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Import tests spawn worker threads and child processes; two cores are all we have.
    maxWorkers: 2
  }
})
