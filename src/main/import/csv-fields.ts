import Papa from 'papaparse'

/**
 * Field parsing of complete CSV records with papaparse. The records were already cut by
 * CsvSplitter (which keeps their exact text and line), so they are joined with '\n' and parsed
 * in one call: per-record calls would pay papaparse's set-up cost for every row.
 */
export function parseCsvRecords(records: readonly string[]): string[][] {
  const result = Papa.parse<string[]>(records.join('\n'), {
    delimiter: ',',
    newline: '\n',
    quoteChar: '"',
    escapeChar: '"',
    header: false,
    skipEmptyLines: false
  })
  return result.data
}
