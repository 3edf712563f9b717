/**
 * Stable finding ids: a hash of the rule, the users (sorted) and the anchor (the content
 * fingerprint of the event the finding is about, or a literal key such as a phone number), so the
 * same finding gets the same id on every scan and triage attached to it survives re-scans and
 * re-imports. Never derived from row ids or the scan time.
 */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

export function findingId(rule: string, users: readonly string[], anchor: string): string {
  const text = [rule, [...users].sort().join(','), anchor].join('\u001f')
  const a = cyrb53(text, 1).toString(16).padStart(14, '0')
  const b = cyrb53(text, 2).toString(16).padStart(14, '0')
  return `${rule.toLowerCase().replace('-', '')}-${a.slice(-10)}${b.slice(-6)}`
}
