// A workspace in which each user's permissions fail to evaluate in one way (test/hardening/fail-closed.test.ts).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
export const USERS = ['ok', 'unknown-table', 'unknown-column', 'mixed', 'missing-table', 'ragged-table', 'bad-mapping', 'type-text', 'type-number', 'type-date', 'null-cell', 'broken-data', 'false-unlimited', 'nobody', 'lead'].map((u) => `${u}@x.com`);
export function failClosedWorkspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-f1-'));
  mkdirSync(path.join(dir, 'data')); mkdirSync(path.join(dir, 'perm'));
  const w = (f: string, t: string) => writeFileSync(path.join(dir, f), t);
  w('data/vendors.csv', 'LIFNR,LAND1,EKORG,CREATED\nV1,DE,1000,2024-01-05\nV2,FR,2000,2024-02-06\nV3,DE,2000,2024-03-07\nV4,IT,1000,\n');
  w('data/invoices.csv', 'BELNR,LIFNR,WRBTR\n1,V1,10.5\n2,V2,20\n3,V3,30.25\n4,V4,40\n5,V1,50\n');
  // Sniffed as BIGINT from the first 1 MiB; a later value DuckDB refuses: the load fails (§F1).
  w('data/broken.csv', 'K,LIFNR\n' + Array.from({ length: 200000 }, (_, i) => `${i},V${(i % 4) + 1}`).join('\n') + '\nnot-a-number,V1\n');
  w('perm/values.csv', 'U,T,C,V\nmixed@x.com,Vendors,LAND1,DE\nmixed@x.com,Vendors,NOPE,XX\nmixed@x.com,Nowhere,LAND1,FR\nnull-cell@x.com,Vendors,LAND1,\ntype-number@x.com,Vendors,EKORG,1000.0\ntype-number@x.com,Vendors,EKORG, 2000\n');
  w('perm/ragged.csv', 'U,T,C,V\nragged-table@x.com,Vendors,LAND1,DE,extra\nragged-table@x.com,Vendors,LAND1\n');
  w('perm/badmap.csv', 'U,T,C\nbad-mapping@x.com,Vendors,LAND1\n');
  w('perm/unlimited.csv', 'U,UNL\nfalse-unlimited@x.com,FALSE\nlead@x.com,maybe\n');
  const users = USERS.map((u) => `  user "${u}" role analyst`).join('\n');
  w('f1.pool', `team F {\n${users}\n}\npool "P" in F {\n  engine etl\n  connection C {\n    table LFA1 from "data/vendors.csv"\n    table BKPF from "data/invoices.csv"\n    table BRK from "data/broken.csv"\n  }\n  model M {\n    table C.LFA1 as Vendors\n    table C.BKPF as Invoices\n    table C.BRK as Broken\n    join Vendors.LIFNR -> Invoices.LIFNR\n    join Vendors.LIFNR -> Broken.LIFNR\n  }\n}\n`);
  w('f1.perm', `permissions for "F/P".M {
  use data permissions
  combine by-column
  user "ok@x.com" {
    Vendors.LAND1 in "DE"
  }
  user "unknown-table@x.com" {
    Nowhere.LAND1 in "DE"
  }
  user "unknown-column@x.com" {
    Vendors.NOPE in "DE"
  }
  user "mixed@x.com" {
    Vendors.LAND1 in "DE"
    Vendors.nope in "FR"
  }
  user "type-text@x.com" {
    Vendors.EKORG in "abc", "1e3", "1000 ", "0x3E8"
  }
  user "type-date@x.com" {
    Vendors.CREATED in "2024-13-45", "05.01.2024", "2024-1-5"
  }
  user "broken-data@x.com" {
    Broken.K in "1", "2"
  }
  table "perm/values.csv" values users by alias {
    user U
    table T
    column C
    value V
  }
  table "perm/missing.csv" values users by alias {
    user U
    table T
    column C
    value V
  }
  table "perm/ragged.csv" values users by alias {
    user U
    table T
    column C
    value V
  }
  table "perm/badmap.csv" values users by alias {
    user U
    table T
    column C
    value V
  }
  table "perm/unlimited.csv" unlimited users {
    user U
    unlimited UNL
  }
}
`);
  return dir;
}
