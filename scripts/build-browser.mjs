// Bundles the engine for browsers into dist/browser/:
//   engine-worker.js    the engine's Web Worker (engine/browser/worker.ts), a classic script
//   engine-client.mjs   the page side (engine/browser/client.ts), an ES module
//   duckdb-eh.wasm      DuckDB-WASM, fetched by the worker
//   preview-panel.js    the preview panel's webview script (extension/webview/main.ts), a classic script
//   preview-panel.css   its stylesheet (extension/webview/preview-panel.css, with @vscode/codicons'
//                       codicon.css bundled in)
//   codicon.ttf         the codicon font that stylesheet loads (font-src: the webview's own origin)
// and checks the worker bundle: exactly one apache-arrow copy (a second one makes DuckDB's
// Arrow inserts silently create nothing) and no Node built-in module.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'browser');
const production = process.argv.includes('--production');
const require = createRequire(import.meta.url);
const duckdbDist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));

/**
 * `node:path` → a POSIX shim; DuckDB-WASM's synchronous browser bindings, which the package's
 * "exports" map does not list, → the file itself.
 */
const browserHost = {
  name: 'sightline-browser-host',
  setup(build) {
    build.onResolve({ filter: /^(node:)?path$/ }, () => ({ path: path.join(root, 'engine', 'browser', 'path-shim.ts') }));
    build.onResolve({ filter: /^@duckdb\/duckdb-wasm\/dist\/duckdb-browser-blocking\.mjs$/ }, () => ({
      path: path.join(duckdbDist, 'duckdb-browser-blocking.mjs'),
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  metafile: true,
  plugins: [browserHost],
};

mkdirSync(outdir, { recursive: true });

const [worker] = await Promise.all([
  esbuild.build({ ...common, entryPoints: { 'engine-worker': 'engine/browser/worker.ts' }, outdir, format: 'iife' }),
  esbuild.build({ ...common, entryPoints: { 'engine-client': 'engine/browser/client.ts' }, outdir, format: 'esm', outExtension: { '.js': '.mjs' } }),
  esbuild.build({ ...common, entryPoints: { 'preview-panel': 'extension/webview/main.ts' }, outdir, format: 'iife' }),
  // The font keeps its name (no hash): the VSIX lists it, and .vscodeignore and the package test name it.
  esbuild.build({ ...common, entryPoints: { 'preview-panel': 'extension/webview/preview-panel.css' }, outdir, loader: { '.ttf': 'file' }, assetNames: '[name]' }),
]);

checkWorkerBundle(worker.metafile);
writeFileSync(path.join(outdir, 'engine-worker.meta.json'), JSON.stringify(worker.metafile));
copyIfChanged(path.join(duckdbDist, 'duckdb-eh.wasm'), path.join(outdir, 'duckdb-eh.wasm'));

function checkWorkerBundle(metafile) {
  const inputs = Object.keys(metafile.inputs);
  const imports = inputs.flatMap((from) => metafile.inputs[from].imports.map((i) => ({ from, ...i })));
  const problems = [];
  // Every `import … from 'apache-arrow'` (ours and DuckDB-WASM's) must resolve to one file...
  const arrowEntries = new Set(imports.filter((i) => i.original === 'apache-arrow').map((i) => i.path));
  if (arrowEntries.size !== 1) problems.push(`'apache-arrow' resolves to ${arrowEntries.size} files: ${[...arrowEntries].join(', ') || 'none'}`);
  if (!imports.some((i) => i.original === 'apache-arrow' && i.from.endsWith('duckdb-browser-blocking.mjs'))) problems.push("duckdb-browser-blocking.mjs does not import 'apache-arrow' from the bundle");
  // ...of one package folder, with each Arrow module once (not both its .mjs and .js builds).
  const arrow = inputs.filter((p) => /(^|\/)node_modules\/(.*\/)?apache-arrow\//.test(p));
  const folders = new Set(arrow.map((p) => p.slice(0, p.lastIndexOf('apache-arrow/'))));
  if (folders.size !== 1) problems.push(`apache-arrow is bundled from ${folders.size} folders: ${[...folders].join(', ')}`);
  const modules = new Map();
  for (const p of arrow) {
    const module = p.replace(/\.(mjs|cjs|js)$/, '');
    modules.set(module, [...(modules.get(module) ?? []), p]);
  }
  const doubled = [...modules.values()].filter((files) => files.length > 1);
  if (doubled.length > 0) problems.push(`${doubled.length} apache-arrow modules bundled twice, e.g. ${doubled.slice(0, 3).map((f) => f.join(' + ')).join('; ')}`);
  // platform 'browser' already fails the build on an unresolvable built-in; catch externals too
  // (esbuild's own helpers show up as the external '<runtime>').
  const external = imports.filter((i) => i.path !== '<runtime>' && (i.external || /^node:/.test(i.path)));
  if (external.length > 0) problems.push(`Node built-ins or externals in the worker bundle: ${external.map((i) => `${i.from} → ${i.path}`).join(', ')}`);
  if (problems.length > 0) {
    console.error('build-browser: the worker bundle is wrong:\n  ' + problems.join('\n  '));
    process.exit(1);
  }
}

function copyIfChanged(from, to) {
  const a = statSync(from);
  let b;
  try {
    b = statSync(to);
  } catch {
    b = undefined;
  }
  if (b && b.size === a.size && b.mtimeMs >= a.mtimeMs) return;
  copyFileSync(from, to);
}
