// Bundles the extension, the language server and the CLI into CommonJS files in dist/.
// Sources are ESM (Langium is ESM-only); dist/package.json marks the bundles as CommonJS,
// so `node dist/server.js --stdio` and VS Code's require() both load them.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';

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
};

mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');

await Promise.all([
  esbuild.build({ ...common, entryPoints: { extension: 'extension/main.ts' }, outdir: 'dist', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: { server: 'server/main.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { cli: 'cli/main.ts' }, outdir: 'dist' }),
]);
