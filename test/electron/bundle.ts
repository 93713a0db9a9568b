// Bundles the in-editor suite (suite.ts) into one CommonJS file that an extension host can
// load as extensionTestsPath. `outDir` must lie outside this repository: under its
// package.json ("type": "module") a .js file would load as ESM.
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export async function bundleSuite(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'index.js');
  await esbuild.build({
    entryPoints: [path.join(process.cwd(), 'test', 'electron', 'suite.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'error',
  });
  return outfile;
}
