import { CHANNELS, MAIN_EVENTS } from '../../shared/ipc/contract'

/**
 * The browser side of the loopback bridge: a classic script, served before the renderer's module,
 * that defines `window.api` with the contract's calls over HTTP and its push events over
 * Server-Sent Events. Generated from CHANNELS, so it cannot drift from the contract. The token
 * arrives in the URL fragment (never sent to a server, never in a log) and is removed from it.
 */
export function bridgeScript(): string {
  const calls = Object.entries(CHANNELS).filter(([name]) => name !== 'importDropped')
  return `'use strict';
(() => {
  const match = /[#&]token=([0-9a-f]{64})/.exec(location.hash);
  const token = match ? match[1] : '';
  if (match) history.replaceState(null, '', location.pathname + location.search);
  const fail = (message) => ({ ok: false, error: { code: 'internal', message } });
  // Answers come back on the event stream, so slow calls (facets) never hold one of the browser's
  // six connections per host while a page of rows waits behind them (Electron IPC has no such limit).
  const client = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  const pending = new Map();
  let nextId = 1;
  const source = new EventSource('/events?token=' + token + '&client=' + client);
  const ready = new Promise((resolve) => {
    source.addEventListener('open', () => resolve(true), { once: true });
    source.addEventListener('error', () => resolve(false), { once: true });
  });
  source.addEventListener('rpc', (msg) => {
    const { id, result } = JSON.parse(msg.data);
    const done = pending.get(id);
    if (done) {
      pending.delete(id);
      done(result);
    }
  });
  const call = (channel) => async (arg) => {
    const streamed = await ready;
    const id = nextId++;
    try {
      const answer = streamed ? new Promise((resolve) => pending.set(id, resolve)) : null;
      const res = await fetch('/rpc/' + channel, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-authtrail-token': token,
          ...(streamed ? { 'x-authtrail-client': client, 'x-authtrail-call': String(id) } : {})
        },
        body: JSON.stringify(arg === undefined ? {} : arg)
      });
      if (res.status === 202 && answer) return await answer;
      pending.delete(id);
      if (res.status !== 200) return fail('The harness refused the call (' + res.status + ').');
      return await res.json();
    } catch (e) {
      pending.delete(id);
      return fail('The harness is not reachable.');
    }
  };
  const events = ${JSON.stringify(MAIN_EVENTS)};
  const listeners = new Map(events.map((e) => [e, new Set()]));
  for (const name of events)
    source.addEventListener(name, (msg) => {
      const payload = JSON.parse(msg.data);
      for (const l of listeners.get(name)) l(payload);
    });
  const api = {
${calls.map(([name, channel]) => `    ${name}: call(${JSON.stringify(channel)}),`).join('\n')}
    importDropped: async () => ({
      ok: false,
      error: { code: 'invalid-argument', message: 'Dropping files needs the desktop app: in the browser harness use Import files…' }
    }),
    on(event, listener) {
      const set = listeners.get(event);
      if (!set) throw new Error('unknown event ' + event);
      set.add(listener);
      return () => set.delete(listener);
    }
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false, configurable: false });
})();
`
}
