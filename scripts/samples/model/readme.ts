/**
 * samples/README.md, generated from the answer key so that it never disagrees with the data: what
 * the folder holds, the stories (rules that must fire, or must stay quiet for look-alikes), and
 * the files with their formats and record counts.
 */
import type { Expected } from './answer-key'

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

export function samplesReadme(key: Expected): string {
  const attacks = key.stories.filter((s) => !s.lookalike)
  const lookalikes = key.stories.filter((s) => s.lookalike)
  const lines: string[] = [
    '# Sample tenant',
    '',
    `A synthetic two-week Entra ID tenant (${key.window.start} to ${key.window.end}, seed \`${key.seed}\`), written by`,
    '`npm run samples` (scripts/samples/generate.ts) as a responder would receive it: the same tenant through several',
    'export paths with overlapping time ranges, in different encodings. `EXPECTED.json` is the answer key: every story',
    'with its users, time span, the detections that must fire (or, for look-alikes, must stay below medium), the facts',
    'an investigator should find, every file with its record counts, and the distinct totals after deduplication.',
    '`broken/` holds one damaged file per kind of damage the importer must survive (see broken/README.md).',
    '',
    'Only documentation addresses (192.0.2.0/24 corporate and home, 198.51.100.0/24 mobile, hotels, cloud and, from',
    '.200, Microsoft-like service addresses on some audit events; 203.0.113.0/24 attackers), documentation ASNs,',
    'example domains and fictional phone numbers are used.',
    '',
    `Totals: ${key.totals.audit} audit events and ${key.totals.signin} sign-ins (distinct). ${key.totals.ualRecords.audit} of the audit events are also`,
    'in unified-audit-log form (Purview CSV, UAL JSON lines); the importer keeps those records as their own events',
    'linked to the Entra event they mirror.',
    '',
    '## Attack stories',
    '',
    '| Story | Users | Must fire |',
    '|---|---|---|',
    ...attacks.map((s) => `| **${s.id}** ${cell(s.title)} | ${s.users.join(', ')} | ${s.detections.join(', ')} |`),
    '',
    '## Benign look-alikes',
    '',
    'No finding on a look-alike reaches medium: the rules lower each catalog-named false positive the data proves to low, with the reason (the last column would list any exception the catalog forces; there is none).',
    '',
    '| Story | Users | Must not fire (medium+) | May fire (below medium) | Medium+ by the catalog |',
    '|---|---|---|---|---|',
    ...lookalikes.map(
      (s) =>
        `| **${s.id}** ${cell(s.title)} | ${s.users.join(', ')} | ${s.mustNotFire.join(', ')} | ${s.mayFire.join(', ') || '-'} | ${
          s.loudByCatalog.map((l) => `${l.rule} ${l.severity}: ${cell(l.why)}`).join('<br>') || '-'
        } |`
    ),
    '',
    '## Files',
    '',
    '| File | Format | Records | Audit | Sign-ins | Encoding | Holds |',
    '|---|---|---|---|---|---|---|',
    ...key.files.map(
      (f) =>
        `| \`${f.path}\` | ${f.format} | ${f.records} | ${f.audit} | ${f.signin} | ${f.encoding ?? ''} ${f.eol ?? ''} | ${cell(f.covers ?? '')}${f.companion ? ' (AuthDetails companion)' : ''} |`
    ),
    ''
  ]
  return lines.join('\n')
}
