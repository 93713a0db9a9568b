// One hermetic code-server for an end-to-end test: a temp folder holds its config, user data
// (with the settings given), extensions and a copy of the workspace; the vsix is installed
// with --install-extension; the server listens on a free loopback port (it reports the port
// it got) in its own process group, so stop() ends its extension host and our language
// server with it, and so does the test process's exit should stop() never run.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from './run.js';

export interface CodeServerOptions {
  /** DIR/code-server, as scripts/install-vscode-web.sh installs it. */
  codeServerDir: string;
  vsix: string;
  /** A folder to copy and open. */
  workspace: string;
  /** Edits the copy before the editor opens it (introduce an error, say). */
  prepare?: (dir: string) => void;
  settings: Record<string, unknown>;
  /** Extra environment for code-server, which its extension host inherits. */
  env?: Record<string, string>;
  timeout: number;
}

export interface CodeServer {
  origin: string;
  /** The workspace copy. */
  workspace: string;
  /** The temp folder; user-data/ and extensions/ are in it. */
  temp: string;
  /** code-server's output lines so far. */
  log: string[];
  stop(): void;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const temp = mkdtempSync(path.join(tmpdir(), 'sightline-e2e-'));
  const ud = path.join(temp, 'user-data');
  const ext = path.join(temp, 'extensions');
  const workspace = path.join(temp, path.basename(options.workspace));
  mkdirSync(path.join(ud, 'User'), { recursive: true });
  mkdirSync(ext);
  writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  writeFileSync(path.join(temp, 'config.yaml'), 'auth: none\n');
  cpSync(options.workspace, workspace, { recursive: true });
  options.prepare?.(workspace);

  const codeServer = path.join(options.codeServerDir, 'code-server');
  // Keep code-server away from the user's own ~/.config and ~/.local.
  const env = { ...process.env, ...options.env, XDG_CONFIG_HOME: path.join(temp, 'xdg-config'), XDG_DATA_HOME: path.join(temp, 'xdg-data') };
  const common = ['--config', path.join(temp, 'config.yaml'), '--user-data-dir', ud, '--extensions-dir', ext];
  await run(codeServer, [...common, '--install-extension', options.vsix], { timeoutMs: 120_000, env });

  const log: string[] = [];
  const child = spawn(
    codeServer,
    [...common, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = () => {
    killGroup(child);
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  };
  process.once('exit', () => killGroup(child));
  try {
    const origin = await listeningOrigin(child, log, options.timeout);
    return { origin, workspace, temp, log, stop };
  } catch (e) {
    stop();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\ncode-server log:\n${log.slice(-40).join('\n')}`);
  }
}

/** Resolves with code-server's http://127.0.0.1:PORT once it says it listens. */
function listeningOrigin(server: ChildProcess, log: string[], timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('code-server did not start listening')), timeout);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        log.push(line);
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      }
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code})`));
    });
  });
}

function killGroup(child: ChildProcess): void {
  // Even when code-server itself has exited: its children may still run in the group.
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is gone already.
  }
}
