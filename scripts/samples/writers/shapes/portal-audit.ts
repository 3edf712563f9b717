import type { DirectoryAudit } from '../../graph-types'
import { isoGraph } from '../core/time'

/**
 * The Entra admin center's audit-log CSV download (FORMATS.md §1a): a fixed 86-column header,
 * 17 event/actor columns, then 3 targets × (4 columns + 5 modified properties × 3), then 6
 * additional-detail key/value pairs. Whatever does not fit is not in the file.
 */

export const PORTAL_AUDIT_TARGETS = 3
export const PORTAL_AUDIT_MODIFIED_PROPERTIES = 5
export const PORTAL_AUDIT_ADDITIONAL_DETAILS = 6

const EVENT_COLUMNS = [
  'Date (UTC)',
  'CorrelationId',
  'Service',
  'Category',
  'Activity',
  'Result',
  'ResultReason',
  'User Agent',
  'ActorType',
  'ActorDisplayName',
  'ActorObjectId',
  'ActorUserPrincipalName',
  'IPAddress',
  'ActorHomeTenantId',
  'ActorHomeTenantName',
  'ActorServicePrincipalId',
  'ActorServicePrincipalName'
]

function targetColumns(t: number): string[] {
  const columns = [
    `Target${t}Type`,
    `Target${t}DisplayName`,
    `Target${t}ObjectId`,
    `Target${t}UserPrincipalName`
  ]
  for (let p = 1; p <= PORTAL_AUDIT_MODIFIED_PROPERTIES; p++)
    columns.push(
      `Target${t}ModifiedProperty${p}Name`,
      `Target${t}ModifiedProperty${p}OldValue`,
      `Target${t}ModifiedProperty${p}NewValue`
    )
  return columns
}

export const PORTAL_AUDIT_HEADER: readonly string[] = [
  ...EVENT_COLUMNS,
  ...Array.from({ length: PORTAL_AUDIT_TARGETS }, (_, i) => targetColumns(i + 1)).flat(),
  ...Array.from({ length: PORTAL_AUDIT_ADDITIONAL_DETAILS }, (_, i) => [
    `AdditionalDetail${i + 1}Key`,
    `AdditionalDetail${i + 1}Value`
  ]).flat()
]

/**
 * Spanish portal names, only for the columns a parser has seen localized (RVT2, unverified source);
 * the per-target UPN name follows the one attested pattern (`Objetivo1NombrePrincipalDeUsuario`).
 * Every other column keeps its English name.
 */
const SPANISH: Record<string, string> = {
  'Date (UTC)': 'Fecha (UTC)',
  Category: 'Categoría',
  Result: 'Resultado',
  Service: 'Servicio',
  Activity: 'Actividad',
  'User Agent': 'Agente de usuario',
  Target1UserPrincipalName: 'Objetivo1NombrePrincipalDeUsuario',
  Target2UserPrincipalName: 'Objetivo2NombrePrincipalDeUsuario',
  Target3UserPrincipalName: 'Objetivo3NombrePrincipalDeUsuario'
}

export function portalAuditHeader(locale: 'en' | 'es'): string[] {
  return PORTAL_AUDIT_HEADER.map((name) => (locale === 'es' ? (SPANISH[name] ?? name) : name))
}

/** The portal shows result values capitalised (`Success`, `Failure`, `Timeout`). */
function displayResult(result: string): string {
  return result.charAt(0).toUpperCase() + result.slice(1)
}

export function portalAuditRow(audit: DirectoryAudit): string[] {
  const { user, app } = audit.initiatedBy
  // An application actor's type starts with `Ap` (RVT2 tests `startswith('Ap')`).
  const row = [
    isoGraph(audit.activityDateTime),
    audit.correlationId,
    audit.loggedByService,
    audit.category,
    audit.activityDisplayName,
    displayResult(audit.result),
    audit.resultReason,
    audit.userAgent ?? '',
    user ? 'User' : app ? 'Application' : '',
    user?.displayName ?? app?.displayName ?? '',
    user?.id ?? app?.servicePrincipalId ?? '',
    user?.userPrincipalName ?? '',
    user?.ipAddress ?? '',
    user?.homeTenantId ?? '',
    user?.homeTenantName ?? '',
    app?.servicePrincipalId ?? '',
    app?.servicePrincipalName ?? ''
  ]
  for (let t = 0; t < PORTAL_AUDIT_TARGETS; t++) {
    const target = audit.targetResources[t]
    row.push(target?.type ?? '', target?.displayName ?? '', target?.id ?? '', target?.userPrincipalName ?? '')
    for (let p = 0; p < PORTAL_AUDIT_MODIFIED_PROPERTIES; p++) {
      const property = target?.modifiedProperties[p]
      // Old/new values stay the raw JSON text Graph holds (`["…"]`), quotes included.
      row.push(property?.displayName ?? '', property?.oldValue ?? '', property?.newValue ?? '')
    }
  }
  for (let d = 0; d < PORTAL_AUDIT_ADDITIONAL_DETAILS; d++) {
    const detail = audit.additionalDetails[d]
    row.push(detail?.key ?? '', detail?.value ?? '')
  }
  return row
}
