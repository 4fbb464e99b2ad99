import { OfficeLayerError } from './errors.js';

// Sizing writes so that one sync stays under Excel on the web's request cap (~5 MB): the payload
// of a sync is measured as the UTF-8 length of the JSON of the values and formats it writes.

export const DEFAULT_MAX_PAYLOAD_BYTES = 4_000_000;

function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x7f) continue;
    if (code <= 0x7ff) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 1; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++;
      bytes += 1;
    } else bytes += 2;
  }
  return bytes;
}

export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? '');
}

export interface Chunk {
  /** First row (inclusive). */
  start: number;
  /** Last row (exclusive). */
  end: number;
}

export interface ChunkPlanParams {
  /** Bytes each row adds to a sync. */
  rowBytes: readonly number[];
  /** Most bytes one sync may carry. */
  maxBytes: number;
  /** Bytes every chunk carries besides its rows (formats, array brackets). */
  fixedBytes: number;
  /** Extra bytes of the first chunk only (e.g. the header row). */
  firstChunkExtraBytes?: number;
}

/** Consecutive row ranges, each as large as fits in maxBytes; throws when one row alone cannot fit. */
export function planChunks({ rowBytes, maxBytes, fixedBytes, firstChunkExtraBytes = 0 }: ChunkPlanParams): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let used = fixedBytes + firstChunkExtraBytes;
  for (let i = 0; i < rowBytes.length; i++) {
    const bytes = rowBytes[i]!;
    if (used + bytes > maxBytes && i > start) {
      chunks.push({ start, end: i });
      start = i;
      used = fixedBytes;
    }
    if (used + bytes > maxBytes) {
      throw new OfficeLayerError('RowTooLarge', `Row ${i} needs ${used + bytes} bytes in one sync, more than the ${maxBytes}-byte limit.`);
    }
    used += bytes;
  }
  if (rowBytes.length > start) chunks.push({ start, end: rowBytes.length });
  return chunks;
}
