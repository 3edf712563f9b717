import type { SampleFormat, WriteOptions } from '../index'
import type { TextEncoding } from './encoding'

export interface TextStyle {
  encoding: TextEncoding
  eol: '\n' | '\r\n'
}

/**
 * What the real tool writes when nobody re-saves the file: the one place the writers take their
 * defaults from, exported so the generator's answer key can state each file's bytes.
 */
function defaultStyle(format: SampleFormat, options: WriteOptions): TextStyle {
  // Windows PowerShell 5.1's `-Encoding UTF8` writes a BOM; PowerShell 7's does not. Out-File: CRLF.
  const powershell: TextStyle = { encoding: options.powershell === '7' ? 'utf8' : 'utf8-bom', eol: '\r\n' }
  switch (format) {
    case 'portal-audit-csv':
    case 'portal-signin-csv':
      // Unconfirmed for a real download: parsers open it with utf-8-sig; RFC 4180 line breaks.
      return { encoding: 'utf8-bom', eol: '\r\n' }
    case 'portal-audit-json':
      return { encoding: 'utf8', eol: '\n' }
    case 'graph-audit-pages':
    case 'graph-signin-pages':
      // Raw Graph responses have no line breaks at all.
      return options.graphEnvelope ? { encoding: 'utf8', eol: '\n' } : powershell
    case 'graph-audit-ndjson':
    case 'graph-signin-ndjson':
      // Goose: Python `open(…, encoding='utf-8')` and "\n".
      return options.ndjsonStyle === 'sof-elk' ? powershell : { encoding: 'utf8', eol: '\n' }
    case 'la-audit-csv':
    case 'la-signin-csv':
      return { encoding: 'utf8-bom', eol: '\n' }
    case 'la-audit-jsonl':
    case 'la-signin-jsonl':
      return { encoding: 'utf8', eol: '\r\n' }
    case 'azure-monitor-eventhub':
    case 'azure-monitor-pt1h':
      return { encoding: 'utf8', eol: '\n' }
    case 'purview-csv':
      return options.purviewLayout === 'powershell' ? powershell : { encoding: 'utf8', eol: '\r\n' }
    case 'ual-jsonl':
      return { encoding: 'utf8', eol: '\n' }
  }
}

/** The encoding and line break a format's files get with these options. */
export function textStyle(format: SampleFormat, options: WriteOptions = {}): TextStyle {
  const style = defaultStyle(format, options)
  return { encoding: options.encoding ?? style.encoding, eol: options.eol ?? style.eol }
}
