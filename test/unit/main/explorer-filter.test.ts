import { describe, expect, it } from 'vitest'
import {
  explorerWhere,
  ftsExpression,
  ExplorerFilterError,
  FIELD_SQL
} from '../../../src/main/db/explorer-filter'
import { QUERY_FIELDS, type ExplorerQuery, type Term } from '../../../src/shared/ipc/query'

const q = (terms: Term[], extra: Partial<ExplorerQuery> = {}): ExplorerQuery => ({
  terms,
  text: '',
  from: null,
  to: null,
  ...extra
})
const t = (field: Term['field'], value: string | null, negate = false): Term => ({ field, value, negate })

describe('explorer filter to SQL', () => {
  it('is empty for the empty query', () => {
    expect(explorerWhere(q([]))).toEqual({ clauses: [], params: [], fts: null })
  })

  it('binds values and normalizes them as the columns store them', () => {
    expect(explorerWhere(q([t('user', ' Alice@Contoso.COM ')]))).toEqual({
      clauses: ['user_upn = ?'],
      params: ['alice@contoso.com'],
      fts: null
    })
    expect(explorerWhere(q([t('activity', 'Update user.')])).params).toEqual(['update user'])
    expect(explorerWhere(q([t('actor', 'MS-PIM')])).params).toEqual(['MS-PIM'])
    expect(explorerWhere(q([t('actor', 'Bob@X.com')])).params).toEqual(['bob@x.com'])
    expect(explorerWhere(q([t('error', '50126')])).params).toEqual([50126])
    expect(explorerWhere(q([t('interactive', 'false')])).params).toEqual([0])
  })

  it('ORs values of one field, ANDs fields, and handles exclusions and empty values', () => {
    const w = explorerWhere(
      q(
        [
          t('country', 'GB'),
          t('country', 'US'),
          t('result', 'success', true),
          t('ip', null),
          t('method', null, true),
          t('user', 'a@b.c')
        ],
        {
          from: 100,
          to: 200
        }
      )
    )
    expect(w.clauses).toEqual([
      'country IN (?, ?)',
      'result IS NOT ?',
      'ip IS NULL',
      'method IS NOT NULL',
      'user_upn = ?',
      'ts >= ?',
      'ts < ?'
    ])
    expect(w.params).toEqual(['GB', 'US', 'success', 'a@b.c', 100, 200])
    expect(explorerWhere(q([t('ip', '1.2.3.4'), t('ip', null)])).clauses).toEqual(['(ip = ? OR ip IS NULL)'])
  })

  it('leaves out the facet field’s own terms when asked', () => {
    const w = explorerWhere(q([t('country', 'GB'), t('user', 'a@b.c')]), { exclude: 'country' })
    expect(w.clauses).toEqual(['user_upn = ?'])
  })

  it('never puts a value into the SQL text', () => {
    const evil = "x'); DROP TABLE events; --"
    for (const field of QUERY_FIELDS) {
      // Numeric and yes/no fields refuse such a value outright (next test).
      if (field === 'error' || field === 'asn' || field === 'interactive' || field === 'starred') continue
      const w = explorerWhere(q([t(field, evil), t(field, evil, true)]))
      expect(w.clauses.join(' ')).not.toContain('DROP')
      expect(w.clauses.join(' ')).toContain(FIELD_SQL[field].expr)
    }
  })

  it('refuses non-numbers for numeric fields', () => {
    expect(() => explorerWhere(q([t('error', '1 OR 1=1')]))).toThrow(ExplorerFilterError)
    expect(() => explorerWhere(q([t('interactive', 'maybe')]))).toThrow(/true or false/)
    expect(() => explorerWhere(q([t('starred', "1' OR 1=1")]))).toThrow(/true or false/)
  })

  it('turns free text into a quoted FTS5 expression: word prefixes, whole IPs and GUIDs, phrases', () => {
    expect(ftsExpression('alice mfa')).toBe('"alice"* "mfa"*')
    expect(ftsExpression('192.0.2.1 2001:db8::7 0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(
      '"192.0.2.1" "2001:db8::7" "0f8fad5b-d9cb-469f-a165-70867728950e"'
    )
    expect(ftsExpression('"user registered" a')).toBe('"user registered" "a"')
    expect(ftsExpression('NEAR(x y) OR "')).toBe('"NEAR(x"* "y)"* "OR"*')
    expect(ftsExpression('   ')).toBeNull()
    expect(explorerWhere(q([], { text: 'tap' })).fts).toBe('"tap"*')
  })
})
