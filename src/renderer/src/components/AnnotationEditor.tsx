import { useState } from 'react'
import type { Annotation, AnnotateRequest } from '../../../shared/ipc/case-work'
import { call, errorText } from '../api/client'
import { useLoad } from '../api/work-hooks'
import { useWorkbench } from '../nav/context'
import { When } from './When'

interface Props {
  eventId: number
  annotation: Annotation | null
  onChanged: (change: AnnotateRequest) => void
}

/** Star, tags and a comment on one event, stored in the case file (and logged). */
export function AnnotationEditor({ eventId, annotation, onChanged }: Props): React.JSX.Element {
  const { revision } = useWorkbench()
  const tags = useLoad('listTags', {}, revision)
  const [tag, setTag] = useState('')
  const stored = annotation?.comment ?? ''
  const [comment, setComment] = useState(stored)
  // The stored comment the text box started from. When it changes (this editor saved, or another
  // change reloaded the event), text the analyst has not touched follows it; typed text is kept
  // (a reload after adding a tag used to remount the editor and wipe a comment being typed).
  const [base, setBase] = useState(stored)
  if (stored !== base) {
    setBase(stored)
    if (comment === base) setComment(stored)
  }
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const starred = annotation?.starred ?? false
  const apply = async (change: Omit<AnnotateRequest, 'ids'>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const request: AnnotateRequest = { ids: [eventId], ...change }
      await call('annotate', request)
      onChanged(request)
      tags.reload()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  const addTag = (): void => {
    const t = tag.trim()
    if (!t) return
    setTag('')
    void apply({ addTags: [t] })
  }
  const commentDirty = comment.trim() !== (annotation?.comment ?? '')
  return (
    <div className="annotation" data-testid="annotation-editor">
      <div className="annotation-row">
        <button
          className={`star${starred ? ' on' : ''}`}
          disabled={busy}
          onClick={() => void apply({ starred: !starred })}
          title={starred ? 'Remove the star' : 'Star this event'}
          aria-pressed={starred}
          data-testid="star-toggle"
        >
          {starred ? '★' : '☆'}
        </button>
        {(annotation?.tags ?? []).map((t) => (
          <span key={t} className="tag-chip">
            {t}
            <button
              className="chip-x"
              disabled={busy}
              onClick={() => void apply({ removeTags: [t] })}
              aria-label={`Remove tag ${t}`}
            >
              ×
            </button>
          </span>
        ))}
        <input
          value={tag}
          list="detail-tags"
          placeholder="add tag…"
          size={12}
          onChange={(e) => setTag(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') addTag()
          }}
          data-testid="tag-input"
        />
        <datalist id="detail-tags">
          {(tags.data ?? []).map((t) => (
            <option key={t.tag} value={t.tag} />
          ))}
        </datalist>
      </div>
      <textarea
        value={comment}
        rows={2}
        placeholder="Comment…"
        onChange={(e) => setComment(e.target.value)}
        data-testid="comment-input"
      />
      <div className="row-actions">
        <button
          className="tool"
          disabled={busy || !commentDirty}
          onClick={() => void apply({ comment: comment.trim() ? comment.trim() : null })}
          data-testid="comment-save"
        >
          {comment.trim() || !annotation?.comment ? 'Save comment' : 'Clear comment'}
        </button>
        {annotation && (
          <span className="muted small">
            updated <When ms={Date.parse(annotation.updatedAt)} precision="s" label />
          </span>
        )}
        {error && <span className="error small">{error}</span>}
      </div>
    </div>
  )
}
