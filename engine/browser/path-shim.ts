// POSIX `node:path` for the browser bundle. The model and the engine import node:path for
// pure string work on absolute, '/'-separated paths; scripts/build-browser.mjs aliases
// `node:path` and `path` to this module. Only what is used (or cheap to keep correct) is here,
// with Node's POSIX semantics. There is no working directory in a browser: `resolve` treats
// relative paths as relative to '/'.

export const sep = '/';
export const delimiter = ':';

export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

/** Collapses '.', '..' and repeated separators; keeps a trailing separator like Node does. */
export function normalize(p: string): string {
  if (p === '') return '.';
  const absolute = isAbsolute(p);
  const trailing = p.endsWith('/');
  const out = normalizeSegments(p.split('/'), absolute);
  let result = out.join('/');
  if (result === '' && !absolute) result = '.';
  if (result !== '' && trailing) result += '/';
  return absolute ? '/' + result : result;
}

function normalizeSegments(segments: string[], absolute: boolean): string[] {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(s);
  }
  return out;
}

export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

export function resolve(...parts: string[]): string {
  let resolved = '';
  for (let i = parts.length - 1; i >= 0 && !isAbsolute(resolved); i--) {
    const p = parts[i];
    if (p === '') continue;
    resolved = resolved === '' ? p : `${p}/${resolved}`;
  }
  const out = normalizeSegments(resolved.split('/'), true).join('/');
  return '/' + out;
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export function dirname(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return trimmed.slice(0, i).replace(/\/+$/, '') || '/';
}

export function basename(p: string, ext?: string): string {
  const trimmed = p.replace(/\/+$/, '');
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (ext && ext !== base && base.endsWith(ext)) return base.slice(0, base.length - ext.length);
  return base;
}

export function extname(p: string): string {
  const base = basename(p);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return '';
  return base.slice(dot);
}

export const posix = { sep, delimiter, isAbsolute, normalize, join, resolve, relative, dirname, basename, extname };
export default posix;
