// The VSIX (`npm run package`) holds exactly what the installed extension runs: the
// bundles, DuckDB's wasm, the grammar, the language configuration, the manifest, README and
// LICENSE (.vscodeignore), and nothing else: no sources, no node_modules, no source maps.
// And the manifest names only files that are in it.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ensureVsix, ROOT, zipEntries } from './vsix.js';

const MB = 1024 * 1024;

/** What the VSIX must hold, from what is on disk now (vsce renames README and LICENSE). */
function expectedEntries(): string[] {
  const files = ['package.json', 'readme.md', 'LICENSE.txt', 'language-configuration.json'];
  for (const f of readdirSync(path.join(ROOT, 'syntaxes'), { recursive: true, encoding: 'utf8' })) {
    if (statSync(path.join(ROOT, 'syntaxes', f)).isFile()) files.push(`syntaxes/${f.split(path.sep).join('/')}`);
  }
  files.push('dist/package.json', 'dist/extension.js', 'dist/server.js');
  // The engine's worker-thread bundle, once the build makes it.
  if (existsSync(path.join(ROOT, 'dist', 'engine-worker.js'))) files.push('dist/engine-worker.js');
  // The bundled CLI: sightline.export runs `dist/cli.js export` in a child process.
  files.push('dist/cli.js');
  // The preview panel's webview: script, styles (codicon.css bundled in) and the codicon font.
  files.push('dist/browser/preview-panel.js', 'dist/browser/preview-panel.css', 'dist/browser/codicon.ttf');
  for (const f of readdirSync(path.join(ROOT, 'dist'))) if (f.endsWith('.wasm')) files.push(`dist/${f}`);
  if (existsSync(path.join(ROOT, 'icon.png'))) files.push('icon.png');
  return ['[Content_Types].xml', 'extension.vsixmanifest', ...files.map((f) => `extension/${f}`)].sort();
}

describe('the packaged extension (dist/sightline.vsix)', function () {
  this.timeout(240_000);
  let vsix: string;
  let entries: { name: string; size: number }[];

  before(async () => {
    vsix = await ensureVsix();
    entries = zipEntries(vsix);
  });

  it('holds exactly the bundles, the wasm, the grammar, the manifest, README and LICENSE', () => {
    assert.deepEqual(entries.map((e) => e.name).sort(), expectedEntries());
  });

  it('holds the bundles as built, the engine wasm among them', () => {
    for (const f of ['extension.js', 'server.js', 'cli.js', 'duckdb-eh.wasm']) {
      const entry = entries.find((e) => e.name === `extension/dist/${f}`);
      assert.ok(entry, `dist/${f} is missing`);
      assert.equal(entry.size, statSync(path.join(ROOT, 'dist', f)).size, `dist/${f} differs from the build`);
    }
    const size = statSync(vsix).size;
    // DuckDB's wasm is ~33 MB and compresses to ~7 MB; a much larger VSIX has picked up something.
    assert.ok(size < 40 * MB, `the VSIX is ${(size / MB).toFixed(1)} MB`);
  });

  it('has a manifest whose entry point and contributed files are in the package', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      main: string;
      engines: { vscode: string };
      contributes: { languages: { configuration: string }[]; grammars: { path: string }[] };
    };
    const names = new Set(entries.map((e) => e.name));
    const inside = (p: string) => `extension/${path.posix.normalize(p)}`;
    assert.ok(names.has(inside(manifest.main)), `main ${manifest.main} is not in the VSIX`);
    for (const l of manifest.contributes.languages) assert.ok(names.has(inside(l.configuration)), l.configuration);
    for (const g of manifest.contributes.grammars) assert.ok(names.has(inside(g.path)), g.path);
    // code-server 4.100 (the e2e test's editor) is VS Code 1.100.
    assert.equal(manifest.engines.vscode, '^1.100.0');
  });
});
