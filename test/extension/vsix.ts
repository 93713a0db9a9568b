// The packaged extension for tests: makes sure dist/sightline.vsix exists and is newer than
// the bundles (`npm test` packages it before mocha; a single test file run alone packages it
// here), and lists a zip's entries without unzip, which a fresh machine may not have.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = process.cwd();
/** SIGHTLINE_VSIX: test a vsix packaged elsewhere (then it is never rebuilt here). */
export const VSIX = process.env.SIGHTLINE_VSIX ?? path.join(ROOT, 'dist', 'sightline.vsix');

const INPUTS = ['dist/extension.js', 'dist/server.js', 'dist/engine-worker.js', 'dist/cli.js', 'dist/browser/preview-panel.js', 'dist/browser/preview-panel.css', 'dist/browser/codicon.ttf', 'package.json', '.vscodeignore'];

export async function ensureVsix(): Promise<string> {
  if (process.env.SIGHTLINE_VSIX) return VSIX;
  const built = existsSync(VSIX) ? statSync(VSIX).mtimeMs : 0;
  const stale = INPUTS.map((f) => path.join(ROOT, f)).some((f) => existsSync(f) && statSync(f).mtimeMs > built);
  if (built === 0 || stale) {
    await new Promise<void>((resolve, reject) =>
      execFile('npm', ['run', 'package'], { cwd: ROOT, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
        error ? reject(new Error(`npm run package failed:\n${stdout}${stderr}`)) : resolve(),
      ),
    );
  }
  return VSIX;
}

/** The entry names of a zip file, from its central directory. */
export function zipEntries(file: string): { name: string; size: number }[] {
  const zip = readFileSync(file);
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: { name: string; size: number }[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
