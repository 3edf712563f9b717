import { describe, expect, it } from 'vitest'
import { parseCsvRecords } from '../../../src/main/import/csv-fields'
import { isRisky } from '../../../src/shared/rules/helpers'
import { riskDetailOf } from '../../../src/shared/scan/risk-detail'
import { at, findings, history, registered, signIn } from '../../helpers/scan-events'

const split = (record: string): string[] => parseCsvRecords([record])[0] ?? []

describe('riskDetail read from the stored record', () => {
  it('finds it in Graph, Log Analytics / PowerShell and Azure Monitor JSON', () => {
    expect(riskDetailOf('{"id":"1","riskDetail":"aiConfirmedSigninSafe"}', null, split)).toBe(
      'aiConfirmedSigninSafe'
    )
    expect(riskDetailOf('{"Id":"1","RiskDetail":"none"}', null, split)).toBe('none')
    expect(
      riskDetailOf(
        '{"time":"…","category":"SignInLogs","properties":{"riskDetail":"userPassedMFADrivenByRiskBasedPolicy"}}',
        null,
        split
      )
    ).toBe('userPassedMFADrivenByRiskBasedPolicy')
    expect(riskDetailOf('{"id":"1"}', null, split)).toBeNull()
    expect(riskDetailOf('{"id": broken', null, split)).toBeNull()
  })

  it('reads a CSV row against its file header, multi-line cells included', () => {
    const header = '\uFEFFTenantId,SourceSystem,"TimeGenerated [UTC]",RiskDetail,RiskState'
    const row = 't1,Azure AD,"4/28/2021, 2:08:45.221 PM",aiConfirmedSigninSafe,atRisk'
    expect(riskDetailOf(row, header, split)).toBe('aiConfirmedSigninSafe')
    expect(riskDetailOf('t1,"a\nb",x,,atRisk', header, split)).toBeNull()
    expect(riskDetailOf('a,b', 'Date (UTC),User', split)).toBeNull()
    expect(riskDetailOf('a,b', null, split)).toBeNull()
  })
})

describe('SI-014 and riskDetail', () => {
  const risky = (riskDetail: string | null) =>
    signIn({
      user: 'tom@contoso.com',
      ts: at(6, '07:00'),
      ip: '198.51.100.34',
      riskLevel: 'medium',
      riskState: 'atRisk',
      riskDetail,
      riskEventTypes: ['unfamiliarFeatures']
    })

  it('ignores risk that Identity Protection or an administrator confirmed safe', () => {
    for (const d of ['aiConfirmedSigninSafe', 'adminConfirmedSigninSafe', 'adminDismissedAllRiskForUser'])
      expect(isRisky(risky(d)), d).toBe(false)
    expect(isRisky(risky('none'))).toBe(true)
    expect(isRisky(risky(null))).toBe(true)
  })

  it('is medium, with the reason, when the sign-in passed the MFA the risk policy required', () => {
    const events = (d: string | null) => [
      ...history('tom@contoso.com', '198.51.100.33', 0, 5),
      risky(d),
      registered('tom@contoso.com', at(6, '07:20'), '198.51.100.34')
    ]
    expect(findings('SI-014', events(null)).map((f) => f.severity)).toEqual(['high'])
    const lowered = findings('SI-014', events('userPassedMFADrivenByRiskBasedPolicy'))
    expect(lowered.map((f) => f.severity)).toEqual(['medium'])
    expect(lowered[0]?.summary).toContain('riskDetail userPassedMFADrivenByRiskBasedPolicy')
    expect(findings('SI-014', events('aiConfirmedSigninSafe'))).toEqual([])
  })
})
