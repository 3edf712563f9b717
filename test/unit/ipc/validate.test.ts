import { describe, expect, it } from 'vitest'
import { CHANNELS, type CallName } from '../../../src/shared/ipc/contract'
import { ValidationError, VALIDATORS, validateQuery } from '../../../src/shared/ipc/validate'

const query = {
  terms: [{ field: 'user', value: 'alice@contoso.com', negate: false }],
  text: 'mfa',
  from: 1,
  to: 2
}

describe('argument validation', () => {
  it('has a guard for every call of the contract', () => {
    expect(Object.keys(VALIDATORS).sort()).toEqual((Object.keys(CHANNELS) as CallName[]).sort())
  })

  it('accepts well-formed arguments and returns fresh copies', () => {
    const arg = { query, order: 'desc', after: { ts: 5, id: 9 }, limit: 200 }
    const out = VALIDATORS.queryPage(arg)
    expect(out).toEqual(arg)
    expect(out).not.toBe(arg)
    expect(VALIDATORS.getState(undefined)).toEqual({})
    expect(VALIDATORS.getState({})).toEqual({})
    expect(VALIDATORS.facet({ query, field: 'country', limit: 8 }).field).toBe('country')
    expect(VALIDATORS.histogram({ query, buckets: 100, zone: 'Europe/Berlin' }).zone).toBe('Europe/Berlin')
    expect(
      VALIDATORS.importDropped({
        paths: ['/evidence/a.csv', 'C:\\evidence\\b.json', '\\\\server\\share\\c.csv']
      }).paths
    ).toHaveLength(3)
  })

  it.each([
    [
      'unknown key',
      () => VALIDATORS.queryPage({ query, order: 'asc', after: null, limit: 1, sql: 'x' }),
      /unexpected key 'sql'/
    ],
    ['extra key in a query', () => validateQuery({ ...query, where: '1=1' }), /unexpected key 'where'/],
    [
      'unknown field',
      () => validateQuery({ ...query, terms: [{ field: 'raw', value: 'x', negate: false }] }),
      /must be one of/
    ],
    [
      'value too long',
      () => validateQuery({ ...query, terms: [{ field: 'ip', value: 'x'.repeat(600), negate: false }] }),
      /longer than/
    ],
    [
      'too many terms',
      () => validateQuery({ ...query, terms: Array.from({ length: 65 }, () => query.terms[0]) }),
      /more than 64/
    ],
    ['NUL in text', () => validateQuery({ ...query, text: 'a\u0000b' }), /NUL/],
    ['from after to', () => validateQuery({ ...query, from: 5, to: 5 }), /before/],
    ['fractional time', () => validateQuery({ ...query, from: 1.5 }), /whole number/],
    [
      'page too large',
      () => VALIDATORS.queryPage({ query, order: 'asc', after: null, limit: 100_000 }),
      /between 1 and 1000/
    ],
    [
      'bad order',
      () => VALIDATORS.queryPage({ query, order: 'random()', after: null, limit: 1 }),
      /must be one of/
    ],
    [
      'facet on a non-facet field',
      () => VALIDATORS.facet({ query, field: 'session', limit: 8 }),
      /must be one of/
    ],
    [
      'unknown zone',
      () => VALIDATORS.histogram({ query, buckets: 10, zone: 'Mars/Olympus' }),
      /unknown time zone/
    ],
    [
      'relative dropped path',
      () => VALIDATORS.importDropped({ paths: ['../../etc/passwd'] }),
      /absolute path/
    ],
    ['no dropped paths', () => VALIDATORS.importDropped({ paths: [] }), /at least one/],
    [
      'a class instance',
      () =>
        VALIDATORS.eventDetail(
          new (class {
            id = 1
          })()
        ),
      /plain object/
    ],
    ['an array', () => VALIDATORS.getState([]), /must be an object/],
    ['job id with path characters', () => VALIDATORS.cancelImport({ jobId: '../x' }), /not a job id/],
    ['recent path that is relative', () => VALIDATORS.openCase({ recent: 'case.authtrail' }), /absolute path/]
  ])('refuses %s', (_name, run, message) => {
    expect(run).toThrow(ValidationError)
    expect(run).toThrow(message)
  })
})
