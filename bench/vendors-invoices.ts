// A seeded Vendors → Invoices workspace (1:N, skewed vendors) in a temporary folder, for
// bench/panel-paging.ts and bench/postgres-vs-engine.ts. Written line by line (10 M rows do not
// fit one string). Users u00000@bench.x …: the first half are restricted by a value-assignment
// table (users by alias, Vendors.LIFNR, `valuesPerUser` vendors each); the second half are
// members of groups (user i in group i % groups) whose rules alternate Vendors.LAND1 (propagates
// down), Invoices.BUKRS (propagates up) and Vendors.EKORG.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BUKRS, LANDS, rng, writeVendorsInvoices } from './generate.js';
import { benchWorkspaceDir, Lines } from './support.js';

export interface VendorsInvoicesOptions {
  invoices: number;
  users?: number;
  groups?: number;
  valuesPerUser?: number;
  seed?: number;
  /** §P5 combine mode (default by-column). */
  combine?: 'by-column' | 'by-principal';
}

export interface VendorsInvoices {
  dir: string;
  invoices: number;
  vendors: number;
  users: string[];
  /** Users restricted by the values table, and users restricted by a group rule (LAND1, BUKRS, EKORG). */
  valueUsers: string[];
  groupUsers: string[];
  valueRows: number;
  ref: { pool: string; name: string };
  bytes: number;
}


export const benchEmail = (i: number) => `u${String(i).padStart(5, '0')}@bench.x`;

export function vendorsInvoices(o: VendorsInvoicesOptions): VendorsInvoices {
  const nUsers = Math.max(2, o.users ?? 10);
  const groups = Math.max(1, o.groups ?? 3);
  const valuesPerUser = o.valuesPerUser ?? 50;
  const rand = rng(o.seed ?? 20261122);
  const dir = benchWorkspaceDir('sightline-bench-vi-');
  const invoices = o.invoices;
  const vendors = Math.max(100, Math.floor(invoices / 50));
  let bytes = 0;

  bytes += writeVendorsInvoices(dir, rand, vendors, invoices);

  const users = Array.from({ length: nUsers }, (_, i) => benchEmail(i));
  const half = Math.ceil(nUsers / 2);
  const valueUsers = users.slice(0, half);
  const groupUsers = users.slice(half);
  const p = new Lines(path.join(dir, 'perm', 'values.csv'));
  p.push('Reference_User,Reference_Table,Reference_Column,Reference_Value');
  let valueRows = 0;
  valueUsers.forEach((u, k) => {
    for (let j = 0; j < valuesPerUser; j++) {
      p.push(`${u},Vendors,LIFNR,V${((k + 1) * 7919 + j * 104_729) % vendors}`);
      valueRows++;
    }
  });
  bytes += p.close();

  const group = (g: number) => `G${String(g).padStart(3, '0')}`;
  const team = ['team Bench {'];
  for (const u of users) team.push(`  user "${u}" role analyst`);
  for (let g = 0; g < groups; g++) {
    const members = groupUsers.filter((_, k) => k % groups === g).map((u) => `"${u}"`);
    if (members.length) team.push(`  group "${group(g)}" members ${members.join(', ')}`);
  }
  team.push('}');
  writeFileSync(
    path.join(dir, 'bench.pool'),
    team.join('\n') +
      `\n\npool "P" in Bench {\n  engine etl\n  connection C {\n    table LFA1 from "data/vendors.csv"\n    table RBKP from "data/invoices.csv"\n  }\n  model Main {\n    table C.LFA1 as Vendors\n    table C.RBKP as Invoices\n    join Vendors.LIFNR -> Invoices.LIFNR\n  }\n}\n`,
  );
  const perm = [`permissions for "Bench/P".Main {\n  use data permissions\n  combine ${o.combine ?? 'by-column'}\n`];
  for (let g = 0; g < Math.min(groups, groupUsers.length); g++) {
    const rule =
      g % 3 === 0 ? `Vendors.LAND1 in "${LANDS[g % LANDS.length]}", "${LANDS[(g + 4) % LANDS.length]}"` : g % 3 === 1 ? `Invoices.BUKRS in "${BUKRS[g % BUKRS.length]}"` : `Vendors.EKORG in "${1000 * (1 + (g % 3))}"`;
    perm.push(`  group "${group(g)}" {\n    ${rule}\n  }\n`);
  }
  perm.push(`  table "perm/values.csv" values users by alias {\n    user   Reference_User\n    table  Reference_Table\n    column Reference_Column\n    value  Reference_Value\n  }\n}\n`);
  writeFileSync(path.join(dir, 'bench.perm'), perm.join(''));
  return { dir, invoices, vendors, users, valueUsers, groupUsers, valueRows, ref: { pool: 'Bench/P', name: 'Main' }, bytes };
}
