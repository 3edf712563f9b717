import { blankEvent } from '../../model/event'
import { asObj, bool, num, type Obj } from '../access'
import { readTime, type MapResult } from '../mapped'
import { mapDirectoryAudit } from './directory-audit'
import {
  applyAuthSteps,
  mapSignIn,
  signInResult,
  signInStepMethod,
  signInTypeFrom,
  type SignInType
} from './sign-in'
import { mapAuditData } from './unified-audit'

/** A CSV header recognised as one export format, ready to map its rows. */
export interface CsvBinding {
  format: string
  /** Facts about the file worth telling the user (e.g. what only the file name could say). */
  notes: string[]
  map(fields: readonly string[]): MapResult
}

/** Header names compare trimmed, with runs of spaces collapsed and case folded (FORMATS.md §6a quirks). */
export function normalizeHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
}

/** Localized portal header names (FORMATS.md §1a, §6a) mapped to the English ones. */
const ALIASES: Record<string, string> = {
  'fecha (utc)': 'date (utc)',
  categoría: 'category',
  resultado: 'result',
  servicio: 'service',
  actividad: 'activity',
  'agente de usuario': 'user agent',
  'id. de usuario': 'user id',
  usuario: 'user',
  'nombre de usuario': 'username',
  'tipo de usuario': 'user type',
  'dirección ip': 'ip address',
  ubicación: 'location',
  'número de sistema autónomo': 'autonomous system number',
  'sistema operativo': 'operating system',
  explorador: 'browser',
  'aplicación cliente': 'client app',
  'id. de correlación': 'correlation id',
  estado: 'status',
  'motivo del error': 'failure reason',
  aplicación: 'application',
  recurso: 'resource'
}

function canonical(name: string): string {
  const n = normalizeHeader(name)
  const alias = ALIASES[n]
  if (alias) return alias
  const target = /^objetivo(\d)(.*)$/.exec(n)
  if (target)
    return `target${target[1]}${target[2] === 'nombreprincipaldeusuario' ? 'userprincipalname' : target[2]}`
  return n
}

/** The value of column `i` (an index from Columns.at), or null when it is absent or empty. */
function cell(fields: readonly string[], i: number): string | null {
  if (i < 0) return null
  const v = fields[i]
  return v === undefined || v === '' ? null : v
}

/** Column index by canonical name; a duplicated name keeps its first position. */
class Columns {
  private readonly index = new Map<string, number>()
  constructor(header: readonly string[]) {
    header.forEach((h, i) => {
      const c = canonical(h)
      if (!this.index.has(c)) this.index.set(c, i)
    })
  }
  has(...names: string[]): boolean {
    return names.some((n) => this.index.has(n))
  }
  /** The column's index, or -1: resolved once per file by the mappers of the big exports. */
  at(name: string): number {
    return this.index.get(name) ?? -1
  }
  reader(fields: readonly string[]): (name: string) => string | null {
    return (name) => {
      const i = this.index.get(name)
      if (i === undefined) return null
      const v = fields[i]
      return v === undefined || v === '' ? null : v
    }
  }
}

export function bindCsv(header: readonly string[], fileName: string): CsvBinding | null {
  const cols = new Columns(header)
  const width = header.length
  const checked = (
    format: string,
    notes: string[],
    map: (fields: readonly string[]) => MapResult
  ): CsvBinding => ({
    format,
    notes,
    map: (fields) =>
      fields.length !== width
        ? { reject: `row has ${fields.length} columns, the header has ${width}` }
        : map(fields)
  })

  if (cols.has('auditdata')) return checked(ualVariant(cols), [], (f) => mapUalRow(cols.reader(f)))
  if (cols.has('date (utc)') && cols.has('activity'))
    return checked('entra-portal-audit-csv', [], (f) => mapPortalAuditRow(cols.reader(f)))
  if (cols.has('request id') && cols.has('authentication method') && !cols.has('username', 'user')) {
    return checked('entra-portal-signin-authdetails-csv', [], authDetailMapper(cols))
  }
  if (cols.has('date (utc)') && cols.has('request id', 'username', 'service principal id')) {
    const type = portalSignInType(cols, fileName)
    const notes =
      type === null
        ? [
            'interactive and non-interactive sign-in CSVs differ only by file name, and this name does not say which it is'
          ]
        : []
    return checked(`entra-portal-signin-csv`, notes, portalSignInMapper(cols, type))
  }
  if (
    cols.has(
      'timegenerated',
      'timegenerated [utc]',
      'createddatetime [utc]',
      'operationname',
      'resulttype',
      'sourcesystem'
    )
  ) {
    return checked(
      cols.has('resulttype') && cols.has('userprincipalname', 'appdisplayname')
        ? 'log-analytics-signin-csv'
        : 'log-analytics-audit-csv',
      [],
      (f) => mapLogAnalyticsRow(header, f)
    )
  }
  return null
}

function ualVariant(cols: Columns): string {
  if (cols.has('recordid')) return 'purview-audit-csv'
  if (cols.has('resultindex')) return 'powershell-unified-audit-csv'
  return 'purview-classic-audit-csv'
}

function mapUalRow(get: (name: string) => string | null): MapResult {
  const raw = get('auditdata')
  if (raw === null) return { reject: 'AuditData is empty' }
  let data: Obj | null
  try {
    data = asObj(JSON.parse(raw))
  } catch (err) {
    return { reject: `AuditData is not valid JSON (${(err as Error).message})` }
  }
  if (!data) return { reject: 'AuditData is not a JSON object' }
  return mapAuditData(data, {
    time: get('creationdate'),
    operation: get('operation') ?? get('operations'),
    userId: get('userid') ?? get('userids')
  })
}

/** The portal audit CSV flattens a directoryAudit (FORMATS.md §1a); rebuild the object and map it like JSON. */
function mapPortalAuditRow(get: (name: string) => string | null): MapResult {
  const isApp = (get('actortype') ?? '').toLowerCase().startsWith('ap')
  const targets: Obj[] = []
  for (let t = 1; t <= 3; t++) {
    const id = get(`target${t}objectid`)
    const name = get(`target${t}displayname`)
    const upn = get(`target${t}userprincipalname`)
    const type = get(`target${t}type`)
    const modifiedProperties: Obj[] = []
    for (let p = 1; p <= 5; p++) {
      const n = get(`target${t}modifiedproperty${p}name`)
      if (n !== null) {
        modifiedProperties.push({
          displayName: n,
          oldValue: get(`target${t}modifiedproperty${p}oldvalue`),
          newValue: get(`target${t}modifiedproperty${p}newvalue`)
        })
      }
    }
    if (id || name || upn || type || modifiedProperties.length)
      targets.push({ id, displayName: name, type, userPrincipalName: upn, modifiedProperties })
  }
  const additionalDetails: Obj[] = []
  for (let d = 1; d <= 6; d++) {
    const key = get(`additionaldetail${d}key`)
    if (key !== null) additionalDetails.push({ key, value: get(`additionaldetail${d}value`) })
  }
  const audit: Obj = {
    activityDateTime: get('date (utc)'),
    correlationId: get('correlationid'),
    loggedByService: get('service'),
    category: get('category'),
    activityDisplayName: get('activity'),
    result: get('result'),
    resultReason: get('resultreason'),
    userAgent: get('user agent'),
    initiatedBy: isApp
      ? {
          app: {
            appId: null,
            displayName: get('actordisplayname'),
            servicePrincipalId: get('actorserviceprincipalid'),
            servicePrincipalName: get('actorserviceprincipalname')
          }
        }
      : {
          user: {
            id: get('actorobjectid'),
            displayName: get('actordisplayname'),
            userPrincipalName: get('actoruserprincipalname'),
            ipAddress: get('ipaddress')
          }
        },
    targetResources: targets,
    additionalDetails
  }
  return mapDirectoryAudit(audit, { ip: get('ipaddress') }, { knownUtc: true })
}

function portalSignInType(cols: Columns, fileName: string): SignInType | null {
  if (cols.has('managed identity type') && !cols.has('username')) return 'managed-identity'
  if (cols.has('service principal id') && !cols.has('username')) return 'service-principal'
  const name = fileName.toLowerCase()
  if (/msisignins|managedidentity/.test(name)) return 'managed-identity'
  if (/applicationsignins|serviceprincipal/.test(name)) return 'service-principal'
  if (/non-?interactive/.test(name)) return 'non-interactive'
  if (/interactive/.test(name)) return 'interactive'
  return null
}

const PORTAL_SIGN_IN_LABELS: Record<SignInType, string> = {
  interactive: 'Interactive user sign-in',
  'non-interactive': 'Non-interactive user sign-in',
  'service-principal': 'Service principal sign-in',
  'managed-identity': 'Managed identity sign-in'
}

/**
 * Maps the rows of a portal sign-in CSV. The columns are looked up once per file: a sign-in row
 * reads about thirty of its fifty-seven cells.
 */
function portalSignInMapper(
  cols: Columns,
  type: SignInType | null
): (fields: readonly string[]) => MapResult {
  const c = {
    date: cols.at('date (utc)'),
    status: cols.at('status'),
    errorCode: cols.at('sign-in error code'),
    failureReason: cols.at('failure reason'),
    servicePrincipalId: cols.at('service principal id'),
    servicePrincipalName: cols.at('service principal name'),
    application: cols.at('application'),
    applicationId: cols.at('application id'),
    username: cols.at('username'),
    userId: cols.at('user id'),
    user: cols.at('user'),
    ip: cols.at('ip address'),
    userAgent: cols.at('user agent'),
    correlationId: cols.at('correlation id'),
    sessionId: cols.at('session id'),
    requestId: cols.at('request id'),
    resource: cols.at('resource'),
    clientApp: cols.at('client app'),
    location: cols.at('location'),
    asn: cols.at('autonomous system number'),
    authRequirement: cols.at('authentication requirement'),
    conditionalAccess: cols.at('conditional access'),
    deviceId: cols.at('device id'),
    os: cols.at('operating system'),
    browser: cols.at('browser'),
    mfaMethod: cols.at('multifactor authentication auth method'),
    mfaDetail: cols.at('multifactor authentication auth detail')
  }
  const activity = type ? PORTAL_SIGN_IN_LABELS[type] : 'User sign-in'
  const category = type === 'interactive' ? 'SignInLogs' : type ? signInCategory(type) : null
  const interactive = type === 'interactive' ? true : type === null ? null : false
  const isApp = type === 'service-principal' || type === 'managed-identity'

  return (f) => {
    const t = readTime(cell(f, c.date), 'sign-in time', { knownUtc: true })
    if ('reject' in t) return t
    const e = blankEvent('signin', t.time)
    e.activity = activity
    e.category = category
    e.service = 'Sign-in logs'
    e.interactive = interactive
    const status = cell(f, c.status)
    e.errorCode = num(cell(f, c.errorCode)) ?? (status?.toLowerCase() === 'success' ? 0 : null)
    e.result = signInResult(e.errorCode) ?? status?.toLowerCase() ?? null
    e.resultReason = e.errorCode === 0 ? null : cell(f, c.failureReason)
    if (isApp) {
      e.actorType = 'app'
      e.actorId = cell(f, c.servicePrincipalId)
      e.actorName = cell(f, c.servicePrincipalName) ?? cell(f, c.application)
      e.actorAppId = cell(f, c.applicationId)
    } else {
      e.actorType = 'user'
      e.actorUpn = cell(f, c.username)?.toLowerCase() ?? null
      e.actorId = cell(f, c.userId)
      e.actorName = cell(f, c.user)
      e.userUpn = e.actorUpn
      e.userId = e.actorId
    }
    e.ip = cell(f, c.ip)
    e.userAgent = cell(f, c.userAgent)
    e.correlationId = cell(f, c.correlationId)
    e.sessionId = cell(f, c.sessionId)
    e.requestId = cell(f, c.requestId)
    e.appName = cell(f, c.application)
    e.appId = cell(f, c.applicationId)
    e.resource = cell(f, c.resource)
    e.clientApp = cell(f, c.clientApp)
    const location = cell(f, c.location)
    if (location) {
      const place = portalLocation(location)
      e.country = place.country
      e.city = place.city
    }
    e.asn = num(cell(f, c.asn))
    e.authRequirement = cell(f, c.authRequirement)
    e.conditionalAccess = cell(f, c.conditionalAccess)
    e.deviceId = cell(f, c.deviceId)
    e.os = cell(f, c.os)
    e.browser = cell(f, c.browser)
    const mfaMethod = cell(f, c.mfaMethod)
    applyAuthSteps(e, mfaMethod ? [{ label: mfaMethod, detail: cell(f, c.mfaDetail), succeeded: null }] : [])
    return { event: { fields: e, ms: t.ms, nativeId: cell(f, c.requestId), assumptions: t.assumptions } }
  }
}

interface Place {
  country: string | null
  city: string | null
}

const places = new Map<string, Place>()

/**
 * "City, State, CC": split from the right, since city names may contain commas. An export has a
 * few hundred distinct locations, so each is split once.
 */
function portalLocation(location: string): Place {
  let place = places.get(location)
  if (place === undefined) {
    const parts = location.split(',').map((p) => p.trim())
    place = {
      country: parts.length > 1 ? (parts.at(-1) ?? null) : location.length === 2 ? location : null,
      city: parts.length > 2 ? parts.slice(0, -2).join(', ') : parts.length === 2 ? (parts[0] ?? null) : null
    }
    if (places.size >= 4096) places.clear()
    places.set(location, place)
  }
  return place
}

function signInCategory(type: SignInType): string {
  return type === 'non-interactive'
    ? 'NonInteractiveUserSignInLogs'
    : type === 'service-principal'
      ? 'ServicePrincipalSignInLogs'
      : 'ManagedIdentitySignInLogs'
}

/** Maps the rows of an AuthDetails companion file, its columns looked up once per file. */
function authDetailMapper(cols: Columns): (fields: readonly string[]) => MapResult {
  const requestIdAt = cols.at('request id')
  const dateUtcAt = cols.at('date (utc)')
  const dateAt = cols.at('date')
  const methodAt = cols.at('authentication method')
  const detailAt = cols.at('authentication method detail')
  const succeededAt = cols.at('succeeded')
  const resultDetailAt = cols.at('result detail')
  const requirementAt = cols.at('requirement')
  return (f) => {
    const requestId = cell(f, requestIdAt)
    if (!requestId) return { reject: 'no Request ID to join this authentication step to its sign-in' }
    const rawTime = cell(f, dateUtcAt) ?? cell(f, dateAt)
    const t = rawTime === null ? null : readTime(rawTime, 'step time', { knownUtc: true })
    if (t && 'reject' in t) return t
    const label = cell(f, methodAt) ?? ''
    return {
      authDetail: {
        requestId,
        time: t ? t.time : null,
        label,
        method: signInStepMethod(label),
        detail: cell(f, detailAt),
        succeeded: bool(cell(f, succeededAt)),
        resultDetail: cell(f, resultDetailAt),
        requirement: cell(f, requirementAt)
      }
    }
  }
}

/**
 * Log Analytics "Export to CSV": PascalCase columns, ` [UTC]` time suffixes, and columns typed
 * dynamic in some rows and string in others split into `X_dynamic` / `X_string` (FORMATS.md §6d).
 * The row is folded back into one object per column name and mapped like the JSON export.
 */
function mapLogAnalyticsRow(header: readonly string[], fields: readonly string[]): MapResult {
  const o: Obj = {}
  let knownUtc = false
  header.forEach((h, i) => {
    const value = fields[i]
    if (value === undefined || value === '') return
    let name = h.replace(/^\uFEFF/, '').trim()
    if (/\s\[UTC\]$/i.test(name)) {
      name = name.replace(/\s\[UTC\]$/i, '')
      knownUtc = true
    }
    name = name.replace(/_(dynamic|string)$/i, '')
    if (o[name] === undefined) o[name] = value
  })
  const table = `${String(o.Type ?? '')} ${String(o.Category ?? '')}`
  const isSignIn =
    /sign-?in/i.test(table) ||
    (o.ResultType !== undefined &&
      (o.UserPrincipalName !== undefined || o.AppDisplayName !== undefined) &&
      o.InitiatedBy === undefined)
  if (isSignIn) {
    return mapSignIn(o, { type: signInTypeFrom(String(o.Type ?? o.Category ?? '')) }, { knownUtc })
  }
  return mapDirectoryAudit(o, {}, { knownUtc })
}
