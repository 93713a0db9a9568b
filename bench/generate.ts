// The benchmark's data: a deterministic (seeded) workspace in a temporary folder.
//
// Model Vendors → Invoices → Items (1:N:N); `items` rows in the largest table, invoices =
// items / 5, vendors = items / 100 (at least 100). Skewed values (a few countries, vendors and
// materials hold most rows) and some NULLs. One team of `users` users (u00000@bench.x …) and
// `groups` groups (user i is in group i % groups). Permission tables:
//   perm/values_1k.csv, values_100k.csv, values_1m.csv — value assignments (users by alias,
//     Vendors.LIFNR); the bench users' rows are identical in all three, the rest belong to
//     other users, so the three differ only in size;
//   perm/unlimited.csv — an unlimited-assignment table (users, 1 % TRUE; bench users FALSE).
// Models: Main (group rules in the .perm, the 100 k values table, the unlimited table) and
// P1k, P100k, P1m (only the values table of that size), all over the same three files.
// Perspective Flow: object types Vendor, Invoice, Item (key POSNR: one object per item row, so
// `items` objects), related by LIFNR and BELNR; the same group rules on Vendor / Invoice, and
// user a's 50 vendors as a rule on Vendor.
import { writeFileSync } from 'node:fs';
import { mulberry32 } from '../scripts/seeded-random.js';
import { benchWorkspaceDir, Lines } from './support.js';
import * as path from 'node:path';

export interface GenerateOptions {
  items: number;
  users?: number;
  groups?: number;
  /** Sizes of the value-assignment tables. */
  permRows?: number[];
  seed?: number;
}

export interface Generated {
  dir: string;
  items: number;
  invoices: number;
  vendors: number;
  users: number;
  groups: number;
  permRows: number[];
  /** The users the per-user figures are measured for (a: values table only, b: group rule). */
  benchUsers: { a: string; b: string; c: string };
  /** Model name per permission-table size. */
  scalingModels: { rows: number; model: string }[];
  /** The perspective (one Item object per items row). */
  perspective: string;
  pool: string;
  /** An invoice number (BELNR) that exists, for explain. */
  someInvoice: number;
  bytes: number;
}

/** Vendors' countries and invoices' company codes (rules name them). */
export const LANDS = ['DE', 'FR', 'IT', 'ES', 'AT', 'NL', 'PL', 'US', 'CN', 'BR'];
export const BUKRS = ['1000', '2000', '3000', '4000', '5000'];

/** The benchmarks' seeded generator (mulberry32). */
export const rng = mulberry32;


const email = (i: number) => `u${String(i).padStart(5, '0')}@bench.x`;
const group = (i: number) => `G${String(i).padStart(3, '0')}`;
const PERM_NAME = (rows: number) => (rows >= 1_000_000 ? `${rows / 1_000_000}m` : rows >= 1000 ? `${rows / 1000}k` : String(rows));

export function generate(o: GenerateOptions): Generated {
  const users = o.users ?? 10_000;
  const groups = o.groups ?? 500;
  const permRows = o.permRows ?? [1_000, 100_000, 1_000_000];
  const rand = rng(o.seed ?? 20261122);
  const dir = benchWorkspaceDir('sightline-bench-');
  const items = o.items;
  const invoices = Math.max(20, Math.floor(items / 5));
  const vendors = Math.max(100, Math.floor(items / 100));
  let bytes = 0;
  const skew = (n: number, power: number) => Math.floor(rand() ** power * n);

  bytes += writeVendorsInvoices(dir, rand, vendors, invoices);

  const werks = ['P100', 'P200', 'P300', 'P400'];
  const it = new Lines(path.join(dir, 'data', 'items.csv'));
  it.push('BELNR,BUZEI,MATNR,MENGE,WERKS,POSNR');
  for (let i = 0; i < items; i++) {
    const w = rand() < 0.05 ? '' : werks[skew(werks.length, 1.5)];
    it.push(`${5_000_000_000 + skew(invoices, 1.2)},${(i % 10) + 1},M${skew(50_000, 4)},${1 + Math.floor(rand() * 100)},${w},${i}`);
  }
  bytes += it.close();

  // Permission tables. Bench user a: 50 vendors, the same rows in every size.
  const benchUsers = { a: email(1), b: email(2), c: email(3) };
  const benchVendors = Array.from({ length: 50 }, (_, k) => `V${(k * 7919) % vendors}`);
  const otherVendors = Array.from({ length: vendors }, (_, k) => `V${k}`);
  for (const rows of permRows) {
    const p = new Lines(path.join(dir, 'perm', `values_${PERM_NAME(rows)}.csv`));
    p.push('Reference_User,Reference_Table,Reference_Column,Reference_Value');
    for (const lifnr of benchVendors) p.push(`${benchUsers.a},Vendors,LIFNR,${lifnr}`);
    const r2 = rng(rows);
    for (let k = benchVendors.length; k < rows; k++) {
      const u = 4 + Math.floor(r2() * (users - 4));
      p.push(`${email(u)},Vendors,LIFNR,${otherVendors[Math.floor(r2() ** 2 * vendors)]}`);
    }
    bytes += p.close();
  }
  const un = new Lines(path.join(dir, 'perm', 'unlimited.csv'));
  un.push('Reference_User,Reference_Unlimited');
  for (let i = 0; i < users; i++) un.push(`${email(i)},${i > 3 && i % 100 === 7 ? 'TRUE' : 'FALSE'}`);
  bytes += un.close();

  // The team, the pool, the models.
  const team: string[] = ['team Bench {'];
  for (let i = 0; i < users; i++) team.push(`  user "${email(i)}" role ${i === 0 ? 'admin' : 'analyst'}`);
  for (let g = 0; g < groups; g++) {
    const members: string[] = [];
    for (let i = g; i < users; i += groups) members.push(`"${email(i)}"`);
    team.push(`  group "${group(g)}" members ${members.join(', ')}`);
  }
  team.push('}');
  const modelOf = (name: string) =>
    `  model ${name} {\n    table C.LFA1 as Vendors\n    table C.RBKP as Invoices\n    table C.RSEG as Items\n    join Vendors.LIFNR -> Invoices.LIFNR\n    join Invoices.BELNR -> Items.BELNR\n  }\n`;
  const scalingModels = permRows.map((rows) => ({ rows, model: `P${PERM_NAME(rows)}` }));
  const pool =
    team.join('\n') +
    `\n\npool "P" in Bench {\n  engine etl\n  connection C {\n    table LFA1 from "data/vendors.csv"\n    table RBKP from "data/invoices.csv"\n    table RSEG from "data/items.csv"\n  }\n` +
    modelOf('Main') +
    scalingModels.map((s) => modelOf(s.model)).join('') +
    `  perspective Flow {\n    object Vendor  from C.LFA1 key LIFNR\n    object Invoice from C.RBKP key BELNR\n    object Item    from C.RSEG key POSNR\n    relate Invoice.LIFNR -> Vendor.LIFNR\n    relate Item.BELNR -> Invoice.BELNR\n  }\n` +
    '}\n';
  writeFileSync(path.join(dir, 'bench.pool'), pool);

  const valuesBlock = (rows: number) =>
    `  table "perm/values_${PERM_NAME(rows)}.csv" values users by alias {\n    user   Reference_User\n    table  Reference_Table\n    column Reference_Column\n    value  Reference_Value\n  }\n`;
  const mainRows = permRows.includes(100_000) ? 100_000 : permRows[Math.min(1, permRows.length - 1)];
  const perm: string[] = [`permissions for "Bench/P".Main {\n  use data permissions\n  combine by-column\n`];
  // Bench user b's group (G002) and the others: one rule each, on a parent or a child.
  for (let g = 0; g < groups; g++) {
    if (g === 1) continue; // user a's group: user a is decided by the values table only
    perm.push(g % 3 === 0 ? `  group "${group(g)}" {\n    Invoices.BUKRS in "${BUKRS[g % BUKRS.length]}"\n  }\n` : `  group "${group(g)}" {\n    Vendors.LAND1 in "${LANDS[g % LANDS.length]}", "${LANDS[(g + 3) % LANDS.length]}"\n  }\n`);
  }
  perm.push(valuesBlock(mainRows));
  perm.push(`  table "perm/unlimited.csv" unlimited users {\n    user      Reference_User\n    unlimited Reference_Unlimited\n  }\n}\n`);
  for (const s of scalingModels) perm.push(`\npermissions for "Bench/P".${s.model} {\n  use data permissions\n${valuesBlock(s.rows)}}\n`);
  perm.push(`\npermissions for "Bench/P".Flow {\n  use data permissions\n  combine by-column\n  user "${benchUsers.a}" {\n    Vendor.LIFNR in ${benchVendors.map((v) => `"${v}"`).join(', ')}\n  }\n`);
  for (let g = 0; g < groups; g++) {
    if (g === 1) continue;
    perm.push(g % 3 === 0 ? `  group "${group(g)}" {\n    Invoice.BUKRS in "${BUKRS[g % BUKRS.length]}"\n  }\n` : `  group "${group(g)}" {\n    Vendor.LAND1 in "${LANDS[g % LANDS.length]}", "${LANDS[(g + 3) % LANDS.length]}"\n  }\n`);
  }
  perm.push('}\n');
  writeFileSync(path.join(dir, 'bench.perm'), perm.join(''));

  return { dir, items, invoices, vendors, users, groups, permRows, benchUsers, scalingModels, perspective: 'Flow', pool: 'Bench/P', someInvoice: 5_000_000_007, bytes };
}

/**
 * vendors.csv and invoices.csv (skewed: a few vendors hold most invoices; some NULL LAND1 and
 * BUKRS), shared by every generated workspace. Returns the bytes written.
 */
export function writeVendorsInvoices(dir: string, rand: () => number, vendors: number, invoices: number): number {
  const skew = (n: number, power: number) => Math.floor(rand() ** power * n);
  let bytes = 0;
  const v = new Lines(path.join(dir, 'data', 'vendors.csv'));
  v.push('LIFNR,LAND1,EKORG,NAME1');
  for (let i = 0; i < vendors; i++) {
    const land = rand() < 0.02 ? '' : LANDS[skew(LANDS.length, 2)];
    v.push(`V${i},${land},${1000 * (1 + skew(3, 1.5))},Vendor ${i}`);
  }
  bytes += v.close();

  const inv = new Lines(path.join(dir, 'data', 'invoices.csv'));
  inv.push('BELNR,LIFNR,BUKRS,WRBTR,BLDAT');
  const day0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < invoices; i++) {
    const b = rand() < 0.01 ? '' : BUKRS[skew(BUKRS.length, 2)];
    const date = new Date(day0 + Math.floor(rand() * 730) * 86_400_000).toISOString().slice(0, 10);
    inv.push(`${5_000_000_000 + i},V${skew(vendors, 3)},${b},${(rand() ** 2 * 100_000).toFixed(2)},${date}`);
  }
  bytes += inv.close();
  return bytes;
}
