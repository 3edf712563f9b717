import type { EntityKind } from '../../../shared/ipc/case-work'
import type { Method } from '../../../shared/model/event'
import { useWorkbench } from '../nav/context'
import { ENTITY_NOUNS } from '../nav/location'

const PHONE_METHODS: ReadonlySet<string> = new Set([
  'phone-sms',
  'phone-voice',
  'alternate-phone',
  'office-phone'
])

/** The entity a method's detail names: a phone number, an Authenticator device, or nothing. */
export function methodEntity(method: Method | string | null, detail: string | null): EntityKind | null {
  if (!method || !detail) return null
  if (PHONE_METHODS.has(method)) return 'phone'
  if (method === 'microsoft-authenticator') return 'device'
  return null
}

interface LinkProps {
  value: string | null | undefined
  className?: string
}

/**
 * A value that opens its own view. Links live inside clickable rows, so the click stops here and
 * does not also select the row.
 */
function Pivot({
  value,
  className,
  title,
  onOpen,
  kind
}: LinkProps & { title: string; onOpen: () => void; kind: string }): React.JSX.Element | null {
  if (!value) return null
  return (
    <button
      type="button"
      className={`elink${className ? ` ${className}` : ''}`}
      title={title}
      data-entity={kind}
      onClick={(e) => {
        e.stopPropagation()
        onOpen()
      }}
    >
      {value}
    </button>
  )
}

export function UserLink({ value, className }: LinkProps): React.JSX.Element | null {
  const { go } = useWorkbench()
  return (
    <Pivot
      value={value}
      className={className}
      kind="user"
      title={`Open the user view of ${value ?? ''}`}
      onOpen={() => value && go({ page: 'user', user: value })}
    />
  )
}

export function EntityLink({
  kind,
  value,
  className
}: LinkProps & { kind: EntityKind }): React.JSX.Element | null {
  const { go } = useWorkbench()
  return (
    <Pivot
      value={value}
      className={className}
      kind={kind}
      title={`Open the ${ENTITY_NOUNS[kind].toLowerCase()} view of ${value ?? ''}`}
      onOpen={() => value && go({ page: 'entity', kind, value })}
    />
  )
}

/** A method detail (phone number, device name) as a link when it names an entity, else plain text. */
export function MethodDetail({
  method,
  detail
}: {
  method: Method | string | null
  detail: string | null
}): React.JSX.Element | null {
  const kind = methodEntity(method, detail)
  if (!detail) return null
  return kind ? <EntityLink kind={kind} value={detail} /> : <>{detail}</>
}
