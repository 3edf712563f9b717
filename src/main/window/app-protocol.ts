import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import { APP_HOST, APP_SCHEME, contentType, CSP, resolveUnder } from './security-policy'

/** Must run before `ready`: app:// behaves like https (standard, secure, fetch-able), not like file://. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

/** Serves the built renderer from `root` at app://authtrail/, with the CSP as a response header too. */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = url.host === APP_HOST ? resolveUnder(root, url.pathname) : null
    if (!file) return new Response('not found', { status: 404 })
    try {
      const body = await readFile(file)
      return new Response(body, {
        headers: {
          'content-type': contentType(file),
          'content-security-policy': CSP,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store'
        }
      })
    } catch {
      return new Response('not found', { status: 404 })
    }
  })
}
