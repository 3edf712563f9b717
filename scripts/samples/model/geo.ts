/**
 * Places, networks and addresses. Only documentation ranges are used (RFC 5737 IPv4, RFC 3849
 * IPv6, RFC 5398 ASNs), and each range has one meaning so that an investigator reading the
 * answer key can tell a corporate egress from an attacker VPS at a glance:
 *
 *   192.0.2.10-29     corporate egress (offices, store, datacenter)
 *   192.0.2.32-223    home broadband, one per user (then IPv6 2001:db8:1000::/36)
 *   198.51.100.1-99   mobile carrier CGNAT, shared by many users
 *   198.51.100.100-149 hotels and travel
 *   198.51.100.150-159 cloud datacenter (managed identities)
 *   198.51.100.200-254 Microsoft-like service addresses seen on some audit events (not a sign-in IP)
 *   203.0.113.0/24    attacker infrastructure (VPS, VPN exits, residential proxies)
 */

export interface Place {
  city: string
  state: string
  country: string
  lat: number
  lon: number
  timeZone: string
}

export interface Network {
  asn: number
  name: string
  kind: 'corporate' | 'broadband' | 'mobile' | 'hotel' | 'cloud' | 'microsoft' | 'hosting' | 'vpn' | 'proxy'
}

/** Where a sign-in or an audit event comes from. */
export interface IpInfo {
  ip: string
  network: Network
  place: Place
}

export const PLACES = {
  seattle: { city: 'Seattle', state: 'Washington', country: 'US', lat: 47.6062, lon: -122.3321, timeZone: 'America/Los_Angeles' },
  bellevue: { city: 'Bellevue', state: 'Washington', country: 'US', lat: 47.6101, lon: -122.2015, timeZone: 'America/Los_Angeles' },
  redmond: { city: 'Redmond', state: 'Washington', country: 'US', lat: 47.674, lon: -122.1215, timeZone: 'America/Los_Angeles' },
  tacoma: { city: 'Tacoma', state: 'Washington', country: 'US', lat: 47.2529, lon: -122.4443, timeZone: 'America/Los_Angeles' },
  kirkland: { city: 'Kirkland', state: 'Washington', country: 'US', lat: 47.6769, lon: -122.206, timeZone: 'America/Los_Angeles' },
  newYork: { city: 'New York', state: 'New York', country: 'US', lat: 40.7128, lon: -74.006, timeZone: 'America/New_York' },
  brooklyn: { city: 'Brooklyn', state: 'New York', country: 'US', lat: 40.6782, lon: -73.9442, timeZone: 'America/New_York' },
  jerseyCity: { city: 'Jersey City', state: 'New Jersey', country: 'US', lat: 40.7178, lon: -74.0431, timeZone: 'America/New_York' },
  hoboken: { city: 'Hoboken', state: 'New Jersey', country: 'US', lat: 40.744, lon: -74.0324, timeZone: 'America/New_York' },
  yonkers: { city: 'Yonkers', state: 'New York', country: 'US', lat: 40.9312, lon: -73.8987, timeZone: 'America/New_York' },
  london: { city: 'London', state: 'England', country: 'GB', lat: 51.5072, lon: -0.1276, timeZone: 'Europe/London' },
  reading: { city: 'Reading', state: 'England', country: 'GB', lat: 51.4543, lon: -0.9781, timeZone: 'Europe/London' },
  croydon: { city: 'Croydon', state: 'England', country: 'GB', lat: 51.3762, lon: -0.0982, timeZone: 'Europe/London' },
  cambridge: { city: 'Cambridge', state: 'England', country: 'GB', lat: 52.2053, lon: 0.1218, timeZone: 'Europe/London' },
  guildford: { city: 'Guildford', state: 'England', country: 'GB', lat: 51.2362, lon: -0.5704, timeZone: 'Europe/London' },
  lisbon: { city: 'Lisbon', state: 'Lisboa', country: 'PT', lat: 38.7223, lon: -9.1393, timeZone: 'Europe/Lisbon' },
  dublin: { city: 'Dublin', state: 'Dublin', country: 'IE', lat: 53.3498, lon: -6.2603, timeZone: 'Europe/Dublin' },
  amsterdam: { city: 'Amsterdam', state: 'Noord-Holland', country: 'NL', lat: 52.3676, lon: 4.9041, timeZone: 'Europe/Amsterdam' },
  frankfurt: { city: 'Frankfurt am Main', state: 'Hessen', country: 'DE', lat: 50.1109, lon: 8.6821, timeZone: 'Europe/Berlin' },
  bucharest: { city: 'Bucharest', state: 'Bucuresti', country: 'RO', lat: 44.4268, lon: 26.1025, timeZone: 'Europe/Bucharest' },
  singapore: { city: 'Singapore', state: 'Singapore', country: 'SG', lat: 1.3521, lon: 103.8198, timeZone: 'Asia/Singapore' },
  saoPaulo: { city: 'Sao Paulo', state: 'Sao Paulo', country: 'BR', lat: -23.5505, lon: -46.6333, timeZone: 'America/Sao_Paulo' },
  dallas: { city: 'Dallas', state: 'Texas', country: 'US', lat: 32.7767, lon: -96.797, timeZone: 'America/Chicago' },
  miami: { city: 'Miami', state: 'Florida', country: 'US', lat: 25.7617, lon: -80.1918, timeZone: 'America/New_York' }
} as const satisfies Record<string, Place>

export type PlaceKey = keyof typeof PLACES

export const NETWORKS = {
  corpUs: { asn: 64496, name: 'Example Business Fiber (US)', kind: 'corporate' },
  corpUk: { asn: 64497, name: 'Example Business Fiber (UK)', kind: 'corporate' },
  homeUsWest: { asn: 64498, name: 'Cascade Cable', kind: 'broadband' },
  homeUsEast: { asn: 64499, name: 'Hudson Broadband', kind: 'broadband' },
  homeUk: { asn: 64500, name: 'Albion Home Internet', kind: 'broadband' },
  homeUk2: { asn: 64501, name: 'Thames Fibre', kind: 'broadband' },
  mobileUs: { asn: 64502, name: 'Example Wireless US', kind: 'mobile' },
  mobileUk: { asn: 64503, name: 'Example Mobile UK', kind: 'mobile' },
  hotelPt: { asn: 64504, name: 'Lisboa Hospitality Networks', kind: 'hotel' },
  hotelIe: { asn: 64505, name: 'Eire Guest Wi-Fi', kind: 'hotel' },
  cloud: { asn: 64510, name: 'Example Cloud Datacenter', kind: 'cloud' },
  microsoft: { asn: 64511, name: 'Microsoft-like service network (documentation stand-in)', kind: 'microsoft' },
  vpsNl: { asn: 65536, name: 'Polder VPS Hosting', kind: 'hosting' },
  vpsDe: { asn: 65537, name: 'Main Rechenzentrum Hosting', kind: 'hosting' },
  vpnRo: { asn: 65538, name: 'Carpathian Privacy VPN', kind: 'vpn' },
  vpsSg: { asn: 65539, name: 'Lion City Compute', kind: 'hosting' },
  proxyBr: { asn: 65540, name: 'Paulista Residential Proxy', kind: 'proxy' },
  vpsUs: { asn: 65541, name: 'Lone Star Bare Metal', kind: 'hosting' },
  vpnUs: { asn: 65542, name: 'Everglade VPN', kind: 'vpn' }
} as const satisfies Record<string, Network>

export type NetworkKey = keyof typeof NETWORKS

export function ipInfo(ip: string, network: NetworkKey, place: PlaceKey): IpInfo {
  return { ip, network: NETWORKS[network], place: PLACES[place] }
}

/** Corporate egress addresses: shared by everyone in the office, seen every working day. */
export const EGRESS = {
  seattle: ipInfo('192.0.2.10', 'corpUs', 'seattle'),
  newYork: ipInfo('192.0.2.11', 'corpUs', 'newYork'),
  london: ipInfo('192.0.2.12', 'corpUk', 'london'),
  store: ipInfo('192.0.2.13', 'corpUs', 'newYork'),
  datacenter: ipInfo('192.0.2.20', 'corpUs', 'seattle')
} as const

/** Home broadband: 192.0.2.32-223 first, then IPv6 for larger tenants. */
export function homeIp(index: number): string {
  if (index < 192) return `192.0.2.${32 + index}`
  // Canonical RFC 5952 text (no leading zeros, "::" for the zero run) so every format agrees.
  const n = index - 192
  return `2001:db8:${(0x1000 + Math.floor(n / 0xfffe)).toString(16)}:${((n % 0xfffe) + 1).toString(16)}::1`
}

/** Mobile CGNAT addresses are shared: users map onto 99 addresses. */
export function mobileIp(index: number): string {
  return `198.51.100.${1 + (index % 99)}`
}

/** Microsoft-like service addresses that some audit events carry instead of the user's address. */
export function microsoftServiceIp(index: number): IpInfo {
  return ipInfo(`198.51.100.${200 + (index % 55)}`, 'microsoft', 'dublin')
}

export const MICROSOFT_SERVICE_RANGE = '198.51.100.200-198.51.100.254'
export const ATTACKER_RANGE = '203.0.113.0/24'

export function attackerIp(host: number, network: NetworkKey, place: PlaceKey): IpInfo {
  return ipInfo(`203.0.113.${host}`, network, place)
}

export function hotelIp(host: number, network: NetworkKey, place: PlaceKey): IpInfo {
  return ipInfo(`198.51.100.${100 + host}`, network, place)
}

export const CLOUD_IP = ipInfo('198.51.100.150', 'cloud', 'seattle')
