import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { TextDecoder } from 'node:util'

export type SourceEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252'

/** A file that is not a text export at all: stop with a message that says what it is. */
export class SourceFileError extends Error {}

const SIGNATURES: ReadonlyArray<readonly [number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image, not a log export'],
  [[0xff, 0xd8, 0xff], 'a JPEG image, not a log export'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document, not a log export'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (xlsx or zipped export): extract or save it as CSV/JSON first'],
  [[0x1f, 0x8b], 'gzip-compressed: decompress it first'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database, not a log export']
]

/**
 * Decides how to decode a file from its first bytes: a BOM names UTF-8 or UTF-16; UTF-16 without
 * a BOM shows as every other byte being zero; bytes that are not valid UTF-8 are read as
 * Windows-1252 (Excel re-saves); known binary formats are refused with a clear reason.
 */
export function detectEncoding(head: Buffer): SourceEncoding {
  for (const [magic, what] of SIGNATURES) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b))
      throw new SourceFileError(`this file is ${what}`)
  }
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom'
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le'
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be'
  const n = Math.min(head.length, 4096) & ~1
  let evenZeros = 0
  let oddZeros = 0
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++
    if (head[i + 1] === 0) oddZeros++
  }
  if (n >= 4 && oddZeros > n / 4 && evenZeros === 0) return 'utf-16le'
  if (n >= 4 && evenZeros > n / 4 && oddZeros === 0) return 'utf-16be'
  if (evenZeros + oddZeros > 0)
    throw new SourceFileError('this file is binary (it contains NUL bytes), not a text export')
  try {
    // A multi-byte character may be cut at the end of the sample; only what precedes it must be valid.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, trimIncompleteUtf8(head)))
    return 'utf-8'
  } catch {
    return 'windows-1252'
  }
}

function trimIncompleteUtf8(buf: Buffer): number {
  let end = buf.length
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = buf[end - i] as number
    if ((b & 0xc0) === 0x80) continue
    if (b >= 0xc0) end -= i
    break
  }
  return end
}

export async function readHead(path: string, bytes = 65536): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buf = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buf, 0, bytes, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** SHA-256 of a file, streamed: the identity of a source in the case. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export function textDecoderFor(encoding: SourceEncoding): TextDecoder {
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding
  // ignoreBOM: false strips the BOM; invalid bytes become U+FFFD rather than failing the file.
  return new TextDecoder(label, { fatal: false, ignoreBOM: false })
}
