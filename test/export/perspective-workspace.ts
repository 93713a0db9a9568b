// Small random workspaces built around one perspective (§M2, §P10), for the PostgreSQL export
// test: few rows with few distinct values, so that rules hide some objects and unruled object
// types are really decided by their related objects (at distance 1, 2, 3…), through column
// relationships (same type or compared as text), link tables, broken relationships, cycles
// and parallel relationships, under both combine modes, with groups, unlimited principals,
// NULLs and a type whose table cannot be reached.
import fc from 'fast-check';

export interface PerspectiveWorkspace {
  files: Map<string, string>;
}

class Rand {
  constructor(private s: number) {}
  next(): number {
    // mulberry32
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(percent: number): boolean {
    return this.next() * 100 < percent;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }
}

const COLUMNS = ['id', 'a', 'b', 'c'] as const; // id, b: BIGINT; a, c: VARCHAR (c holds digits)

function cell(r: Rand, column: string): string {
  if (column !== 'id' && r.chance(10)) return '';
  if (column === 'id') return String(r.int(1, 6));
  if (column === 'a') return r.pick(['x', 'y', 'z']);
  if (column === 'b') return String(r.int(1, 4));
  return r.pick(['1', '2', '3', '4']);
}

function value(r: Rand, column: string): string {
  if (column === 'id') return String(r.int(1, 6));
  if (column === 'a') return r.pick(['x', 'y', 'z', 'w']);
  return String(r.int(1, 4));
}

export function perspectiveWorkspace(): fc.Arbitrary<PerspectiveWorkspace> {
  return fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => build(new Rand(seed)));
}

function build(r: Rand): PerspectiveWorkspace {
  const files = new Map<string, string>();
  const tableCount = r.int(2, 4);
  const tables: string[] = [];
  for (let i = 0; i < tableCount; i++) {
    const rows = [COLUMNS.join(',')];
    for (let n = r.int(3, 8); n > 0; n--) rows.push(COLUMNS.map((c) => cell(r, c)).join(','));
    files.set(`data/t${i}.csv`, rows.join('\n') + '\n');
    tables.push(`T${i}`);
  }
  const linkRows = ['u,v'];
  for (let n = r.int(2, 8); n > 0; n--) linkRows.push(`${r.int(1, 6)},${r.int(1, 6)}`);
  files.set('data/l.csv', linkRows.join('\n') + '\n');

  const users = ['u1@x.com', 'u2@x.com', 'u3@x.com', 'u4@x.com'];
  const groups = [
    { name: 'G1', members: users.filter(() => r.chance(50)) },
    { name: 'G2', members: users.filter(() => r.chance(40)) },
  ].filter((g) => g.members.length > 0);

  const typeCount = r.int(2, 5);
  const types = Array.from({ length: typeCount }, (_, i) => `O${i}`);
  const objects = types.map((o) => (r.chance(5) ? `    object ${o} from Nope.T9 key id` : `    object ${o} from S.${r.pick(tables)} key id`));
  const relate = (x: string, y: string): string => {
    const k = r.int(0, 99);
    if (k < 3) return `    relate ${x}.nope -> ${y}.id`; // broken: a hidden related object, never a visible one (§F1)
    if (k < 35) return `    relate ${x} <-> ${y} via S.L (u, v)`;
    return `    relate ${x}.${r.pick(['id', 'b', 'c'])} -> ${y}.${r.pick(['id', 'b', 'c'])}`;
  };
  const relations: string[] = [];
  for (let i = 1; i < typeCount; i++) if (r.chance(85)) relations.push(relate(types[r.int(0, i - 1)], types[i])); // a forest
  for (let n = r.int(0, 2); n > 0; n--) {
    const x = r.pick(types);
    const y = r.pick(types);
    if (x !== y) relations.push(relate(x, y)); // cycles and parallel relationships
  }

  files.set(
    'org.pool',
    [
      'team Team {',
      ...users.map((u) => `  user "${u}" role member`),
      ...groups.map((g) => `  group "${g.name}" members ${g.members.map((m) => `"${m}"`).join(', ')}`),
      '}',
      'pool "P" in Team {',
      '  engine etl',
      '  connection S {',
      ...tables.map((t, i) => `    table ${t} from "data/t${i}.csv"`),
      '    table L from "data/l.csv"',
      '  }',
      '  perspective V {',
      ...objects,
      ...relations,
      '  }',
      '}',
    ].join('\n') + '\n',
  );

  const perm = ['permissions for "Team/P".V {'];
  if (r.chance(95)) perm.push('  use data permissions');
  perm.push(`  combine ${r.pick(['by-column', 'by-principal'])}`);
  const principals = [...users.map((u) => `user "${u}"`), ...groups.map((g) => `group "${g.name}"`)];
  for (const p of principals) {
    if (r.chance(25)) continue;
    if (r.chance(7)) {
      perm.push(`  ${p} unlimited`);
      continue;
    }
    const rules: string[] = [];
    for (let n = r.int(1, 2); n > 0; n--) {
      const column = r.pick(['id', 'a', 'b', 'c']);
      const values = Array.from({ length: r.chance(5) ? 0 : r.int(1, 3) }, () => `"${value(r, column)}"`);
      rules.push(`    ${r.pick(types)}.${column} in ${values.join(', ')}`);
    }
    perm.push(`  ${p} {`, ...rules, '  }');
  }
  perm.push('}');
  files.set('v.perm', perm.join('\n') + '\n');
  return { files };
}
