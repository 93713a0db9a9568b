// Every ```sightline block of docs/language.md is a whole file that must parse without errors.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '../../language/parse.js';

const docPath = fileURLToPath(new URL('../../docs/language.md', import.meta.url));

interface Example {
  line: number;
  text: string;
}

function sightlineBlocks(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!/^```sightline\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    assert.ok(end < lines.length, `the sightline block at line ${i + 1} of docs/language.md is never closed`);
    examples.push({ line: i + 1, text: lines.slice(start, end).join('\n') + '\n' });
    i = end;
  }
  return examples;
}

describe('docs/language.md examples', () => {
  const examples = sightlineBlocks(readFileSync(docPath, 'utf8'));

  it('has sightline examples to check', () => {
    assert.ok(examples.length >= 10, `only ${examples.length} sightline blocks found`);
  });

  for (const example of examples) {
    it(`parses the example at line ${example.line}`, () => {
      const { ast, errors } = parseDocument(example.text);
      const described = errors.map((e) => {
        const before = example.text.slice(0, e.start);
        const line = example.line + before.split('\n').length;
        return `line ${line}: ${e.message}`;
      });
      assert.deepEqual(described, []);
      assert.ok(ast.elements.length > 0, 'the example declares nothing');
    });
  }

  it('rejects a broken example (the check can fail)', () => {
    assert.notDeepEqual(parseDocument('team Finance {\n  user role analyst\n}\n').errors, []);
  });
});
