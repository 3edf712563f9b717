/** Byte encodings a text writer can produce (WriteOptions.encoding). */
export type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be'

const BOMS: Record<TextEncoding, Buffer> = {
  utf8: Buffer.alloc(0),
  'utf8-bom': Buffer.from([0xef, 0xbb, 0xbf]),
  utf16le: Buffer.from([0xff, 0xfe]),
  utf16be: Buffer.from([0xfe, 0xff])
}

/** The byte-order mark written once at the start of a new file (never when appending). */
export function byteOrderMark(encoding: TextEncoding): Buffer {
  return BOMS[encoding]
}

/**
 * Encodes complete JavaScript strings. Callers only ever pass whole pieces of text, so a UTF-16
 * surrogate pair is never split across two calls.
 */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
    case 'utf8-bom':
      return Buffer.from(text, 'utf8')
    case 'utf16le':
      return Buffer.from(text, 'utf16le')
    case 'utf16be':
      // Node has no UTF-16BE codec; swapping each code unit of the LE bytes is exact.
      return Buffer.from(text, 'utf16le').swap16()
  }
}
