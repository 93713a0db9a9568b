import { strict as assert } from 'node:assert';
import { parseDocument } from '../../language/parse.js';

describe('parser', () => {
  it('parses kebab-case grant levels and combine modes as one word', () => {
    const { ast, errors } = parseDocument('team A { grant "x@a.com" manage-all-pools }\npermissions for M { combine by-principal }');
    assert.deepEqual(errors, []);
    const team = ast.elements[0] as { members: { level: string }[] };
    assert.equal(team.members[0].level, 'manage-all-pools');
  });

  it('recovers after a bad line and keeps parsing the rest of the file', () => {
    const { ast, errors } = parseDocument('team A {\n  user "a@x.com" role admin\n  user = broken\n  user "b@x.com" role viewer\n}\nteam B { }');
    assert.ok(errors.length >= 1);
    const names = ast.elements.map((e) => (e as { name?: string }).name);
    assert.ok(names.includes('B'), `team B lost after the error: ${JSON.stringify(names)}`);
  });
});

describe('strings', () => {
  it('unescapes only \\" and \\\\, keeping other backslashes as written', () => {
    const { ast, errors } = parseDocument('pool "A \\"B\\" C:\\\\data\\new" in T { }');
    assert.deepEqual(errors, []);
    assert.equal((ast.elements[0] as { name: string }).name, 'A "B" C:\\data\\new');
  });
});

describe('syntax error messages', () => {
  it('say in one line what was expected and what was found', () => {
    const { errors } = parseDocument('pool "P" in T {\n  connection SAP {\n    table = "x"\n  }\n}');
    const messages = errors.map((e) => e.message);
    assert.ok(messages.includes('expected a name but found `"x"`'), JSON.stringify(messages));
    assert.ok(messages.every((m) => !m.includes('\n')), JSON.stringify(messages));
  });

  it('name the end of the file when a block is not closed', () => {
    const { errors } = parseDocument('team T {\n  user "a@x.com" role admin\n');
    assert.deepEqual(errors.map((e) => e.message), ["expected '}' but found the end of the file"]);
  });
});
