// Bundles the extension, the language server and the CLI into CommonJS files in dist/.
// Sources are ESM (Langium is ESM-only); dist/package.json marks the bundles as CommonJS,
// so `node dist/server.js --stdio` and VS Code's require() both load them.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// One apache-arrow in every bundle: duckdb-wasm require()s the CommonJS build while our ESM
// sources import the ESM build; two copies make Arrow inserts silently create nothing.
const oneArrow = {
  name: 'one-apache-arrow',
  setup(build) {
    const file = require.resolve('apache-arrow');
    build.onResolve({ filter: /^apache-arrow$/ }, () => ({ path: file }));
  },
};

const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // Langium's ESM code reads import.meta.url in a few places; give CJS bundles a value for it.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  plugins: [oneArrow],
  metafile: true,
};

mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');

// The engine loads DuckDB's wasm from beside the bundle (engine/node.ts).
copyFileSync(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'), 'dist/duckdb-eh.wasm');

const results = await Promise.all([
  esbuild.build({ ...common, entryPoints: { extension: 'extension/main.ts' }, outdir: 'dist', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: { server: 'server/main.ts' }, outdir: 'dist' }),
  // The server's engine runs in this worker thread (server/engine-host.ts starts it from beside server.js).
  esbuild.build({ ...common, entryPoints: { 'engine-worker': 'server/engine-worker.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { cli: 'cli/main.ts' }, outdir: 'dist' }),
]);

for (const result of results) {
  // apache-arrow ships CommonJS (.js) and ESM (.mjs) builds side by side: both in one bundle = two copies.
  const kinds = new Set(Object.keys(result.metafile.inputs).filter((f) => f.includes('node_modules/apache-arrow/')).map((f) => f.split('.').pop()));
  if (kinds.size > 1) throw new Error(`two apache-arrow builds in one bundle (${[...kinds].join(' and ')})`);
}
