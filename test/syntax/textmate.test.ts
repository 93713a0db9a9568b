// Tokenizes lines of the language sketch with the real TextMate engine VS Code uses
// (vscode-textmate + the oniguruma WebAssembly build) and checks the scopes of tokens.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as OnigurumaModule from 'vscode-oniguruma';
import type * as TextmateModule from 'vscode-textmate';

// Both packages are CommonJS bundles: load them through require to get their real exports.
const require = createRequire(import.meta.url);
const oniguruma = require('vscode-oniguruma') as typeof OnigurumaModule;
const textmate = require('vscode-textmate') as typeof TextmateModule;
const grammarPath = fileURLToPath(new URL('../../syntaxes/sightline.tmLanguage.json', import.meta.url));

interface Token {
  text: string;
  scopes: string[];
}

let grammar: TextmateModule.IGrammar;

async function loadGrammar(): Promise<TextmateModule.IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== 'source.sightline') return null;
      return textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath);
    },
  });
  const g = await registry.loadGrammar('source.sightline');
  if (!g) throw new Error('grammar source.sightline did not load');
  return g;
}

/** Tokenizes several lines, passing the rule stack from one line to the next. */
function tokenizeLines(lines: string[]): Token[][] {
  let stack = textmate.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

function tokenize(line: string): Token[] {
  return tokenizeLines([line])[0];
}

/** The token whose text is exactly `text` (the n-th one, 0-based); fails with the whole line's tokens. */
function token(tokens: Token[], text: string, n = 0): Token {
  const found = tokens.filter((t) => t.text === text);
  assert.ok(found.length > n, `no token ${JSON.stringify(text)} (#${n}) in ${JSON.stringify(tokens.map((t) => [t.text, t.scopes.slice(1)]))}`);
  return found[n];
}

function assertScope(tokens: Token[], text: string, scope: string, n = 0): void {
  const t = token(tokens, text, n);
  assert.ok(
    t.scopes.some((s) => s === scope || s.startsWith(scope + '.')),
    `token ${JSON.stringify(text)} has scopes ${JSON.stringify(t.scopes)}, expected ${scope}`,
  );
}

function assertNoScope(tokens: Token[], text: string, scope: string, n = 0): void {
  const t = token(tokens, text, n);
  assert.ok(!t.scopes.some((s) => s.startsWith(scope)), `token ${JSON.stringify(text)} unexpectedly has ${scope}: ${JSON.stringify(t.scopes)}`);
}

describe('TextMate grammar (syntaxes/sightline.tmLanguage.json)', () => {
  before(async () => {
    grammar = await loadGrammar();
  });

  it('scopes a team declaration: keyword and declared name', () => {
    const tokens = tokenize('team Finance {');
    assertScope(tokens, 'team', 'keyword.control.declaration.team.sightline');
    assertScope(tokens, 'Finance', 'entity.name.type.team.sightline');
    assertScope(tokens, '{', 'punctuation.section.block.begin.sightline');
  });

  it('scopes a line comment after code, and a role word', () => {
    const tokens = tokenize('  user "m.mustermann@acme.com" role analyst      // admin | analyst | member | viewer');
    assertScope(tokens, 'user', 'keyword.other.user.sightline');
    assertScope(tokens, 'm.mustermann@acme.com', 'string.quoted.double.sightline');
    assertNoScope(tokens, 'm.mustermann@acme.com', 'variable');
    assertScope(tokens, 'role', 'keyword.other.role.sightline');
    assertScope(tokens, 'analyst', 'support.constant.role.sightline');
    assertScope(tokens, '//', 'punctuation.definition.comment.sightline');
    assertScope(tokens, ' admin | analyst | member | viewer', 'comment.line.double-slash.sightline');
  });

  it('does not start a comment at // inside a string', () => {
    const tokens = tokenize('table Orders from "http://example.com/orders.csv" // real comment');
    assertScope(tokens, 'http://example.com/orders.csv', 'string.quoted.double.sightline');
    assertNoScope(tokens, 'http://example.com/orders.csv', 'comment');
    assertScope(tokens, 'Orders', 'entity.name.type.table.sightline');
    assertScope(tokens, ' real comment', 'comment.line.double-slash.sightline');
  });

  it('keeps an escaped quote inside the string', () => {
    const tokens = tokenize('group "The \\"A\\" Team \\\\ Co" members "a@x.com"');
    assertScope(tokens, '\\"', 'constant.character.escape.sightline', 0);
    assertScope(tokens, '\\"', 'string.quoted.double.sightline', 1);
    assertScope(tokens, '\\\\', 'constant.character.escape.sightline');
    assertScope(tokens, ' Co', 'string.quoted.double.sightline');
    assertScope(tokens, 'members', 'keyword.other.members.sightline');
    assertScope(tokens, 'a@x.com', 'string.quoted.double.sightline');
  });

  it('reads manage-all-pools as one constant token after a grant', () => {
    const tokens = tokenize('  grant "a.admin@acme.com" manage-all-pools      // use-all-models | view-all-pools |');
    assertScope(tokens, 'grant', 'keyword.other.grant.sightline');
    assertScope(tokens, 'a.admin@acme.com', 'string.quoted.double.sightline');
    assertScope(tokens, 'manage-all-pools', 'support.constant.permission.service.sightline');
    assert.ok(!tokens.some((t) => t.text === 'manage' || t.text === 'pools'), 'manage-all-pools was split');
  });

  it('scopes pool-level grant words and engines only in their place', () => {
    const grant = tokenize('grant "m.mustermann@acme.com" edit');
    assertScope(grant, 'edit', 'support.constant.permission.pool.sightline');
    const useModels = tokenize('grant "x@y.com" use-models');
    assertScope(useModels, 'use-models', 'support.constant.permission.pool.sightline');
    assertNoScope(useModels, 'use-models', 'keyword');
    const engine = tokenize('  engine etl');
    assertScope(engine, 'engine', 'keyword.other.engine.sightline');
    assertScope(engine, 'etl', 'support.constant.engine.sightline');
  });

  it('scopes combine by-principal and by-column as constants, not as the keyword by', () => {
    const tokens = tokenize('  combine by-principal');
    assertScope(tokens, 'combine', 'keyword.other.combine.sightline');
    assertScope(tokens, 'by-principal', 'support.constant.combine.sightline');
    assertScope(tokenize('combine by-column // P5'), 'by-column', 'support.constant.combine.sightline');
  });

  it('scopes -> in a join and <-> in a relationship', () => {
    const join = tokenize('    join Vendors.LIFNR -> Invoices.LIFNR          // 1:N, parent -> child');
    assertScope(join, 'join', 'keyword.other.join.sightline');
    assertScope(join, '->', 'keyword.operator.arrow.sightline');
    assertScope(join, 'Vendors', 'variable.other.table.sightline');
    assertScope(join, '.', 'punctuation.accessor.dot.sightline');
    assertScope(join, 'LIFNR', 'variable.other.property.column.sightline');
    assertScope(join, 'LIFNR', 'variable.other.property.column.sightline', 1);
    assertScope(join, ' 1:N, parent -> child', 'comment.line.double-slash.sightline');

    const relate = tokenize('    relate SalesOrder <-> Delivery via SAP.VBFA (VBELV, VBELN) // through a link table');
    assertScope(relate, 'relate', 'keyword.other.relate.sightline');
    assertScope(relate, '<->', 'keyword.operator.arrow.bidirectional.sightline');
    assertScope(relate, 'SalesOrder', 'entity.name.type.object.sightline');
    assertScope(relate, 'via', 'keyword.other.via.sightline');
    assertScope(relate, 'SAP', 'variable.other.connection.sightline');
    assertScope(relate, 'VBFA', 'variable.other.table.sightline');
    assertScope(relate, 'VBELV', 'variable.other.property.column.sightline');
    assertScope(relate, ',', 'punctuation.separator.comma.sightline');
  });

  it('marks FIX ME inside a string', () => {
    const tokens = tokenize('  import SAP from "FIX ME: Finance/AP Source" tables BKPF');
    assertScope(tokens, 'import', 'keyword.other.import.sightline');
    assertScope(tokens, 'SAP', 'entity.name.type.connection.sightline');
    assertScope(tokens, 'FIX ME:', 'invalid.deprecated.fix-me.sightline');
    assertScope(tokens, 'FIX ME:', 'string.quoted.double.sightline');
    assertScope(tokens, ' Finance/AP Source', 'string.quoted.double.sightline');
    assertNoScope(tokens, ' Finance/AP Source', 'invalid');
    assertScope(tokens, 'tables', 'keyword.other.tables.sightline');
    assertScope(tokens, 'BKPF', 'variable.other.table.sightline');
  });

  it('carries a block comment across lines', () => {
    const [l1, l2, l3] = tokenizeLines(['team A { /* starts here', '  user "not@code.com" role admin', 'ends */ user "b@x.com" }']);
    assertScope(l1, 'team', 'keyword.control.declaration.team.sightline');
    assertScope(l1, '/*', 'comment.block.sightline');
    assertScope(l2, '  user "not@code.com" role admin', 'comment.block.sightline');
    assertScope(l3, '*/', 'punctuation.definition.comment.end.sightline');
    assertScope(l3, 'user', 'keyword.other.user.sightline');
    assertNoScope(l3, 'user', 'comment');
    assertScope(l3, 'b@x.com', 'string.quoted.double.sightline');
  });

  it('scopes the permissions header, the switch, rules and permission tables', () => {
    const header = tokenize('permissions for "Procurement/AP Analytics".AccountsPayable {');
    assertScope(header, 'permissions', 'keyword.control.declaration.permissions.sightline');
    assertScope(header, 'for', 'keyword.other.for.sightline');
    assertScope(header, 'Procurement/AP Analytics', 'string.quoted.double.sightline');
    assertScope(header, '.', 'punctuation.accessor.dot.sightline');
    assertScope(header, 'AccountsPayable', 'entity.name.type.model.sightline');

    const sw = tokenize('  use data permissions            // the switch (P1)');
    assertScope(sw, 'use', 'keyword.other.use.sightline');
    assertScope(sw, 'data', 'keyword.other.data.sightline');
    assertScope(sw, 'permissions', 'keyword.other.permissions.sightline');

    const rule = tokenize('    Vendors.LAND1 in "DE", "FR"');
    assertScope(rule, 'Vendors', 'variable.other.table.sightline');
    assertScope(rule, 'LAND1', 'variable.other.property.column.sightline');
    assertScope(rule, 'in', 'keyword.other.in.sightline');
    assertScope(rule, ',', 'punctuation.separator.comma.sightline');

    const quoted = tokenize('    Invoices."Order Date" in "2024"');
    assertScope(quoted, 'Order Date', 'variable.other.property.column.sightline');
    assertScope(quoted, 'Order Date', 'string.quoted.double.sightline');

    const table = tokenize('  table "perm/ap_values.csv" values users by alias {   // by alias | by name (default)');
    assertScope(table, 'table', 'keyword.other.table.sightline');
    assertScope(table, 'values', 'keyword.other.values.sightline');
    assertScope(table, 'users', 'keyword.other.users.sightline');
    assertScope(table, 'by', 'keyword.other.by.sightline');
    assertScope(table, 'alias', 'support.constant.reference-mode.sightline');

    assertScope(tokenize('  group "Auditors" unlimited'), 'unlimited', 'keyword.other.unlimited.sightline');

    const mapping = tokenizeLines(['    table Reference_Table', '    unlimited Reference_Unlimited']);
    assertScope(mapping[0], 'table', 'keyword.other.table.sightline');
    assertScope(mapping[0], 'Reference_Table', 'variable.other.property.column.sightline');
    assertScope(mapping[1], 'unlimited', 'keyword.other.unlimited.sightline');
    assertScope(mapping[1], 'Reference_Unlimited', 'variable.other.property.column.sightline');
  });

  it('scopes model tables with connection, table and alias', () => {
    const tokens = tokenize('    table SAP.LFA1 as Vendors                    // alias optional');
    assertScope(tokens, 'SAP', 'variable.other.connection.sightline');
    assertScope(tokens, 'LFA1', 'variable.other.table.sightline');
    assertScope(tokens, 'as', 'keyword.other.as.sightline');
    assertScope(tokens, 'Vendors', 'entity.name.type.table.alias.sightline');

    const object = tokenize('    object Customer from SAP.KNA1 key KUNNR');
    assertScope(object, 'object', 'keyword.control.declaration.object.sightline');
    assertScope(object, 'Customer', 'entity.name.type.object.sightline');
    assertScope(object, 'KNA1', 'variable.other.table.sightline');
    assertScope(object, 'key', 'keyword.other.key.sightline');
    assertScope(object, 'KUNNR', 'variable.other.property.column.sightline');

    const pool = tokenize('pool "AP Analytics" in Procurement {');
    assertScope(pool, 'pool', 'keyword.control.declaration.pool.sightline');
    assertScope(pool, 'AP Analytics', 'entity.name.type.pool.sightline');
    assertScope(pool, 'Procurement', 'entity.name.type.team.sightline');
  });

  it('does not take a keyword-like name after a dot as a keyword', () => {
    const tokens = tokenize('join Orders.key -> Lines.value');
    assertScope(tokens, 'key', 'variable.other.property.column.sightline');
    assertNoScope(tokens, 'key', 'keyword');
    assertNoScope(tokens, 'value', 'keyword');
  });
});
