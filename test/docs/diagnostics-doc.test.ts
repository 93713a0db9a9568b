import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { renderDiagnosticsDoc } from '../../scripts/diagnostics-doc.js';

describe('docs/diagnostics.md', () => {
  it('is up to date with the registry (run `npm run docs` after changing model/diagnostic-codes.ts)', () => {
    assert.equal(readFileSync('docs/diagnostics.md', 'utf8'), renderDiagnosticsDoc());
  });
});
