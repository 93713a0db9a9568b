// The reference evaluator (test/reference/) against hand-computed cases from the contract
// (docs/semantics.md, §P1–§P10, §F1), the acme example's documented counts, and
// a sanity run over random workspaces. Each case states the visible row ordinals (0-based,
// in file order) of every table.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { checkWorkspace } from '../../language/check-workspace.js';
import { nodeFiles } from '../../model/node-files.js';
import { loadReferenceData, loadReferenceInput, referenceVisibleRows, type ReferenceInput } from '../reference/index.js';
import { memoryFiles } from '../support/memory-files.js';
import { definitionFilesOf, describeWorkspace, randomWorkspace } from '../support/random-workspace.js';

const ROOT = '/reference-ws';

type Seen = Record<string, number[]>;

/** Checks an in-memory workspace (no syntax errors allowed) and returns a `sees` function. */
async function workspace(files: Record<string, string>): Promise<(target: string, email: string) => Seen> {
  const map = new Map(Object.entries(files));
  const access = memoryFiles(ROOT, map);
  const definitionFiles = [...map.keys()].filter((f) => /\.(pool|perm)$/.test(f)).map((f) => path.join(ROOT, f));
  const { model, diagnostics } = await checkWorkspace(ROOT, { files: access, definitionFiles });
  const errors = diagnostics.filter((d) => d.code === 'syntax-error');
  assert.deepEqual(errors, [], 'the fixture parses');
  const input = await loadReferenceInput(model, access);
  return (target, email) => {
    const [pool, name] = target.split('.');
    return plain(referenceVisibleRows(input, { pool, name }, email));
  };
}

function plain(result: Map<string, Set<number>>): Seen {
  return Object.fromEntries([...result].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]));
}

// ------------------------------------------------------------------ the model fixture
//
// One component Vendors -> Invoices -> Items (1:N joins on VID and IID), and Regions alone.
//
//   Vendors  0 V1 DE 1000 | 1 V2 FR 2000 | 2 V3 DE 0500(=500) | 3 V4 NULL 3000 | 4 V5 '' 1000
//   Invoices 0 1 V1 A | 1 2 V1 B | 2 3 V2 A | 3 4 V9 A (no vendor) | 4 5 NULL B
//   Items    0 10 1 x | 1 11 1 y | 2 12 3 x | 3 13 4 x | 4 14 7 z (no invoice)
//   Regions  0 R1 North | 1 R2 South

const ORG = `team Org {
  user "ann@x.com" role admin
  user "bob@x.com" role member
  user "cat@x.com" role member
  user "dan@x.com" role viewer
  group "Team A" members "bob@x.com", "Cat@X.com"
  group "Team B" members "cat@x.com"
}
`;

const POOL = `pool "P" in Org {
  engine etl
  connection C {
    table VENDOR from "data/vendor.csv"
    table INVOICE from "data/invoice.csv"
    table ITEM from "data/item.csv"
    table REGION from "data/region.csv"
  }
  model M {
    table C.VENDOR as Vendors
    table C.INVOICE as Invoices
    table C.ITEM as Items
    table C.REGION as Regions
    join Vendors.VID -> Invoices.VID
    join Invoices.IID -> Items.IID
  }
  model Twice {
    table C.VENDOR as Buyer
    table C.VENDOR as Seller
    table C.INVOICE as Inv
    join Buyer.VID -> Inv.VID
  }
}
`;

const DATA = {
  'data/vendor.csv': 'VID,LAND,ORG\nV1,DE,1000\nV2,FR,2000\nV3,DE,0500\nV4,,3000\nV5,"",1000\n',
  'data/invoice.csv': 'IID,VID,BUKRS\n1,V1,A\n2,V1,B\n3,V2,A\n4,V9,A\n5,,B\n',
  'data/item.csv': 'ITEM,IID,AMOUNT\n10,1,x\n11,1,y\n12,3,x\n13,4,x\n14,7,z\n',
  'data/region.csv': 'RID,NAME\nR1,North\nR2,South\n',
};

const M = 'Org/P.M';
const ALL = { Vendors: [0, 1, 2, 3, 4], Invoices: [0, 1, 2, 3, 4], Items: [0, 1, 2, 3, 4], Regions: [0, 1] };
const NONE = { Vendors: [], Invoices: [], Items: [], Regions: [] };

/** The model fixture with one permissions block for M (and any extra files, e.g. permission tables). */
function modelWorkspace(body: string, extra: Record<string, string> = {}) {
  return workspace({ 'org.pool': ORG, 'pools.pool': POOL, ...DATA, 'permissions/m.perm': `permissions for "Org/P".M {\n${body}\n}\n`, ...extra });
}

describe('reference evaluator: models', () => {
  it('§P1 switch off: every user sees every row, even with rules', async () => {
    const sees = await modelWorkspace(`user "dan@x.com" { Vendors.LAND in "DE" }`);
    assert.deepEqual(sees(M, 'dan@x.com'), ALL);
    assert.deepEqual(sees(M, 'ann@x.com'), ALL);
  });

  it('§P1 no permissions block at all: every row', async () => {
    const sees = await workspace({ 'org.pool': ORG, 'pools.pool': POOL, ...DATA });
    assert.deepEqual(sees(M, 'dan@x.com'), ALL);
  });

  it('§P1 default deny: with the switch on, a user without permissions sees no row of any table', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "bob@x.com" { Vendors.LAND in "DE" }`);
    assert.deepEqual(sees(M, 'dan@x.com'), NONE);
    assert.deepEqual(sees(M, 'ann@x.com'), NONE, 'admins too');
  });

  it('§P4 an IN list is an OR; §P9 rows without a join partner on the path are dropped', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "ann@x.com" { Vendors.LAND in "DE", "FR" }`);
    // Invoice 3 (vendor V9, no such vendor) and 4 (NULL vendor) drop; item 3 (invoice 4) and 4 (no invoice) drop.
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [0, 1, 2], Invoices: [0, 1, 2], Items: [0, 1, 2], Regions: [0, 1] });
  });

  it('§P4 values of one column in two rules unite', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "ann@x.com" {\n Vendors.LAND in "DE"\n Vendors.LAND in "FR"\n}`);
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [0, 1, 2], Invoices: [0, 1, 2], Items: [0, 1, 2], Regions: [0, 1] });
  });

  it('§P4 different columns of one table AND', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "ann@x.com" {\n Vendors.LAND in "DE"\n Vendors.ORG in "1000"\n}`);
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [0], Invoices: [0, 1], Items: [0, 1], Regions: [0, 1] });
  });

  it('§P4 an empty value list allows nothing in its component, but is applicable (no default deny)', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "ann@x.com" {\n Vendors.LAND in\n}`);
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [], Invoices: [], Items: [], Regions: [0, 1] });
  });

  it('§P2 a group rule reaches its members (member emails compare case-insensitively), group names exactly', async () => {
    const sees = await modelWorkspace(`use data permissions\ngroup "Team A" { Vendors.LAND in "FR" }\ngroup "team a" { Vendors.LAND in "DE" }`);
    const fr = { Vendors: [1], Invoices: [2], Items: [2], Regions: [0, 1] };
    assert.deepEqual(sees(M, 'bob@x.com'), fr);
    assert.deepEqual(sees(M, 'cat@x.com'), fr, 'listed as Cat@X.com');
    assert.deepEqual(sees(M, 'ann@x.com'), NONE);
  });

  it('§P2 a manual user block names the user case-insensitively', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "DAN@X.com" { Vendors.LAND in "FR" }`);
    assert.deepEqual(sees(M, 'dan@x.com'), { Vendors: [1], Invoices: [2], Items: [2], Regions: [0, 1] });
  });

  it('§P5 by-column and by-principal differ for a user with rules from two groups', async () => {
    const rules = `group "Team A" { Vendors.LAND in "DE" }\ngroup "Team B" { Vendors.ORG in "2000" }`;
    const byColumn = await modelWorkspace(`use data permissions\ncombine by-column\n${rules}`);
    const byPrincipal = await modelWorkspace(`use data permissions\ncombine by-principal\n${rules}`);
    const byDefault = await modelWorkspace(`use data permissions\n${rules}`);
    // by-column: LAND in (DE) AND ORG in (2000): no vendor.
    assert.deepEqual(byColumn(M, 'cat@x.com'), { Vendors: [], Invoices: [], Items: [], Regions: [0, 1] });
    assert.deepEqual(byDefault(M, 'cat@x.com'), byColumn(M, 'cat@x.com'), 'by-column is the default');
    // by-principal: (LAND DE) OR (ORG 2000).
    assert.deepEqual(byPrincipal(M, 'cat@x.com'), { Vendors: [0, 1, 2], Invoices: [0, 1, 2], Items: [0, 1, 2], Regions: [0, 1] });
    // One principal: the same either way.
    const de = { Vendors: [0, 2], Invoices: [0, 1], Items: [0, 1], Regions: [0, 1] };
    assert.deepEqual(byColumn(M, 'bob@x.com'), de);
    assert.deepEqual(byPrincipal(M, 'bob@x.com'), de);
  });

  it('§P5 by-principal: a principal whose rules lie in another component leaves this one fully visible', async () => {
    const rules = `user "cat@x.com" { Regions.NAME in "North" }\ngroup "Team A" { Vendors.LAND in "DE" }`;
    const byPrincipal = await modelWorkspace(`use data permissions\ncombine by-principal\n${rules}`);
    const byColumn = await modelWorkspace(`use data permissions\ncombine by-column\n${rules}`);
    assert.deepEqual(byPrincipal(M, 'cat@x.com'), ALL);
    assert.deepEqual(byColumn(M, 'cat@x.com'), { Vendors: [0, 2], Invoices: [0, 1], Items: [0, 1], Regions: [0] });
  });

  it('§P6 values compare as strings: "0500" and "1000.0" miss a BIGINT, "500" matches', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "ann@x.com" { Vendors.ORG in "0500", "1000.0" }\nuser "bob@x.com" { Vendors.ORG in "500" }`);
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [], Invoices: [], Items: [], Regions: [0, 1] });
    // V3 (ORG 0500 in the file, 500 as BIGINT) matches; it has no invoices.
    assert.deepEqual(sees(M, 'bob@x.com'), { Vendors: [2], Invoices: [], Items: [], Regions: [0, 1] });
  });

  it('§P6 comparison is case-sensitive', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "ann@x.com" { Vendors.LAND in "de" }`);
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [], Invoices: [], Items: [], Regions: [0, 1] });
  });

  it('§P7 NULL never matches; the empty string matches only the empty string', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "ann@x.com" { Vendors.LAND in "" }`);
    // V4 has NULL, V5 has ''.
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [4], Invoices: [], Items: [], Regions: [0, 1] });
  });

  it('§P3 manual unlimited: for a user (case-insensitive) or a group, whatever other rules say', async () => {
    const sees = await modelWorkspace(`use data permissions\ngroup "Team A" { Vendors.LAND in "FR" }\ngroup "Team B" unlimited\nuser "DAN@x.com" unlimited`);
    assert.deepEqual(sees(M, 'cat@x.com'), ALL, 'Team B');
    assert.deepEqual(sees(M, 'dan@x.com'), ALL);
    assert.deepEqual(sees(M, 'bob@x.com'), { Vendors: [1], Invoices: [2], Items: [2], Regions: [0, 1] });
    assert.deepEqual(sees(M, 'ann@x.com'), NONE);
  });

  it('§P3 unlimited tables: TRUE in any case grants everything, FALSE and anything else nothing', async () => {
    const users = 'U,F\nbob@x.com,TRUE\nCat@x.com,true\ndan@x.com,FALSE\nann@x.com,yes\n';
    const sees = await modelWorkspace(`use data permissions\nuser "dan@x.com" { Vendors.LAND in "FR" }\ntable "tables/unl.csv" unlimited users {\n user U\n unlimited F\n}`, {
      'permissions/tables/unl.csv': users,
    });
    assert.deepEqual(sees(M, 'bob@x.com'), ALL);
    assert.deepEqual(sees(M, 'cat@x.com'), ALL);
    assert.deepEqual(sees(M, 'dan@x.com'), { Vendors: [1], Invoices: [2], Items: [2], Regions: [0, 1] }, 'FALSE grants nothing; the rule stays');
    assert.deepEqual(sees(M, 'ann@x.com'), NONE, '"yes" grants nothing');

    const groups = await modelWorkspace(`use data permissions\ntable "tables/unl.csv" unlimited groups {\n user G\n unlimited F\n}`, {
      'permissions/tables/unl.csv': 'G,F\nTeam B,TRUE\nTeam A,FALSE\n',
    });
    assert.deepEqual(groups(M, 'cat@x.com'), ALL);
    assert.deepEqual(groups(M, 'bob@x.com'), NONE);
  });

  const VALUES = [
    'User,Table,Column,Value',
    'bob@x.com,Vendors,LAND,FR', // an alias
    'bob@x.com,VENDOR,LAND,DE', // a real table name
    'cat@x.com,Vendors,LAND,', // NULL value: skipped
    "dan@x.com,Vendors,LAND,''", // the empty string
    'ann@x.com,Vendors,LAND,""', // the empty string
    ',Vendors,LAND,FR', // NULL principal: skipped
  ].join('\n');
  const valuesTable = (by: string) => `use data permissions\ntable "tables/values.csv" values users${by} {\n user User\n table Table\n column Column\n value Value\n}`;

  it('§P8 by alias: the table column names aliases; §P7 a NULL value grants nothing; \'\' and "" are the empty string', async () => {
    const sees = await modelWorkspace(valuesTable(' by alias'), { 'permissions/tables/values.csv': VALUES });
    assert.deepEqual(sees(M, 'bob@x.com'), { Vendors: [1], Invoices: [2], Items: [2], Regions: [0, 1] }, 'only the Vendors row');
    assert.deepEqual(sees(M, 'cat@x.com'), NONE, 'its only row has a NULL value: nothing applicable');
    assert.deepEqual(sees(M, 'dan@x.com'), { Vendors: [4], Invoices: [], Items: [], Regions: [0, 1] });
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [4], Invoices: [], Items: [], Regions: [0, 1] });
  });

  it('§P8 by name (and the default): the table column names real table names', async () => {
    for (const by of [' by name', '']) {
      const sees = await modelWorkspace(valuesTable(by), { 'permissions/tables/values.csv': VALUES });
      assert.deepEqual(sees(M, 'bob@x.com'), { Vendors: [0, 2], Invoices: [0, 1], Items: [0, 1], Regions: [0, 1] }, 'only the VENDOR row');
      assert.deepEqual(sees(M, 'dan@x.com'), NONE, 'an alias in a by-name table grants nothing');
    }
  });

  it('§P8 by name: a real name used under two aliases gives a rule on each', async () => {
    const body = `use data permissions\ntable "tables/values.csv" values users by name {\n user User\n table Table\n column Column\n value Value\n}`;
    const sees = await workspace({
      'org.pool': ORG,
      'pools.pool': POOL,
      ...DATA,
      'permissions/twice.perm': `permissions for Twice {\n${body}\n}\n`,
      'permissions/tables/values.csv': 'User,Table,Column,Value\nbob@x.com,VENDOR,LAND,FR\n',
    });
    assert.deepEqual(sees('Org/P.Twice', 'bob@x.com'), { Buyer: [1], Seller: [1], Inv: [2] });
  });

  it('§P8 groups tables name groups exactly; §F1 a table with a read issue grants nothing', async () => {
    const sees = await modelWorkspace(`use data permissions\ntable "tables/g.csv" values groups by alias {\n user G\n table T\n column C\n value V\n}`, {
      'permissions/tables/g.csv': 'G,T,C,V\nTeam A,Vendors,LAND,FR\nteam b,Vendors,LAND,DE\n',
    });
    assert.deepEqual(sees(M, 'bob@x.com'), { Vendors: [1], Invoices: [2], Items: [2], Regions: [0, 1] });
    assert.deepEqual(sees(M, 'cat@x.com'), { Vendors: [1], Invoices: [2], Items: [2], Regions: [0, 1] }, 'not "team b"');

    const ragged = await modelWorkspace(`use data permissions\ntable "tables/g.csv" values groups by alias {\n user G\n table T\n column C\n value V\n}`, {
      'permissions/tables/g.csv': 'G,T,C,V\nTeam A,Vendors,LAND,FR\nTeam A,Vendors,LAND,DE,extra\n',
    });
    assert.deepEqual(ragged(M, 'bob@x.com'), NONE);

    const badMapping = await modelWorkspace(`use data permissions\ntable "tables/g.csv" values groups by alias {\n user G\n table T\n column C\n value Missing\n}`, {
      'permissions/tables/g.csv': 'G,T,C,V\nTeam A,Vendors,LAND,FR\n',
    });
    assert.deepEqual(badMapping(M, 'bob@x.com'), NONE);
  });

  it('§P9 a rule on the middle table propagates both ways along the chain', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "ann@x.com" { Invoices.BUKRS in "A" }`);
    // Invoices 0 (V1, IID 1), 2 (V2, IID 3), 3 (V9, IID 4).
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [0, 1], Invoices: [0, 2, 3], Items: [0, 1, 2, 3], Regions: [0, 1] });
  });

  it('§P9 a rule only on the child hides every parent without a passing child', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "ann@x.com" { Items.AMOUNT in "x" }`);
    // Items 0 (IID 1), 2 (IID 3), 3 (IID 4) → invoices 0, 2, 3 → vendors V1, V2 (V9 does not exist).
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [0, 1], Invoices: [0, 2, 3], Items: [0, 2, 3], Regions: [0, 1] });
  });

  it('§P9 two rule tables: each filter propagates on its own, and a row must survive both', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "ann@x.com" {\n Vendors.LAND in "DE"\n Items.AMOUNT in "y"\n}`);
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [0], Invoices: [0], Items: [1], Regions: [0, 1] });
  });

  it('§P9 a component without rules is not affected', async () => {
    const sees = await modelWorkspace(`use data permissions\nuser "ann@x.com" { Regions.NAME in "South" }`);
    assert.deepEqual(sees(M, 'ann@x.com'), { Vendors: [0, 1, 2, 3, 4], Invoices: [0, 1, 2, 3, 4], Items: [0, 1, 2, 3, 4], Regions: [1] });
  });

  it('§F1 an invalid rule (unknown table or column, wrong case, real name) grants nothing, restricts nothing, and is not applicable', async () => {
    const sees = await modelWorkspace(
      `use data permissions
user "dan@x.com" {
  Vendors.NOPE in "x"
  Vendors.land in "DE"
  Nope.LAND in "DE"
  VENDOR.LAND in "DE"
}
user "bob@x.com" {
  Vendors.NOPE in "x"
  Vendors.LAND in "FR"
}`,
    );
    assert.deepEqual(sees(M, 'dan@x.com'), NONE, 'only invalid rules: default deny, in every component');
    assert.deepEqual(sees(M, 'bob@x.com'), { Vendors: [1], Invoices: [2], Items: [2], Regions: [0, 1] });
  });

  it('§P1 the target: a permissions block without a pool applies while the name is unique; with a pool, to that pool only', async () => {
    const pool2 = `pool "Q" in Org {\n  engine etl\n  connection C {\n    table REGION from "data/region.csv"\n  }\n  model M {\n    table C.REGION as Regions\n  }\n}\n`;
    const files = { 'org.pool': ORG, 'pools.pool': POOL, ...DATA };
    const unique = await workspace({ ...files, 'permissions/m.perm': 'permissions for Twice {\n use data permissions\n}\n' });
    assert.deepEqual(unique('Org/P.Twice', 'ann@x.com'), { Buyer: [], Seller: [], Inv: [] });
    const ambiguous = await workspace({ ...files, 'q.pool': pool2, 'permissions/m.perm': 'permissions for M {\n use data permissions\n}\n' });
    assert.deepEqual(ambiguous(M, 'ann@x.com'), ALL, 'M exists in two pools: the block applies to neither');
    assert.deepEqual(ambiguous('Org/Q.M', 'ann@x.com'), { Regions: [0, 1] });
    const byPoolName = await workspace({ ...files, 'q.pool': pool2, 'permissions/m.perm': 'permissions for "Q".M {\n use data permissions\n}\n' });
    assert.deepEqual(byPoolName('Org/Q.M', 'ann@x.com'), { Regions: [] });
    assert.deepEqual(byPoolName(M, 'ann@x.com'), ALL);
  });
});

// ------------------------------------------------------------------ joins: composite, cycles, string equality, imports

describe('reference evaluator: joins and imports', () => {
  const org = `team Org {\n  user "ann@x.com" role admin\n}\n`;

  it('§M1 joins between the same pair merge into one composite join', async () => {
    const sees = await workspace({
      'org.pool': org,
      'p.pool': `pool "P" in Org {
  connection C {
    table A from "a.csv"
    table B from "b.csv"
  }
  model M {
    table C.A
    table C.B
    join A.X -> B.X
    join B.Y -> A.Y
  }
}
permissions for M {
  use data permissions
  user "ann@x.com" { B.Z in "z1" }
}
`,
      'a.csv': 'X,Y\n1,p\n1,q\n2,p\n',
      'b.csv': 'X,Y,Z\n1,p,z1\n2,q,z2\n1,q,z3\n',
    });
    assert.deepEqual(sees('Org/P.M', 'ann@x.com'), { A: [0], B: [0] });
  });

  it('§M1 a join closing a cycle is dropped; §P9 join equality compares string forms (BIGINT 2 ≠ VARCHAR "02")', async () => {
    const files = (rule: string) => ({
      'org.pool': org,
      'p.pool': `pool "P" in Org {
  connection C {
    table A from "a.csv"
    table B from "b.csv"
    table C from "c.csv"
  }
  model M {
    table C.A
    table C.B
    table C.C
    join A.K -> B.K
    join B.K -> C.K
    join C.J -> A.J
  }
}
permissions for M {
  use data permissions
  user "ann@x.com" { ${rule} }
}
`,
      'a.csv': 'K,J\n1,a\n2,b\n',
      'b.csv': 'K\n1\n02\nx\n',
      'c.csv': 'K,J\n1,b\n',
    });
    // C.K = 1 → B "1" → A 1; the dropped join C.J -> A.J would have shown A row 1 instead.
    assert.deepEqual((await workspace(files('C.K in "1"')))('Org/P.M', 'ann@x.com'), { A: [0], B: [0], C: [0] });
    // A.K = 2 does not join B "02".
    assert.deepEqual((await workspace(files('A.K in "2"')))('Org/P.M', 'ann@x.com'), { A: [1], B: [], C: [] });
  });

  it('§S4, §S5 an imported table has all source rows; a column the lock lacks cannot be ruled on', async () => {
    const lock = {
      version: 1,
      imports: [
        {
          pool: 'Org/Q',
          connection: 'C',
          source: { pool: 'Org/P', connection: 'C' },
          tables: [{ name: 'VENDOR', columns: [{ name: 'VID', type: 'VARCHAR' }, { name: 'ORG', type: 'BIGINT' }] }],
        },
      ],
    };
    const sees = await workspace({
      'org.pool': ORG,
      'pools.pool': POOL,
      ...DATA,
      'q.pool': `pool "Q" in Org {
  import C from "Org/P" tables VENDOR
  model V {
    table C.VENDOR as V
  }
}
permissions for V {
  use data permissions
  user "ann@x.com" { V.LAND in "DE" }
  user "bob@x.com" { V.ORG in "1000" }
}
`,
      'sightline.lock': JSON.stringify(lock),
    });
    assert.deepEqual(sees('Org/Q.V', 'ann@x.com'), { V: [] }, 'LAND is not in the lock: the rule is invalid, default deny');
    assert.deepEqual(sees('Org/Q.V', 'bob@x.com'), { V: [0, 4] });
  });
});

// ------------------------------------------------------------------ perspectives
//
//   Customer (KNA1)  0 C1 DE | 1 C2 FR | 2 C3 DE (no order)
//   Order (VBAK)     0 O1 C1 DE10 | 1 O2 C1 FR10 | 2 O3 C2 FR10 | 3 O4 C9 DE10 (no customer)
//   Delivery (LIKP)  0 D1 | 1 D2 (O2 and O3) | 2 D3 (O3) | 3 D4 (no order; KUNNR C2)
//   Material (MARA)  0 M1 FERT | 1 M2 HAWA: related to nothing

const O2C_POOL = `pool "S" in Org {
  connection C {
    table KNA1 from "data/kna1.csv"
    table VBAK from "data/vbak.csv"
    table LIKP from "data/likp.csv"
    table VBFA from "data/vbfa.csv"
    table MARA from "data/mara.csv"
  }
  perspective O2C {
    object Customer from C.KNA1 key KUNNR
    object Order from C.VBAK key VBELN
    object Delivery from C.LIKP key VBELN
    object Material from C.MARA key MATNR
    relate Order.KUNNR -> Customer.KUNNR
    relate Order <-> Delivery via C.VBFA (VBELV, VBELN)
  }
  perspective Broken {
    object Order from C.VBAK key VBELN
    object Material from C.MARA key MATNR
    relate Material.NOPE -> Order.VBELN
  }
  perspective Tri {
    object A from C.VBAK key VBELN
    object B from C.KNA1 key KUNNR
    object D from C.LIKP key VBELN
    relate A.KUNNR -> B.KUNNR
    relate A <-> D via C.VBFA (VBELV, VBELN)
    relate D.KUNNR -> B.KUNNR
  }
}
`;

const O2C_DATA = {
  'data/kna1.csv': 'KUNNR,LAND\nC1,DE\nC2,FR\nC3,DE\n',
  'data/vbak.csv': 'VBELN,KUNNR,ORG\nO1,C1,DE10\nO2,C1,FR10\nO3,C2,FR10\nO4,C9,DE10\n',
  'data/likp.csv': 'VBELN,KUNNR\nD1,C1\nD2,C2\nD3,C2\nD4,C2\n',
  'data/vbfa.csv': 'VBELV,VBELN\nO1,D1\nO2,D2\nO3,D2\nO3,D3\n',
  'data/mara.csv': 'MATNR,MTART\nM1,FERT\nM2,HAWA\n',
};

function perspectiveWorkspace(target: string, body: string) {
  return workspace({ 'org.pool': ORG, 's.pool': O2C_POOL, ...O2C_DATA, 'p.perm': `permissions for ${target} {\nuse data permissions\n${body}\n}\n` });
}

const O2C = 'Org/S.O2C';

describe('reference evaluator: perspectives', () => {
  it('§F1 a relationship naming an unknown column still connects, relates nothing and can only hide', async () => {
    // Ignoring it would make Material a standalone type that every restricted user sees whole.
    const sees = await perspectiveWorkspace('"Org/S".Broken', `user "ann@x.com" { Order.ORG in "DE10" }`);
    assert.deepEqual(sees('Org/S.Broken', 'ann@x.com'), { Order: [0, 3], Material: [] });
  });

  it('§P10 a ruled type is decided by its rules; related types by their decided neighbours; no decided neighbour → visible', async () => {
    const sees = await perspectiveWorkspace('O2C', `user "ann@x.com" { Order.ORG in "DE10" }`);
    // Order: O1, O4. Customer C1 (O1 visible, O2 hidden) visible, C2 (only O3, hidden) hidden, C3 (no order) visible.
    // Delivery D1 (O1) visible, D2 (O2, O3 hidden) hidden, D3 (O3) hidden, D4 (no order) visible.
    assert.deepEqual(sees(O2C, 'ann@x.com'), { Customer: [0, 2], Order: [0, 3], Delivery: [0, 3], Material: [0, 1] });
  });

  it('§P10 decisions follow the distance: Customer (0) decides Order (1), which decides Delivery (2)', async () => {
    const sees = await perspectiveWorkspace('O2C', `user "ann@x.com" { Customer.LAND in "FR" }`);
    // Order: O1, O2 (C1 hidden) hidden; O3 (C2) visible; O4 (no customer) visible.
    // Delivery: D1 (O1 hidden) hidden; D2 (O2 hidden, O3 visible) visible; D3 (O3) visible; D4 visible.
    assert.deepEqual(sees(O2C, 'ann@x.com'), { Customer: [1], Order: [2, 3], Delivery: [1, 2, 3], Material: [0, 1] });
  });

  it('§P10 two ruled types: each decided by its own rules only', async () => {
    const sees = await perspectiveWorkspace('O2C', `user "ann@x.com" {\n Customer.LAND in "DE"\n Order.ORG in "FR10"\n}`);
    // Order O3 stays visible although its customer C2 is hidden.
    assert.deepEqual(sees(O2C, 'ann@x.com'), { Customer: [0, 2], Order: [1, 2], Delivery: [1, 2, 3], Material: [0, 1] });
  });

  it('§P10 types at the same distance do not decide each other', async () => {
    const sees = await perspectiveWorkspace('Tri', `user "ann@x.com" { A.ORG in "DE10" }`);
    // B and D are both at distance 1. D4 has no A and is related only to C2 (a hidden B): still visible.
    assert.deepEqual(sees('Org/S.Tri', 'ann@x.com'), { A: [0, 3], B: [0, 2], D: [0, 3] });
  });

  it('§P10 a rule on a standalone type filters that type only; groups without ruled types stay visible', async () => {
    const sees = await perspectiveWorkspace('O2C', `user "ann@x.com" { Material.MTART in "FERT" }`);
    assert.deepEqual(sees(O2C, 'ann@x.com'), { Customer: [0, 1, 2], Order: [0, 1, 2, 3], Delivery: [0, 1, 2, 3], Material: [0] });
  });

  it('§P5 by-principal and by-column in a perspective', async () => {
    const rules = `group "Team A" { Customer.LAND in "FR" }\ngroup "Team B" { Order.ORG in "DE10" }`;
    const byPrincipal = await perspectiveWorkspace('O2C', `combine by-principal\n${rules}`);
    const byColumn = await perspectiveWorkspace('O2C', rules);
    // The union of the two previous cases.
    assert.deepEqual(byPrincipal(O2C, 'cat@x.com'), { Customer: [0, 1, 2], Order: [0, 2, 3], Delivery: [0, 1, 2, 3], Material: [0, 1] });
    // Both rules: Customer C2; Order O1, O4; Delivery (distance 1 from Order) D1, D4.
    assert.deepEqual(byColumn(O2C, 'cat@x.com'), { Customer: [1], Order: [0, 3], Delivery: [0, 3], Material: [0, 1] });
  });

  it('§P1 default deny and §P3 unlimited in a perspective', async () => {
    const sees = await perspectiveWorkspace('O2C', `group "Team B" unlimited`);
    assert.deepEqual(sees(O2C, 'cat@x.com'), { Customer: [0, 1, 2], Order: [0, 1, 2, 3], Delivery: [0, 1, 2, 3], Material: [0, 1] });
    assert.deepEqual(sees(O2C, 'bob@x.com'), { Customer: [], Order: [], Delivery: [], Material: [] });
  });
});

// ------------------------------------------------------------------ examples/acme

const acmeDir = fileURLToPath(new URL('../../examples/acme/', import.meta.url));

/** The "who sees what" tables of examples/acme/README.md: user → counts, per section. */
function readmeCounts(section: RegExp): Map<string, number[]> {
  const readme = readFileSync(path.join(acmeDir, 'README.md'), 'utf8');
  const start = readme.search(section);
  assert.ok(start >= 0, `README section ${section}`);
  const rest = readme.slice(start);
  const table = rest.slice(rest.indexOf('| User |'));
  const out = new Map<string, number[]>();
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const counts = cells.slice(-4).map((c) => (c === '—' || c === '-' ? 0 : Number.parseInt(c, 10)));
    for (const user of cells[0].split(',').map((u) => u.trim())) out.set(`${user}@acme.com`, counts);
  }
  return out;
}

describe('reference evaluator: examples/acme matches its README', () => {
  let input: ReferenceInput;
  before(async function () {
    this.timeout(60_000);
    const { model } = await checkWorkspace(acmeDir);
    input = await loadReferenceInput(model, nodeFiles);
  });

  const cases = [
    { section: /## The model `AccountsPayable`/, pool: 'Procurement/AP Analytics', name: 'AccountsPayable', tables: ['Vendors', 'Invoices', 'InvoiceItems', 'Payments'] },
    { section: /## The perspective `OrderToCash`/, pool: 'Sales/O2C Analytics', name: 'OrderToCash', tables: ['Customer', 'SalesOrder', 'Delivery', 'Material'] },
  ];
  for (const c of cases) {
    it(`${c.name}: rows per user as in the README`, () => {
      const expected = readmeCounts(c.section);
      assert.ok(expected.size >= 7, 'the README table was read');
      for (const [email, counts] of expected) {
        const seen = referenceVisibleRows(input, { pool: c.pool, name: c.name }, email);
        assert.deepEqual(
          c.tables.map((t) => seen.get(t)?.size),
          counts,
          `${email} on ${c.name} (${c.tables.join(', ')})`,
        );
      }
    });
  }

  it('loadReferenceData reads the CSV and Parquet files with their schema types', async () => {
    const { model } = await checkWorkspace(acmeDir);
    const data = await loadReferenceData(model, nodeFiles);
    const lfa1 = data.get(path.join(acmeDir, 'data/ap/lfa1.parquet'))!;
    assert.equal(lfa1.rows.length, 160);
    assert.equal(typeof lfa1.rows[0][lfa1.columns.findIndex((c) => c.name === 'EKORG')], 'bigint');
    const bseg = data.get(path.join(acmeDir, 'data/ap/bseg.csv'))!;
    assert.equal(bseg.rows.length, 2922);
    assert.equal(bseg.rows[0][bseg.columns.findIndex((c) => c.name === 'KOSTL')], null, 'an empty unquoted cell is NULL');
  });
});

// ------------------------------------------------------------------ the random workspace generator

describe('random workspaces', () => {
  it('50 generated workspaces parse without syntax errors, sniff as generated, and the reference runs on them', async function () {
    this.timeout(60_000);
    const samples = fc.sample(randomWorkspace(), { numRuns: 50, seed: 20261122 });
    for (const ws of samples) {
      const files = memoryFiles(ROOT, ws.files);
      const { model, diagnostics } = await checkWorkspace(ROOT, { files, definitionFiles: definitionFilesOf(ROOT, ws) });
      const syntax = diagnostics.filter((d) => d.code === 'syntax-error' || d.code.startsWith('data-file') || d.code === 'lock-file-invalid');
      assert.deepEqual(syntax, [], describeWorkspace(ws));
      const input = await loadReferenceInput(model, files);
      for (const [relative, rows] of ws.rows) {
        const loaded = input.data(path.join(ROOT, relative));
        assert.deepEqual(loaded, rows, `${relative} reads back as generated\n${describeWorkspace(ws)}`);
      }
      for (const a of ws.analyses) {
        for (const email of ws.emails) {
          const seen = referenceVisibleRows(input, a, email);
          assert.ok(seen.size > 0, `${a.pool}.${a.name} has tables`);
        }
      }
    }
  });
});
