import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { AppState } from '../../shared/ipc/contract'
import { formatInZone, isValidZone, UTC, zoneShort } from '../../shared/ipc/time-zone'
import { call, errorText, importDropped, useMainEvent } from './api/client'
import { attachJob, IDLE_IMPORT, useImportState } from './api/import-state'
import { TimeZoneSelect } from './components/TimeZoneSelect'
import { bytes, n } from './lib/format'
import { usePersistentState } from './lib/settings'
import { WorkbenchContext, type Workbench } from './nav/context'
import { useHistory } from './nav/history'
import { locationTitle, type Location, type Page } from './nav/location'
import { AnnotatedView } from './views/AnnotatedView'
import { CasePage } from './views/CasePage'
import { EntityPage } from './views/EntityPage'
import { ExplorerView } from './views/ExplorerView'
import { FindingsView } from './views/FindingsView'
import { ImportPanel } from './views/ImportPanel'
import { UserPage } from './views/UserPage'
import { Welcome } from './views/Welcome'

const isZone = (v: unknown): v is string => typeof v === 'string' && isValidZone(v)

const EVENTS: Location = { page: 'events', query: null, select: null }

const TABS: { page: Page; label: string; to: Location }[] = [
  { page: 'events', label: 'Events', to: EVENTS },
  { page: 'findings', label: 'Findings', to: { page: 'findings', finding: null } },
  { page: 'annotated', label: 'Annotated', to: { page: 'annotated' } },
  { page: 'case', label: 'Case', to: { page: 'case' } }
]

export function App(): React.JSX.Element {
  const [state, setState] = useState<AppState | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [zone, setZone] = usePersistentState<string>('zone', UTC, isZone)
  const nav = useHistory(EVENTS)
  const [imp, setImp] = useImportState()
  const [importHidden, setImportHidden] = useState(false)
  const [dragging, setDragging] = useState(false)
  // Menu commands open things in views that may not be mounted yet: the wish is kept here until done.
  const [exporting, setExporting] = useState(false)
  const [focusFilter, setFocusFilter] = useState(false)
  const [reporting, setReporting] = useState(false)
  // A scan changes findings without the case's generation moving: the views refresh on either.
  const [scans, setScans] = useState(0)
  // The explorer's last filter, so the Events tab returns to it from anywhere.
  const [lastEvents, setLastEvents] = useState<Location>(EVENTS)

  const apply = useCallback(
    (s: AppState): void => {
      setState(s)
      const job = s.importJob
      if (job) setImp((cur) => (cur.job?.jobId === job.jobId ? cur : attachJob(job)))
    },
    [setImp]
  )
  const refresh = useCallback(
    (): Promise<void> => call('getState', {}).then(apply, (e: unknown) => setError(errorText(e))),
    [apply]
  )
  useEffect(() => {
    call('getState', {}).then(apply, (e: unknown) => setError(errorText(e)))
  }, [apply])
  const { back, forward, current } = nav
  useMainEvent('case:changed', () => void refresh())
  useMainEvent('import:started', () => setImportHidden(false))
  useMainEvent('findings:changed', () => setScans((g) => g + 1))
  useMainEvent('menu:command', ({ command }) => {
    if (command === 'export') {
      if (current.page !== 'events') nav.go(lastEvents)
      setExporting(true)
    } else if (command === 'focus-filter') {
      if (current.page !== 'events') nav.go(lastEvents)
      setFocusFilter(true)
    } else if (command === 'report') {
      nav.go({ page: 'case' })
      setReporting(true)
    }
  })

  // Alt+← / Alt+→ and the mouse's back and forward buttons move through the history like a
  // browser. In the explorer Alt+← steps back through its filters instead (its own history).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return
      if (current.page === 'events' && e.key === 'ArrowLeft') return
      e.preventDefault()
      if (e.key === 'ArrowLeft') back()
      else forward()
    }
    const onMouse = (e: MouseEvent): void => {
      if (e.button === 3) back()
      else if (e.button === 4) forward()
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('mouseup', onMouse)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('mouseup', onMouse)
    }
  }, [back, forward, current.page])

  const run = async (fn: () => Promise<unknown>): Promise<void> => {
    setError(null)
    try {
      await fn()
      await refresh()
    } catch (e) {
      setError(errorText(e))
    }
  }
  const importFiles = (folders: boolean): Promise<void> =>
    run(async () => {
      const job = await call('chooseImport', { folders })
      if (job) setImp(attachJob(job))
    })

  const onDrop = (e: React.DragEvent): void => {
    e.preventDefault()
    setDragging(false)
    const files = [...e.dataTransfer.files]
    if (files.length === 0) return
    void run(async () => {
      setImp(attachJob(await importDropped(files)))
    })
  }

  const summary = state?.case ?? null
  const running = imp.job !== null && imp.finished === null
  const revision = `${summary?.generation ?? 0}.${scans}`
  const auditEvents = summary?.events.audit ?? 0
  const workbench = useMemo<Workbench>(
    () => ({ zone, revision, auditEvents, go: nav.go }),
    [zone, revision, auditEvents, nav.go]
  )
  const loc = nav.current
  const { replace } = nav
  // After moving to another page the link that was clicked is gone and the focus with it: the new
  // page's heading takes it, so the keyboard (Tab, screen readers) starts from the page's top.
  // The explorer keeps its own focus (filter, grid).
  const mainRef = useRef<HTMLElement>(null)
  useEffect(() => {
    if (loc.page === 'events') return
    const active = document.activeElement
    if (active && active !== document.body && active.isConnected) return
    const target = mainRef.current?.querySelector<HTMLElement>('h1') ?? mainRef.current
    target?.focus({ preventScroll: true })
  }, [nav.index, loc])
  const onExplorerChange = useCallback(
    (next: Location) => {
      replace(next)
      setLastEvents(next)
    },
    [replace]
  )

  return (
    <WorkbenchContext.Provider value={workbench}>
      <div
        className="app"
        data-app-state={state ? 'ready' : 'loading'}
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes('Files')) {
            e.preventDefault()
            setDragging(true)
          }
        }}
        onDragLeave={(e) => {
          if (e.currentTarget === e.target) setDragging(false)
        }}
        onDrop={onDrop}
      >
        <header className="topbar">
          <span className="brand">Authtrail</span>
          {summary ? (
            <>
              <span className="case-name mono" title={summary.path} data-testid="case-name">
                {summary.name}
              </span>
              <span className="nav-buttons">
                <button
                  className="icon"
                  disabled={!nav.canBack}
                  onClick={nav.back}
                  title="Back (Alt+←)"
                  aria-label="Back"
                  data-testid="nav-back"
                >
                  ←
                </button>
                <button
                  className="icon"
                  disabled={!nav.canForward}
                  onClick={nav.forward}
                  title="Forward (Alt+→)"
                  aria-label="Forward"
                  data-testid="nav-forward"
                >
                  →
                </button>
              </span>
              <nav className="tabs">
                {TABS.map((t) => (
                  <button
                    key={t.page}
                    className={loc.page === t.page ? 'on' : ''}
                    onClick={() => nav.go(t.page === 'events' ? lastEvents : t.to)}
                    data-testid={`tab-${t.page}`}
                  >
                    {t.label}
                    {t.page === 'case' && (
                      <span className="muted" title={`${n(summary.files)} source files imported`}>
                        {' · '}
                        {summary.files === 0
                          ? 'no files'
                          : `${n(summary.files)} file${summary.files === 1 ? '' : 's'}`}
                      </span>
                    )}
                  </button>
                ))}
                {(loc.page === 'user' || loc.page === 'entity') && (
                  <button className="on crumb" title={locationTitle(loc)} data-testid="tab-pivot">
                    {locationTitle(loc)}
                  </button>
                )}
              </nav>
              <span className="spacer" />
              <button
                className="tool"
                disabled={running}
                onClick={() => void importFiles(false)}
                data-testid="import-files"
              >
                Import files…
              </button>
              <button className="tool" disabled={running} onClick={() => void importFiles(true)}>
                Import folder…
              </button>
              {running && importHidden && (
                <button className="tool busy" onClick={() => setImportHidden(false)}>
                  importing… {imp.current ? `${imp.current.fileIndex + 1}/${imp.current.fileCount}` : ''}
                </button>
              )}
            </>
          ) : (
            <span className="spacer" />
          )}
          <TimeZoneSelect zone={zone} onChange={setZone} />
        </header>
        {error && (
          <div className="banner error" role="alert" data-testid="error-banner">
            {error}
            <button className="icon" onClick={() => setError(null)} aria-label="Dismiss">
              ×
            </button>
          </div>
        )}
        <main className="main" ref={mainRef} tabIndex={-1}>
          {!state ? (
            <div className="pad muted">starting…</div>
          ) : !summary ? (
            <Welcome
              state={state}
              onNew={() => void run(() => call('newCase', {}))}
              onOpen={(recent) => void run(() => call('openCase', { recent }))}
            />
          ) : loc.page === 'events' ? (
            <ExplorerView
              key={`${summary.path}#${nav.index}`}
              summary={summary}
              zone={zone}
              location={loc}
              onLocation={onExplorerChange}
              exporting={exporting}
              onExporting={setExporting}
              focusFilter={focusFilter}
              onFilterFocused={() => setFocusFilter(false)}
            />
          ) : loc.page === 'findings' ? (
            <FindingsView
              key={summary.path}
              summary={summary}
              selected={loc.finding}
              onSelect={(finding) => nav.replace({ page: 'findings', finding })}
            />
          ) : loc.page === 'user' ? (
            <UserPage key={loc.user} user={loc.user} />
          ) : loc.page === 'entity' ? (
            <EntityPage key={`${loc.kind}:${loc.value}`} kind={loc.kind} value={loc.value} />
          ) : loc.page === 'annotated' ? (
            <AnnotatedView />
          ) : (
            <CasePage summary={summary} reporting={reporting} onReporting={setReporting} />
          )}
        </main>
        {summary && (
          <footer className="statusbar" data-testid="statusbar">
            <span>
              {n(summary.events.total)} events ({n(summary.events.signin)} sign-ins, {n(summary.events.audit)}{' '}
              audit)
            </span>
            {summary.first !== null && summary.last !== null && (
              <span>
                {formatInZone(summary.first, zone, 'min')} → {formatInZone(summary.last, zone, 'min')}{' '}
                {zoneShort(zone, summary.first)}
              </span>
            )}
            <span>{bytes(summary.sizeBytes)}</span>
            <span className={summary.unindexed ? 'warn' : ''}>
              {summary.unindexed
                ? `${n(summary.unindexed)} events not yet searchable`
                : 'search index up to date'}
            </span>
            {summary.pendingIndexes > 0 && (
              <span
                className="warn"
                title="An import was stopped while building them: everything still works, filters are slower until the next import builds them."
              >
                {n(summary.pendingIndexes)} filter indexes pending
              </span>
            )}
            <span className="spacer" />
            <span className="muted">offline · no network</span>
          </footer>
        )}
        {imp.job && !(running && importHidden) && (
          <ImportPanel state={imp} onHide={() => setImportHidden(true)} onClose={() => setImp(IDLE_IMPORT)} />
        )}
        {dragging && summary && (
          <div className="drop-overlay">Drop export files or folders to import them into {summary.name}</div>
        )}
      </div>
    </WorkbenchContext.Provider>
  )
}
