import type { App, Session, WebContents } from 'electron'
import { isAllowedNavigation, isAllowedRequest, type PolicyOptions } from './security-policy'

/**
 * Session-level guards (STYLE.md §8): every request that is not the app's own is cancelled before
 * it leaves, and every permission (camera, notifications, geolocation, …) is refused.
 */
export function guardSession(
  session: Session,
  options: PolicyOptions,
  onBlocked?: (url: string) => void
): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, options)
    if (!allowed) onBlocked?.(details.url)
    callback({ cancel: !allowed })
  })
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  // No proxy auto-discovery either: nothing may resolve a name on the network.
  void session.setProxy({ mode: 'direct' })
}

/** Web-contents guards: no navigation away, no redirects, no webviews, no new windows. */
export function guardWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(contents.getURL(), url)) event.preventDefault()
    })
    contents.on('will-frame-navigate', (event) => {
      if (!isAllowedNavigation(contents.getURL(), event.url)) event.preventDefault()
    })
    contents.on('will-redirect', (event) => event.preventDefault())
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}
