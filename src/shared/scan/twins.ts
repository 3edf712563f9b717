/**
 * Administrators often have a standard and a separate admin account ("ava.thompson" and
 * "ava.thompson.admin", "adm-jsmith"), both on one phone: the catalog's false positive for shared
 * phones and Authenticator devices (SI-022, SI-023). Without a twin list in the case, two UPNs are
 * taken for one person when they differ only by an admin marker in the local part.
 */
const MARKERS = new Set(['adm', 'admin', 'administrator', 'priv', 'privileged', 'a', 'ga', 'da', 'sa', 'pa'])

function split(upn: string): { tokens: string[]; domain: string } {
  const at = upn.lastIndexOf('@')
  const local = at < 0 ? upn : upn.slice(0, at)
  const domain = at < 0 ? '' : upn.slice(at + 1)
  return {
    tokens: local
      .toLowerCase()
      .split(/[._-]+/)
      .filter(Boolean),
    domain: domain.toLowerCase()
  }
}

export function sameOwner(a: string, b: string): boolean {
  if (a === b) return false
  const x = split(a)
  const y = split(b)
  if (x.domain !== y.domain) return false
  const strip = (t: string[]): string[] => t.filter((p) => !MARKERS.has(p))
  const xs = strip(x.tokens)
  const ys = strip(y.tokens)
  if (xs.length === 0 || ys.length === 0) return false
  // Exactly the markers differ, and at least one of the two had one.
  return xs.join('.') === ys.join('.') && x.tokens.length !== y.tokens.length
}
