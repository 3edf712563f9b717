import { blankEvent } from '../../model/event'
import { methodFromSigninStep } from '../../model/methods'
import { asObj, bool, num, type Obj } from '../access'
import { readTime, type MapResult } from '../mapped'
import { mapDirectoryAudit } from './directory-audit'
import { applyAuthSteps, mapSignIn, signInResult, signInTypeFrom, type SignInType } from './sign-in'
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
    return checked('entra-portal-signin-authdetails-csv', [], (f) => mapAuthDetailRow(cols.reader(f)))
  }
  if (cols.has('date (utc)') && cols.has('request id', 'username', 'service principal id')) {
    const type = portalSignInType(cols, fileName)
    const notes =
      type === null
        ? [
            'interactive and non-interactive sign-in CSVs differ only by file name, and this name does not say which it is'
          ]
        : []
    return checked(`entra-portal-signin-csv`, notes, (f) => mapPortalSignInRow(cols.reader(f), type))
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

function mapPortalSignInRow(get: (name: string) => string | null, type: SignInType | null): MapResult {
  const t = readTime(get('date (utc)'), 'sign-in time', { knownUtc: true })
  if ('reject' in t) return t
  const e = blankEvent('signin', t.time)
  const labels: Record<SignInType, string> = {
    interactive: 'Interactive user sign-in',
    'non-interactive': 'Non-interactive user sign-in',
    'service-principal': 'Service principal sign-in',
    'managed-identity': 'Managed identity sign-in'
  }
  e.activity = type ? labels[type] : 'User sign-in'
  e.category = type === 'interactive' ? 'SignInLogs' : type ? signInCategory(type) : null
  e.service = 'Sign-in logs'
  e.interactive = type === 'interactive' ? true : type === null ? null : false
  const status = get('status')
  e.errorCode = num(get('sign-in error code')) ?? (status?.toLowerCase() === 'success' ? 0 : null)
  e.result = signInResult(e.errorCode) ?? status?.toLowerCase() ?? null
  e.resultReason = e.errorCode === 0 ? null : get('failure reason')
  if (type === 'service-principal' || type === 'managed-identity') {
    e.actorType = 'app'
    e.actorId = get('service principal id')
    e.actorName = get('service principal name') ?? get('application')
    e.actorAppId = get('application id')
  } else {
    e.actorType = 'user'
    e.actorUpn = get('username')?.toLowerCase() ?? null
    e.actorId = get('user id')
    e.actorName = get('user')
    e.userUpn = e.actorUpn
    e.userId = e.actorId
  }
  e.ip = get('ip address')
  e.userAgent = get('user agent')
  e.correlationId = get('correlation id')
  e.sessionId = get('session id')
  e.requestId = get('request id')
  e.appName = get('application')
  e.appId = get('application id')
  e.resource = get('resource')
  e.clientApp = get('client app')
  const location = get('location')
  if (location) {
    // "City, State, CC": split from the right, since city names may contain commas.
    const parts = location.split(',').map((p) => p.trim())
    e.country = parts.length > 1 ? (parts.at(-1) ?? null) : location.length === 2 ? location : null
    e.city = parts.length > 2 ? parts.slice(0, -2).join(', ') : parts.length === 2 ? (parts[0] ?? null) : null
  }
  e.asn = num(get('autonomous system number'))
  e.authRequirement = get('authentication requirement')
  e.conditionalAccess = get('conditional access')
  e.deviceId = get('device id')
  e.os = get('operating system')
  e.browser = get('browser')
  const mfaMethod = get('multifactor authentication auth method')
  applyAuthSteps(
    e,
    mfaMethod
      ? [{ label: mfaMethod, detail: get('multifactor authentication auth detail'), succeeded: null }]
      : []
  )
  return { event: { fields: e, ms: t.ms, nativeId: get('request id'), assumptions: t.assumptions } }
}

function signInCategory(type: SignInType): string {
  return type === 'non-interactive'
    ? 'NonInteractiveUserSignInLogs'
    : type === 'service-principal'
      ? 'ServicePrincipalSignInLogs'
      : 'ManagedIdentitySignInLogs'
}

function mapAuthDetailRow(get: (name: string) => string | null): MapResult {
  const requestId = get('request id')
  if (!requestId) return { reject: 'no Request ID to join this authentication step to its sign-in' }
  const rawTime = get('date (utc)') ?? get('date')
  const t = rawTime === null ? null : readTime(rawTime, 'step time', { knownUtc: true })
  if (t && 'reject' in t) return t
  const label = get('authentication method') ?? ''
  return {
    authDetail: {
      requestId,
      time: t ? t.time : null,
      label,
      method: methodFromSigninStep(label),
      detail: get('authentication method detail'),
      succeeded: bool(get('succeeded')),
      resultDetail: get('result detail'),
      requirement: get('requirement')
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
