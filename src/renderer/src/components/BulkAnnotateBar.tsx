import { useState } from 'react'
import type { AnnotateRequest } from '../../../shared/ipc/case-work'
import { call, errorText } from '../api/client'
import { useLoad } from '../api/work-hooks'
import { useWorkbench } from '../nav/context'

interface Props {
  ids: number[]
  onClear: () => void
  onDone: (change: AnnotateRequest) => void
}

/** Star, tag or comment every ticked row at once; each change is one case-log entry. */
export function BulkAnnotateBar({ ids, onClear, onDone }: Props): React.JSX.Element {
  const { revision } = useWorkbench()
  const [tagRev, setTagRev] = useState(0)
  const tags = useLoad('listTags', {}, `${revision}.${tagRev}`)
  const [tag, setTag] = useState('')
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const apply = async (change: Omit<AnnotateRequest, 'ids'>, what: string): Promise<void> => {
    setBusy(true)
    setMessage(null)
    try {
      const request: AnnotateRequest = { ids, ...change }
      await call('annotate', request)
      setMessage({ ok: true, text: `${what} on ${ids.length} event${ids.length === 1 ? '' : 's'}` })
      setTagRev((r) => r + 1)
      onDone(request)
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) })
    } finally {
      setBusy(false)
    }
  }
  const cleanTag = tag.trim()
  return (
    <div className="bulk-bar" data-testid="bulk-annotate">
      <span className="bulk-count">
        {ids.length} ticked
        <button className="link" onClick={onClear}>
          clear
        </button>
      </span>
      <button className="tool" disabled={busy} onClick={() => void apply({ starred: true }, 'Starred')}>
        ★ Star
      </button>
      <button className="tool" disabled={busy} onClick={() => void apply({ starred: false }, 'Unstarred')}>
        ☆ Unstar
      </button>
      <span className="bulk-group">
        <input
          value={tag}
          list="bulk-tags"
          placeholder="tag"
          size={14}
          onChange={(e) => setTag(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && cleanTag) void apply({ addTags: [cleanTag] }, `Tagged ${cleanTag}`)
          }}
          data-testid="bulk-tag"
        />
        <datalist id="bulk-tags">
          {(tags.data ?? []).map((t) => (
            <option key={t.tag} value={t.tag}>
              {t.count}
            </option>
          ))}
        </datalist>
        <button
          className="tool"
          disabled={busy || !cleanTag}
          onClick={() => void apply({ addTags: [cleanTag] }, `Tagged ${cleanTag}`)}
          data-testid="bulk-tag-add"
        >
          Add tag
        </button>
        <button
          className="tool"
          disabled={busy || !cleanTag}
          onClick={() => void apply({ removeTags: [cleanTag] }, `Removed ${cleanTag}`)}
        >
          Remove tag
        </button>
      </span>
      <span className="bulk-group">
        <input
          value={comment}
          placeholder="comment"
          size={22}
          onChange={(e) => setComment(e.target.value)}
          data-testid="bulk-comment"
        />
        <button
          className="tool"
          disabled={busy || !comment.trim()}
          onClick={() => void apply({ comment: comment.trim() }, 'Commented')}
        >
          Set comment
        </button>
      </span>
      {message && <span className={message.ok ? 'ok small' : 'error small'}>{message.text}</span>}
    </div>
  )
}
