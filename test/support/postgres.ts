// A private PostgreSQL server for tests: initdb into a temporary folder, listening on
// 127.0.0.1 only, on a free port, with its own socket folder; stopped (and its folder
// removed) by stop(), which tests call in `after` (and which also runs on process exit).
// PostgreSQL refuses to run as root: as root, the server runs as the system user
// `sightline-pg` (created when missing). Queries go through psql, which is also what the
// export's script (COPY … FROM STDIN blocks) is written for.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const PG_USER = 'sightline-pg';

function findBin(name: string): string {
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const v of readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
      const p = path.join(root, v, 'bin', name);
      if (existsSync(p)) return p;
    }
  }
  throw new Error(`${name} not found: run scripts/install-postgres.sh (as root)`);
}

/** Installs PostgreSQL if missing (scripts/install-postgres.sh); returns the seconds it took. */
export function ensurePostgresInstalled(): number {
  const start = Date.now();
  try {
    findBin('initdb');
    findBin('pg_ctl');
    findBin('psql');
    return 0;
  } catch {
    execFileSync('sh', [path.resolve('scripts/install-postgres.sh')], { stdio: 'inherit' });
    return (Date.now() - start) / 1000;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface QueryResult {
  stdout: string;
  stderr: string;
  status: number;
}

export class PostgresServer {
  private stopped = false;
  private readonly onExit = () => this.stop();

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly asUser: string[],
    private readonly pgCtl: string,
    private readonly psqlBin: string,
  ) {
    process.on('exit', this.onExit);
  }

  static async start(): Promise<PostgresServer> {
    ensurePostgresInstalled();
    const initdb = findBin('initdb');
    const pgCtl = findBin('pg_ctl');
    const psql = findBin('psql');
    const root = process.getuid?.() === 0;
    if (root && spawnSync('id', ['-u', PG_USER]).status !== 0) {
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER]);
    }
    const asUser = root ? ['runuser', '-u', PG_USER, '--'] : [];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-pg-'));
    const data = path.join(dir, 'data');
    const sockets = path.join(dir, 'sockets');
    mkdirSync(sockets);
    if (root) {
      const uid = Number(execFileSync('id', ['-u', PG_USER], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', PG_USER], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
      chownSync(sockets, uid, gid);
    }
    const run = (cmd: string, args: string[]) => {
      const [bin, ...rest] = [...asUser, cmd, ...args];
      const r = spawnSync(bin, rest, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}${r.stdout}`);
    };
    run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    writeFileSync(path.join(dir, 'postgresql.auto.conf'), '');
    const opts = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${sockets} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c jit=off`;
    run(pgCtl, ['-D', data, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    return new PostgresServer(dir, port, asUser, pgCtl, psql);
  }

  /** Runs psql on `db` with the script on standard input (-v ON_ERROR_STOP=1, quiet, unaligned, tuples only). */
  psql(db: string, script: string): QueryResult {
    const r = spawnSync(this.psqlBin, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', db], {
      input: script,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, PGCONNECT_TIMEOUT: '10', PGCLIENTENCODING: 'UTF8' },
    });
    return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status ?? -1 };
  }

  /** psql that throws on failure. */
  /** Runs a script file (too big for one string) with ON_ERROR_STOP; throws with psql's error. */
  runFile(db: string, file: string): void {
    const r = spawnSync(this.psqlBin, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', db, '-f', file], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, PGCONNECT_TIMEOUT: '10', PGCLIENTENCODING: 'UTF8' },
    });
    if (r.status !== 0) throw new Error(`psql -f ${file} on ${db} failed (${r.status}): ${(r.stderr ?? '').slice(0, 4000)}`);
  }

  run(db: string, script: string): string {
    const r = this.psql(db, script);
    if (r.status !== 0) throw new Error(`psql on ${db} failed (${r.status}): ${r.stderr.slice(0, 4000)}`);
    return r.stdout;
  }

  createDatabase(name: string): void {
    this.run('postgres', `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C';`);
  }

  dropDatabase(name: string): void {
    this.run('postgres', `DROP DATABASE IF EXISTS "${name}";`);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    process.off('exit', this.onExit);
    const [bin, ...rest] = [...this.asUser, this.pgCtl, '-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', 'stop'];
    spawnSync(bin, rest, { encoding: 'utf8' });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
