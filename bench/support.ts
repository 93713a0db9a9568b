// What the benchmark scripts share: timing figures (median, min, max) printed as a Markdown
// table for bench/RESULTS.md, and a buffered line writer for data files too big for a string.
import { closeSync, mkdirSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class Figures {
  readonly rows: [string, number[]][] = [];

  constructor(private readonly log?: (line: string) => void) {}

  /** Runs `fn` `runs` times and records each duration. */
  async measure(name: string, runs: number, fn: () => Promise<unknown>): Promise<void> {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    this.add(name, times);
  }

  add(name: string, times: number[]): void {
    this.rows.push([name, times]);
    this.log?.(`${name}: ${times.map((x) => x.toFixed(1)).join(', ')} ms`);
  }

  table(): string {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
    const lines = ['| figure | median ms | min | max | runs |', '| --- | ---: | ---: | ---: | ---: |'];
    for (const [name, xs] of this.rows) lines.push(`| ${name} | ${ms(median(xs))} | ${ms(Math.min(...xs))} | ${ms(Math.max(...xs))} | ${xs.length} |`);
    return lines.join('\n');
  }
}

/** A buffered line writer (the 10 M-row files do not fit one string). */
export class Lines {
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;
  bytes = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  push(line: string): void {
    this.buf.push(line);
    this.size += line.length + 1;
    if (this.size > 1 << 22) this.flush();
  }
  flush(): void {
    if (!this.buf.length) return;
    const s = this.buf.join('\n') + '\n';
    this.bytes += Buffer.byteLength(s);
    writeSync(this.fd, s);
    this.buf = [];
    this.size = 0;
  }
  close(): number {
    this.flush();
    closeSync(this.fd);
    return this.bytes;
  }
}

/** A new temporary workspace folder for generated data, with its data/ and perm/ folders. */
export function benchWorkspaceDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  mkdirSync(path.join(dir, 'data'));
  mkdirSync(path.join(dir, 'perm'));
  return dir;
}
