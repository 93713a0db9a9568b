// Tries, through the engine's own session, what the lockdown (engine/duckdb/lockdown.ts) must
// refuse, and one thing it must allow, so a host can prove the lockdown holds where it runs
// (the browser test does). Fixed statements only: no SQL comes from the caller; the optional
// URL is checked against a strict pattern before it is quoted.
import { VIRTUAL_ROOT } from '../duckdb/lockdown.js';
import type { SqlSession } from '../duckdb/session.js';

export interface LockdownAttempt {
  name: string;
  sql: string;
  refused: boolean;
  /** DuckDB's error when refused; the row count when (wrongly) allowed. */
  detail: string;
}

export interface LockdownProbeResult {
  /** Must all be refused. */
  attempts: LockdownAttempt[];
  /** Reading a registered file inside the engine's folder: must work, or the probe proves nothing. */
  control: LockdownAttempt;
}

const SAFE_URL = /^https?:\/\/[A-Za-z0-9.\-:/_]+$/;

let probes = 0;

export function probeLockdown(session: SqlSession, url?: string): LockdownProbeResult {
  const n = ++probes;
  const csv = new TextEncoder().encode('a,b\n1,2\n');
  const inside = `${VIRTUAL_ROOT}lockdown-probe-${n}.csv`;
  const outside = `/outside-${n}/probe.csv`;
  session.registerFile(inside, csv);
  session.registerFile(outside, csv);
  try {
    const attempts = [
      attempt('read a local file', `SELECT * FROM read_csv('/etc/passwd')`, session),
      attempt('write a file', `COPY (SELECT 1 AS x) TO '/tmp/sightline-lockdown-probe-${n}.csv'`, session),
      attempt('read a registered file outside the engine folder', `SELECT * FROM read_csv('${outside}')`, session),
      attempt('escape the engine folder with ..', `SELECT * FROM read_csv('${VIRTUAL_ROOT}../outside-${n}/probe.csv')`, session),
      attempt('re-enable external access', 'SET enable_external_access = true', session),
      attempt('widen allowed_directories', `SET allowed_directories = ['/']`, session),
      attempt('turn extension autoloading back on', 'SET autoload_known_extensions = true', session),
    ];
    if (url !== undefined) {
      if (!SAFE_URL.test(url)) throw new Error(`lockdownProbe: refusing URL ${JSON.stringify(url)}`);
      attempts.push(attempt('read a URL', `SELECT * FROM read_csv('${url}')`, session));
    }
    const control = attempt('read a registered file inside the engine folder', `SELECT * FROM read_csv('${inside}')`, session);
    return { attempts, control };
  } finally {
    session.dropFile(inside);
    session.dropFile(outside);
  }
}

function attempt(name: string, sql: string, session: SqlSession): LockdownAttempt {
  try {
    const t = session.query(sql);
    return { name, sql, refused: false, detail: `${t.numRows} rows` };
  } catch (e) {
    return { name, sql, refused: true, detail: e instanceof Error ? e.message : String(e) };
  }
}
