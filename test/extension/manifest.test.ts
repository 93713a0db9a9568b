// package.json and extension/ agree: every command the extension registers is contributed
// with a title in the "Sightline" category and shown in the palette, and every contributed
// command is registered (a contributed command nobody registers fails when the user runs
// it). The commands the server's CodeLenses name exist. The settings the server reads are
// contributed with their defaults.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLIENT_COMMANDS } from '../../server/protocol.js';

const ROOT = process.cwd();
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { type: string; default: unknown }> };
  };
};

function registeredCommands(): string[] {
  const dir = path.join(ROOT, 'extension');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return files.flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/registerCommand\('([\w.]+)'/g)].map((m) => m[1])).sort();
}

describe('extension manifest (package.json contributes)', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();

  it('contributes exactly the commands the extension registers', () => {
    assert.deepEqual(contributed, registeredCommands());
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'Sightline', c.command);
      assert.ok(c.title.length > 0, c.command);
    }
    // The warehouse export (issue 6, extension/commands/export.ts).
    assert.ok(contributed.includes('sightline.export'));
    assert.equal(manifest.contributes.commands.find((c) => c.command === 'sightline.export')?.title, 'Export Permissions to a Warehouse');
  });

  it('offers every command in the palette, and the preview on .perm editors', () => {
    assert.deepEqual(manifest.contributes.menus.commandPalette.map((m) => m.command).sort(), contributed);
    assert.ok(manifest.contributes.menus['editor/title'].some((m) => m.command === 'sightline.preview' && m.when?.includes('.perm')));
  });

  it('contributes the commands the server names in CodeLenses', () => {
    for (const id of Object.values(CLIENT_COMMANDS)) assert.ok(contributed.includes(id), id);
  });

  it('contributes the settings the server reads, with their defaults', () => {
    const p = manifest.contributes.configuration.properties;
    for (const key of ['sightline.engine.enabled', 'sightline.inlayHints.enabled', 'sightline.codeLens.enabled']) {
      assert.deepEqual([p[key]?.type, p[key]?.default], ['boolean', true], key);
    }
    assert.equal(p['sightline.trace.server']?.default, 'off');
  });
});
