import { useCallback, useEffect, useState } from 'react'
import type { AppState } from '../../shared/ipc/contract'
import { isValidZone, UTC, zoneShort } from '../../shared/ipc/time-zone'
import { call, errorText, importDropped, useMainEvent } from './api/client'
import { attachJob, IDLE_IMPORT, useImportState } from './api/import-state'
import { TimeZoneSelect } from './components/TimeZoneSelect'
import { bytes, n } from './lib/format'
import { usePersistentState } from './lib/settings'
import { ExplorerView } from './views/ExplorerView'
import { ImportPanel } from './views/ImportPanel'
import { SourcesView } from './views/SourcesView'
import { Welcome } from './views/Welcome'
import { formatInZone } from '../../shared/ipc/time-zone'

type Tab = 'events' | 'sources'
const isZone = (v: unknown): v is string => typeof v === 'string' && isValidZone(v)

export function App(): React.JSX.Element {
  const [state, setState] = useState<AppState | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [zone, setZone] = usePersistentState<string>('zone', UTC, isZone)
  const [tab, setTab] = useState<Tab>('events')
  const [imp, setImp] = useImportState()
  const [importHidden, setImportHidden] = useState(false)
  const [dragging, setDragging] = useState(false)
  const [exportRequested, setExportRequested] = useState(0)
  const [focusRequested, setFocusRequested] = useState(0)

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
  useMainEvent('case:changed', () => void refresh())
  useMainEvent('import:started', () => setImportHidden(false))
  useMainEvent('menu:command', ({ command }) => {
    if (command === 'export') setExportRequested((c) => c + 1)
    else if (command === 'focus-filter') setFocusRequested((c) => c + 1)
  })

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
  return (
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
            <nav className="tabs">
              <button className={tab === 'events' ? 'on' : ''} onClick={() => setTab('events')}>
                Events
              </button>
              <button
                className={tab === 'sources' ? 'on' : ''}
                onClick={() => setTab('sources')}
                data-testid="tab-sources"
              >
                Sources <span className="muted">{summary.files}</span>
              </button>
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
      <main className="main">
        {!state ? (
          <div className="pad muted">starting…</div>
        ) : !summary ? (
          <Welcome
            state={state}
            onNew={() => void run(() => call('newCase', {}))}
            onOpen={(recent) => void run(() => call('openCase', { recent }))}
          />
        ) : tab === 'sources' ? (
          <SourcesView generation={summary.generation} />
        ) : (
          <ExplorerView
            key={summary.path}
            summary={summary}
            zone={zone}
            exportRequested={exportRequested}
            focusRequested={focusRequested}
          />
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
  )
}
