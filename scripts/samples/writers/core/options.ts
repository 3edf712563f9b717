import type { WriteOptions } from '../index'
import { guidFrom } from './hash'

/** A tenant id that is obviously not a real one (OTRF's published logs zero theirs the same way). */
export const DEFAULT_TENANT_ID = '00000000-0000-0000-0000-000000000000'

export function tenantIdOf(options: WriteOptions): string {
  return options.tenantId ?? DEFAULT_TENANT_ID
}

/** Log Analytics' `TenantId` column is the workspace id, not the Entra tenant (they differ in the corpus). */
export function workspaceIdOf(options: WriteOptions): string {
  return options.workspaceId ?? guidFrom(`workspace:${tenantIdOf(options)}`)
}

/** `/tenants/<tid>/providers/Microsoft.aadiam`, the resource id of every Entra diagnostic record. */
export function aadResourceId(tenantId: string): string {
  return `/tenants/${tenantId}/providers/Microsoft.aadiam`
}

export function positiveInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${value}`)
  return value
}
