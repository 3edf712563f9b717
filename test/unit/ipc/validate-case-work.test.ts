import { describe, expect, it } from 'vitest'
import { ValidationError, VALIDATORS } from '../../../src/shared/ipc/validate'

const findings = { minSeverity: 'low', rule: null, user: null, status: null, includeSuppressed: false }

describe('validation of the investigation calls', () => {
  it('accepts well-formed arguments and normalizes them', () => {
    expect(VALIDATORS.scan(undefined)).toEqual({})
    expect(VALIDATORS.listFindings({ ...findings, rule: 'si-014', status: 'malicious' })).toEqual({
      ...findings,
      rule: 'SI-014',
      status: 'malicious'
    })
    expect(VALIDATORS.findingDetail({ id: 'si014-0a1b2c3d4e5f6a7b' })).toEqual({
      id: 'si014-0a1b2c3d4e5f6a7b'
    })
    expect(
      VALIDATORS.setTriage({ ids: ['a-1', 'a-1', 'b-2'], status: 'benign', note: 'IT ticket 4711' })
    ).toEqual({ ids: ['a-1', 'b-2'], status: 'benign', note: 'IT ticket 4711' })
    expect(
      VALIDATORS.addSuppression({ rule: 'SI-024', scope: 'ip', value: ' 203.0.113.7 ', note: null })
    ).toEqual({ rule: 'SI-024', scope: 'ip', value: '203.0.113.7', note: null })
    expect(VALIDATORS.userView({ user: ' Alice@Contoso.com ', windowMinutes: 60 })).toEqual({
      user: 'Alice@Contoso.com',
      windowMinutes: 60
    })
    expect(VALIDATORS.entityView({ kind: 'phone', value: '+1 555 0100' }).kind).toBe('phone')
    expect(
      VALIDATORS.annotate({ ids: [3, 1, 3], addTags: [' Phish ', 'phish', 'C2'], starred: true })
    ).toEqual({ ids: [3, 1], addTags: ['phish', 'c2'], starred: true })
    // comment: null clears, and is kept as an explicit change
    expect(VALIDATORS.annotate({ ids: [1], comment: null })).toEqual({ ids: [1], comment: null })
    expect(
      VALIDATORS.listAnnotations({ limit: 50, after: { updatedAt: '2026-10-01T10:00:00.000Z', eventId: 4 } })
    ).toEqual({ limit: 50, after: { updatedAt: '2026-10-01T10:00:00.000Z', eventId: 4 } })
    expect(VALIDATORS.caseLog({ limit: 100, before: null })).toEqual({ limit: 100, before: null })
    expect(VALIDATORS.exportReport({ format: 'timesketch', zone: 'Europe/Berlin' }).format).toBe('timesketch')
    expect(
      VALIDATORS.setTriage({
        ids: Array.from({ length: 10_000 }, (_, i) => `f-${i}`),
        status: 'new',
        note: null
      }).ids
    ).toHaveLength(10_000)
  })

  it.each([
    ['an unknown key', () => VALIDATORS.listFindings({ ...findings, sql: 'x' }), /unexpected key 'sql'/],
    [
      'an unknown severity',
      () => VALIDATORS.listFindings({ ...findings, minSeverity: 'extreme' }),
      /must be one of/
    ],
    [
      'a rule that is not a rule id',
      () => VALIDATORS.listFindings({ ...findings, rule: 'DROP' }),
      /not a rule id/
    ],
    [
      'an unknown triage status',
      () => VALIDATORS.setTriage({ ids: ['a'], status: 'done', note: null }),
      /must be one of/
    ],
    [
      'no finding ids',
      () => VALIDATORS.setTriage({ ids: [], status: 'new', note: null }),
      /must not be empty/
    ],
    [
      'too many finding ids',
      () =>
        VALIDATORS.setTriage({
          ids: Array.from({ length: 10_001 }, (_, i) => `f-${i}`),
          status: 'new',
          note: null
        }),
      /more than 10000/
    ],
    ['a finding id with SQL', () => VALIDATORS.findingDetail({ id: "x' OR 1=1" }), /not a finding id/],
    [
      'a note too long',
      () => VALIDATORS.setTriage({ ids: ['a'], status: 'new', note: 'x'.repeat(10_001) }),
      /longer than 10000/
    ],
    [
      'an unknown suppression scope',
      () => VALIDATORS.addSuppression({ rule: 'SI-001', scope: 'tenant', value: 'x', note: null }),
      /must be one of/
    ],
    [
      'a blank suppression value',
      () => VALIDATORS.addSuppression({ rule: 'SI-001', scope: 'user', value: '   ', note: null }),
      /must not be empty/
    ],
    ['a fractional suppression id', () => VALIDATORS.removeSuppression({ id: 1.5 }), /whole number/],
    [
      'a window of a month',
      () => VALIDATORS.userView({ user: 'a', windowMinutes: 43_200 }),
      /between 1 and 10080/
    ],
    [
      'an unknown entity kind',
      () => VALIDATORS.entityView({ kind: 'mailbox', value: 'x' }),
      /must be one of/
    ],
    ['annotating nothing', () => VALIDATORS.annotate({ ids: [1] }), /changes nothing/],
    ['an event id of 0', () => VALIDATORS.annotate({ ids: [0], starred: true }), /between 1/],
    [
      'too many event ids',
      () => VALIDATORS.annotate({ ids: Array.from({ length: 10_001 }, (_, i) => i + 1), starred: true }),
      /more than 10000/
    ],
    [
      'a tag of 65 characters',
      () => VALIDATORS.annotate({ ids: [1], addTags: ['x'.repeat(65)] }),
      /longer than 64/
    ],
    ['an empty tag', () => VALIDATORS.annotate({ ids: [1], addTags: ['  '] }), /must not be empty/],
    ['a tag with a control character', () => VALIDATORS.annotate({ ids: [1], addTags: ['a\tb'] }), /control/],
    [
      'a tag added and removed',
      () => VALIDATORS.annotate({ ids: [1], addTags: ['x'], removeTags: ['X'] }),
      /both added and removed/
    ],
    ['a string for starred', () => VALIDATORS.annotate({ ids: [1], starred: 'yes' }), /true or false/],
    [
      'a comment too long',
      () => VALIDATORS.annotate({ ids: [1], comment: 'x'.repeat(10_001) }),
      /longer than 10000/
    ],
    [
      'a cursor time that is not ISO',
      () => VALIDATORS.listAnnotations({ limit: 5, after: { updatedAt: 'yesterday', eventId: 1 } }),
      /ISO 8601/
    ],
    [
      'a case-log page too large',
      () => VALIDATORS.caseLog({ limit: 5000, before: null }),
      /between 1 and 1000/
    ],
    [
      'an unknown report format',
      () => VALIDATORS.exportReport({ format: 'pdf', zone: 'UTC' }),
      /must be one of/
    ],
    [
      'an unknown report zone',
      () => VALIDATORS.exportReport({ format: 'html', zone: 'Mars/Olympus' }),
      /unknown time zone/
    ],
    ['arguments to scan', () => VALIDATORS.scan({ rules: ['SI-001'] }), /unexpected key/]
  ])('refuses %s', (_name, run, message) => {
    expect(run).toThrow(ValidationError)
    expect(run).toThrow(message)
  })
})
