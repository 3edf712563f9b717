/**
 * The loopback harness: the real main-process services behind the same contract, served over
 * HTTP on 127.0.0.1 to the built renderer in an ordinary Chromium (the Electron binary cannot be
 * downloaded on the development machines). A dev and test tool, never part of the app:
 *  - bound to 127.0.0.1 on a random port; requests with another Host header are refused (DNS rebinding);
 *  - every call and the event stream need a random 256-bit token (constant-time comparison);
 *  - calls go through the same dispatcher as IPC: validation, then the services;
 *  - documents carry the app's CSP as a header as well as in the page.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { MainEvents } from '../../shared/ipc/contract'
import { createAppServices, type AppServices, type AppServicesOptions } from '../services/app-services'
import { ScriptedDialogs } from '../services/dialogs'
import { createDispatcher } from '../services/dispatch'
import { contentType, CSP, resolveUnder } from '../window/security-policy'
import { bridgeScript } from './bridge-script'

export interface HarnessOptions {
  /** The built renderer (out/renderer). */
  rendererRoot: string
  /** Folder for the recent-cases list. */
  dataDir: string
  port?: number
  queryWorker?: boolean
  /** Extra response headers for documents (the CSP test adds nothing; kept for experiments). */
  log?: (line: string) => void
}

export interface Harness {
  /** The page to open, token in the fragment. */
  url: string
  origin: string
  token: string
  services: AppServices
  dialogs: ScriptedDialogs
  close(): Promise<void>
}

const MAX_BODY = 1024 * 1024

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  extra: Record<string, string> = {}
): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...extra
  })
  res.end(body)
}

function tokenMatches(given: string | null | undefined, token: Buffer): boolean {
  if (!given) return false
  const b = Buffer.from(given)
  return b.length === token.length && timingSafeEqual(b, token)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new Error('body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const token = randomBytes(32).toString('hex')
  const tokenBytes = Buffer.from(token)
  const dialogs = new ScriptedDialogs()
  const streams = new Set<ServerResponse>()
  const clients = new Map<string, ServerResponse>()
  const emit = <E extends keyof MainEvents>(event: E, payload: MainEvents[E]): void => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
    for (const s of streams) s.write(frame)
  }
  const serviceOptions: AppServicesOptions = {
    dataDir: options.dataDir,
    dialogs,
    emit,
    version: 'harness',
    shell: 'harness',
    queryWorker: options.queryWorker ?? true
  }
  const services = createAppServices(serviceOptions)
  const dispatch = createDispatcher(services.handlers)
  let origin = ''
  let host = ''

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.host !== host) return send(res, 421, 'wrong host', 'text/plain')
    const url = new URL(req.url ?? '/', origin)
    if (req.method === 'POST' && url.pathname.startsWith('/rpc/')) {
      if (req.headers.origin !== undefined && req.headers.origin !== origin)
        return send(res, 403, 'cross-origin call refused', 'text/plain')
      if (!tokenMatches(req.headers['x-authtrail-token'] as string | undefined, tokenBytes))
        return send(res, 403, 'bad token', 'text/plain')
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(res, 415, 'json only', 'text/plain')
      let arg: unknown
      try {
        arg = JSON.parse(await readBody(req)) as unknown
      } catch {
        return send(res, 400, 'bad request body', 'text/plain')
      }
      const channel = decodeURIComponent(url.pathname.slice(5))
      const stream = clients.get(String(req.headers['x-authtrail-client'] ?? ''))
      const callId = Number(req.headers['x-authtrail-call'])
      if (stream && Number.isSafeInteger(callId)) {
        // Accepted now, answered on the client's event stream when done.
        send(res, 202, '', 'text/plain')
        const result = await dispatch(channel, arg)
        stream.write(`event: rpc\ndata: ${JSON.stringify({ id: callId, result })}\n\n`)
        return
      }
      const result = await dispatch(channel, arg)
      return send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8')
    }
    if (req.method !== 'GET') return send(res, 405, 'method not allowed', 'text/plain')
    if (url.pathname === '/events') {
      if (!tokenMatches(url.searchParams.get('token'), tokenBytes))
        return send(res, 403, 'bad token', 'text/plain')
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive'
      })
      res.write(': connected\n\n')
      streams.add(res)
      const client = url.searchParams.get('client')
      if (client && /^[0-9a-f]{32}$/.test(client)) clients.set(client, res)
      req.on('close', () => {
        streams.delete(res)
        if (client && clients.get(client) === res) clients.delete(client)
      })
      return
    }
    if (url.pathname === '/harness-bridge.js')
      return send(res, 200, bridgeScript(), 'text/javascript; charset=utf-8')
    const file = resolveUnder(options.rendererRoot, url.pathname)
    if (!file) return send(res, 404, 'not found', 'text/plain')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return send(res, 404, 'not found', 'text/plain')
    }
    if (file.endsWith('.html')) {
      // The bridge runs first (a classic script; the app's module script is deferred).
      const html = body
        .toString('utf8')
        .replace('<script', '<script src="/harness-bridge.js"></script>\n    <script')
      return send(res, 200, html, 'text/html; charset=utf-8', { 'content-security-policy': CSP })
    }
    return send(res, 200, body, contentType(file))
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      options.log?.(`harness error: ${String(e)}`)
      if (!res.headersSent) send(res, 500, 'internal error', 'text/plain')
      else res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  host = `127.0.0.1:${port}`
  origin = `http://${host}`
  return {
    url: `${origin}/index.html#token=${token}`,
    origin,
    token,
    services,
    dialogs,
    async close() {
      for (const s of streams) s.end()
      streams.clear()
      clients.clear()
      await services.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}
