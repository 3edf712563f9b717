import type { ScanResult } from '../../shared/ipc/case-work'
import { AppFailure } from '../../shared/ipc/result'
import { spawnWorker, workerAnswer } from '../services/spawn-worker'
import type { ScanWorkerData, ScanWorkerReply } from './scan-worker'

/** Scans the case in a worker thread (its own connection) and resolves with the result. */
export function scanInWorker(data: ScanWorkerData): Promise<ScanResult> {
  const worker = spawnWorker('scan-worker', { workerData: data })
  return workerAnswer(worker, 'The scan', (reply: ScanWorkerReply) => {
    if (reply.ok) return { value: reply.value }
    throw new AppFailure(
      reply.message.includes('busy') ? 'db-busy' : 'internal',
      reply.message,
      reply.details
    )
  })
}
