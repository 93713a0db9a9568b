// `npm run docs`: regenerates the documents that are derived from code.
import { writeFileSync } from 'node:fs';
import { renderDiagnosticsDoc } from './diagnostics-doc.js';

writeFileSync('docs/diagnostics.md', renderDiagnosticsDoc());
console.log('wrote docs/diagnostics.md');
