// A page's cells as Arrow IPC (the "about 1,000 rows per message, Arrow IPC"): the rows
// DuckDB returned, re-encoded with apache-arrow's tableToIPC and carried as base64 because the
// language server protocol is JSON. extension/webview/page-decode.ts turns them back into the
// grid's cells with the same cellValue the engine uses. No Node API here: the browser worker
// runs this too.
import { tableToIPC, type Table } from 'apache-arrow';
import type { Column } from '../../model/types.js';

/** The table's `columns` (by name, in order) as a base64 Arrow IPC stream. */
export function pageToIpcBase64(rows: Table, columns: Column[]): string {
  return bytesToBase64(tableToIPC(rows.select(columns.map((c) => c.name)), 'stream'));
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function bytesToBase64(bytes: Uint8Array): string {
  const B = (globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, l: number): { toString(enc: string): string } } }).Buffer;
  if (B) return B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let at = 0; at < bytes.length; at += CHUNK) {
    const end = Math.min(bytes.length, at + CHUNK);
    let s = '';
    for (let i = at; i < end; i += 3) {
      const n = (bytes[i] << 16) | ((i + 1 < end ? bytes[i + 1] : 0) << 8) | (i + 2 < end ? bytes[i + 2] : 0);
      s += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] + (i + 1 < end ? ALPHABET[(n >> 6) & 63] : '=') + (i + 2 < end ? ALPHABET[n & 63] : '=');
    }
    parts.push(s);
  }
  return parts.join('');
}

export function base64ToBytes(text: string): Uint8Array {
  const B = (globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } }).Buffer;
  if (B) {
    const b = B.from(text, 'base64');
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
