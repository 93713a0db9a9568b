// Generates every data file of the bundled example workspace examples/acme: the SAP-flavoured
// CSV and Parquet tables the pools load, the permission tables the .perm files name, and
// sightline.lock (the table configuration of every import at its last synchronization).
//
//   npm run examples        (= tsx scripts/generate-example-data.ts)
//
// Deterministic: one seeded PRNG (mulberry32), no clock, no Math.random, fixed iteration
// order, so running it twice writes byte-identical files. The .pool and .perm files are
// written by hand; keep the values they name (countries, purchasing and sales organisations,
// group names) in step with the constants below. examples/acme/README.md states who sees
// what for exactly this data.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { serializeLock, type LockedImport } from '../model/lock.js';
import type { Column, ColumnType } from '../model/types.js';
import { mulberry32 } from './seeded-random.js';

const ROOT = fileURLToPath(new URL('../examples/acme/', import.meta.url));
const SEED = 20240501;

// ---------------------------------------------------------------- randomness


const random = mulberry32(SEED);
/** An integer in [min, max]. */
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const chance = (p: number): boolean => random() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
function weighted<T>(items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

// ---------------------------------------------------------------- formatting

const DAY = 86_400_000;
/** Day 0 is 2024-01-01 (UTC); negative days reach back into earlier years. */
const date = (day: number): string => new Date(Date.UTC(2024, 0, 1) + day * DAY).toISOString().slice(0, 10);
/** Amounts are kept in cents, so sums are exact; written with two decimals (sniffed DOUBLE). */
const money = (cents: number): string => (cents / 100).toFixed(2);
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

// ---------------------------------------------------------------- writers

type Row = Record<string, string>;

/** Column types of every generated table, by SAP table name, for sightline.lock. */
const schemas = new Map<string, Column[]>();
const written: string[] = [];

function write(relPath: string, data: string | Uint8Array): void {
  const file = join(ROOT, relPath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
  written.push(relPath);
}

/** RFC 4180: quote a field that holds a comma, a quote or a line break; double inner quotes. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes a CSV (header row, LF line ends) and records its columns as a CSV sniffer types them. */
function writeCsv(relPath: string, table: string | undefined, columns: string[], rows: Row[]): void {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c] ?? '')).join(','));
  write(relPath, lines.join('\n') + '\n');
  if (table) schemas.set(table, columns.map((name) => ({ name, type: sniff(rows.map((r) => r[name] ?? '')) })));
}

/**
 * The type a CSV sniffer infers (as DuckDB does for ordinary data): the first of BOOLEAN,
 * BIGINT, DOUBLE, DATE that every non-empty value casts to, else VARCHAR. The generator never
 * writes timestamps, so TIMESTAMP is not a candidate here.
 */
function sniff(values: string[]): ColumnType {
  const present = values.filter((v) => v !== '');
  if (present.length === 0) return 'VARCHAR';
  const all = (re: RegExp) => present.every((v) => re.test(v));
  if (all(/^(true|false)$/i)) return 'BOOLEAN';
  if (all(/^[+-]?\d+$/)) return 'BIGINT';
  if (all(/^[+-]?(\d+\.?\d*|\.\d+)$/)) return 'DOUBLE';
  if (all(/^\d{4}-\d{2}-\d{2}$/)) return 'DATE';
  return 'VARCHAR';
}

type ParquetColumn =
  | { name: string; type: 'STRING'; data: string[] }
  | { name: string; type: 'DOUBLE'; data: number[] }
  | { name: string; type: 'INT64'; data: bigint[] }
  | { name: string; type: 'BOOLEAN'; data: boolean[] };

const PARQUET_TYPES: Record<ParquetColumn['type'], ColumnType> = { STRING: 'VARCHAR', DOUBLE: 'DOUBLE', INT64: 'BIGINT', BOOLEAN: 'BOOLEAN' };

function writeParquet(relPath: string, table: string, columns: ParquetColumn[]): void {
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) => ({ name: c.name, type: c.type, data: c.data, nullable: false })),
    createdBy: 'sightline generate-example-data',
  });
  write(relPath, new Uint8Array(buffer));
  schemas.set(table, columns.map((c) => ({ name: c.name, type: PARQUET_TYPES[c.type] })));
}

// ---------------------------------------------------------------- accounts payable (Finance/AP Source)

// Company codes. 4000 (Poland) was founded in December and has no postings yet.
const COMPANY_CODES = [
  { BUKRS: '1000', BUTXT: 'Acme Deutschland GmbH', ORT01: 'Frankfurt am Main', LAND1: 'DE', WAERS: 'EUR' },
  { BUKRS: '2000', BUTXT: 'Acme France SAS', ORT01: 'Lyon', LAND1: 'FR', WAERS: 'EUR' },
  { BUKRS: '3000', BUTXT: 'Acme Iberia S.L.', ORT01: 'Madrid', LAND1: 'ES', WAERS: 'EUR' },
  { BUKRS: '4000', BUTXT: 'Acme Polska Sp. z o.o.', ORT01: 'Wrocław', LAND1: 'PL', WAERS: 'PLN' },
];

// Vendor countries, the purchasing organisation that buys there (1000 Germany, 2000 France,
// 3000 Iberia) and the company code that usually receives the invoices.
const VENDOR_COUNTRIES = [
  { land: 'DE', ekorg: 1000, weight: 30, cities: ['Hamburg', 'München', 'Stuttgart', 'Köln', 'Leipzig'], forms: ['GmbH', 'AG', 'GmbH & Co. KG'] },
  { land: 'AT', ekorg: 1000, weight: 8, cities: ['Wien', 'Graz', 'Linz'], forms: ['GmbH', 'AG'] },
  { land: 'NL', ekorg: 1000, weight: 6, cities: ['Rotterdam', 'Eindhoven'], forms: ['B.V.'] },
  { land: 'PL', ekorg: 1000, weight: 6, cities: ['Poznań', 'Kraków'], forms: ['Sp. z o.o.'] },
  { land: 'US', ekorg: 1000, weight: 5, cities: ['Chicago', 'Houston'], forms: ['Inc.', 'LLC'] },
  { land: 'CN', ekorg: 1000, weight: 4, cities: ['Shenzhen', 'Ningbo'], forms: ['Co., Ltd.'] },
  { land: 'FR', ekorg: 2000, weight: 20, cities: ['Paris', 'Lyon', 'Lille', 'Toulouse'], forms: ['SAS', 'SARL', 'SA'] },
  { land: 'BE', ekorg: 2000, weight: 5, cities: ['Bruxelles', 'Antwerpen'], forms: ['SA', 'BV'] },
  { land: 'IT', ekorg: 2000, weight: 8, cities: ['Milano', 'Torino', 'Bologna'], forms: ['S.p.A.', 'S.r.l.'] },
  { land: 'ES', ekorg: 3000, weight: 12, cities: ['Madrid', 'Barcelona', 'Valencia', 'Bilbao'], forms: ['S.L.', 'S.A.'] },
  { land: 'PT', ekorg: 3000, weight: 5, cities: ['Lisboa', 'Porto'], forms: ['Lda.', 'S.A.'] },
] as const;
const EKORG_TO_BUKRS: Record<number, string> = { 1000: '1000', 2000: '2000', 3000: '3000' };

const VENDOR_STEMS = [
  'Nordstahl', 'Rheinwerk', 'Alpen Logistik', 'Hansa Verpackung', 'Technoflex', 'Metallbau Krüger', 'Elektro Sommer',
  'Bureau Plus', 'Atelier Durand', 'Transports Girard', 'Chimie Lefèvre', 'Fonderie Martin', 'Rossi Meccanica',
  'Ferro Lombardo', 'Plasticos Iberia', 'Aceros del Norte', 'Cartonajes Ruiz', 'Tecnicas Lusas', 'Omega Components',
  'Delta Fasteners', 'Blue Ocean Freight', 'Polytech', 'Vistula Trade', 'Orion Office', 'Zenit Sensors', 'Kappa Tools',
];

// Vendor account groups: trade vendors, one-time vendors, employees (travel expenses).
const ACCOUNT_GROUPS = [['KRED', 80], ['CPDL', 8], ['EMPL', 12]] as const;

interface Vendor {
  LIFNR: string;
  NAME1: string;
  LAND1: string;
  ORT01: string;
  KTOKK: string;
  EKORG: number;
  ZTERM_DAYS: number;
  SPERR: boolean;
  STCEG: string;
  active: boolean;
}

const vendors: Vendor[] = [];
for (let i = 0; i < 160; i++) {
  // The first vendors walk through every country once, so each country (and each value the
  // permission rules name) occurs in the data; the rest follow the weights.
  const country = i < VENDOR_COUNTRIES.length ? VENDOR_COUNTRIES[i] : weighted(VENDOR_COUNTRIES.map((c) => [c, c.weight] as const));
  const ktokk = i < 3 ? 'KRED' : weighted(ACCOUNT_GROUPS);
  const name = ktokk === 'EMPL' ? `Employee ${7000 + i}` : `${pick(VENDOR_STEMS)} ${pick(country.forms)}`;
  const blocked = chance(0.05);
  vendors.push({
    LIFNR: `V${100001 + i}`,
    NAME1: name,
    LAND1: country.land,
    ORT01: pick(country.cities),
    KTOKK: ktokk,
    EKORG: country.ekorg,
    ZTERM_DAYS: pick([30, 30, 45, 60]),
    SPERR: blocked,
    STCEG: ktokk === 'EMPL' ? '' : `${country.land}${int(100000000, 999999999)}`,
    // About one vendor in eight has no invoice this year (new, blocked or dormant): parents
    // without children, which restricted users then do not see (§P9).
    active: i < VENDOR_COUNTRIES.length || (!blocked && !chance(0.1)),
  });
}

const HEADER_TEXTS = [
  'Monthly service fee', 'Framework contract 2024, call-off', 'Spare parts', 'Freight, inbound', 'Maintenance "urgent" repair',
  'Packaging material', 'Consulting, phase 2', 'Office supplies', 'Travel expenses', 'Raw material delivery', '',
];
const EXPENSE_ACCOUNTS = [
  { HKONT: '400000', text: 'Raw materials' },
  { HKONT: '410000', text: 'Packaging' },
  { HKONT: '470000', text: 'External services' },
  { HKONT: '476000', text: 'Office supplies' },
  { HKONT: '477000', text: 'Travel, lodging' },
];
const COST_CENTERS: Record<string, string[]> = { '1000': ['CC1100', 'CC1200', 'CC1300'], '2000': ['CC2100', 'CC2200'], '3000': ['CC3100', 'CC3200'] };
const CLERKS = ['JDOE', 'MMUSTERMANN', 'WF-BATCH', 'WF-BATCH', 'AMARTIN'];

const bkpf: Row[] = [];
const bseg: Row[] = [];
const regup: Row[] = [];
const activeVendors = vendors.filter((v) => v.active);
const nextBelnr: Record<string, number> = { '1000': 5100000001, '2000': 5200000001, '3000': 5300000001 };
let nextPayment = 1500000001;

for (let i = 0; i < 950; i++) {
  const vendor = pick(activeVendors);
  // Mostly the company code of the vendor's purchasing organisation; some cross-border buying.
  const bukrs = chance(0.9) ? EKORG_TO_BUKRS[vendor.EKORG] : pick(['1000', '2000', '3000']);
  const belnr = nextBelnr[bukrs]++;
  const bldat = int(0, 340);
  const budat = bldat + int(0, 6);
  const waers = vendor.LAND1 === 'US' ? 'USD' : 'EUR';
  const lines = int(1, 3);
  const taxRate = vendor.KTOKK === 'EMPL' ? 0 : { '1000': 19, '2000': 20, '3000': 21 }[bukrs]!;
  const items: Row[] = [];
  let net = 0;
  for (let l = 0; l < lines; l++) {
    const account = vendor.KTOKK === 'EMPL' ? EXPENSE_ACCOUNTS[4] : pick(EXPENSE_ACCOUNTS.slice(0, 4));
    const amount = int(2_000, 1_500_000);
    net += amount;
    items.push({
      BUZEI: String(l + 2),
      KOART: 'S',
      SHKZG: 'S',
      HKONT: account.HKONT,
      KOSTL: pick(COST_CENTERS[bukrs]),
      MWSKZ: taxRate === 0 ? 'V0' : 'V1',
      DMBTR: money(amount),
      SGTXT: `${account.text}, ${vendor.NAME1}`,
    });
  }
  const gross = net + Math.round((net * taxRate) / 100);
  const key = (buzei: string) => `${bukrs}-${belnr}-${pad(Number(buzei), 3)}`;
  // Line 1 is the vendor line (account type K, credit): the one the payment run clears.
  items.unshift({ BUZEI: '1', KOART: 'K', SHKZG: 'H', HKONT: '160000', KOSTL: '', MWSKZ: '', DMBTR: money(gross), SGTXT: vendor.NAME1 });
  for (const item of items) bseg.push({ BUKRS: bukrs, BELNR: String(belnr), GJAHR: '2024', ITEM_KEY: key(item.BUZEI), ...item });

  bkpf.push({
    BUKRS: bukrs,
    BELNR: String(belnr),
    GJAHR: '2024',
    BLART: chance(0.7) ? 'RE' : 'KR',
    BLDAT: date(bldat),
    BUDAT: date(budat),
    LIFNR: vendor.LIFNR,
    XBLNR: `${vendor.LAND1}-INV-${int(10000, 99999)}`,
    WAERS: waers,
    WRBTR: money(gross),
    USNAM: pick(CLERKS),
    BKTXT: pick(HEADER_TEXTS),
  });

  // Payment runs clear the vendor line when it falls due; recent invoices are still open.
  // Some large invoices are paid in two instalments (two REGUP rows for one item).
  const due = budat + vendor.ZTERM_DAYS;
  if (due <= 350 && !vendor.SPERR && chance(0.9)) {
    const parts = gross > 500_000 && chance(0.25) ? [Math.round(gross * 0.6), gross - Math.round(gross * 0.6)] : [gross];
    let runDay = due - int(0, 5);
    for (const part of parts) {
      const run = date(runDay);
      regup.push({
        LAUFD: run,
        LAUFI: `${run.slice(5, 7)}${run.slice(8, 10)}${pick(['A', 'B'])}`,
        VBLNR: String(nextPayment++),
        ITEM_KEY: key('1'),
        BUKRS: bukrs,
        ZLSCH: vendor.LAND1 === 'US' || vendor.LAND1 === 'CN' ? 'W' : pick(['U', 'U', 'U', 'C']),
        RWBTR: money(part),
        WAERS: waers,
      });
      runDay += int(14, 30);
    }
  }
}

writeCsv('data/ap/t001.csv', 'T001', ['BUKRS', 'BUTXT', 'ORT01', 'LAND1', 'WAERS'], COMPANY_CODES);
writeParquet('data/ap/lfa1.parquet', 'LFA1', [
  { name: 'LIFNR', type: 'STRING', data: vendors.map((v) => v.LIFNR) },
  { name: 'NAME1', type: 'STRING', data: vendors.map((v) => v.NAME1) },
  { name: 'LAND1', type: 'STRING', data: vendors.map((v) => v.LAND1) },
  { name: 'ORT01', type: 'STRING', data: vendors.map((v) => v.ORT01) },
  { name: 'KTOKK', type: 'STRING', data: vendors.map((v) => v.KTOKK) },
  { name: 'EKORG', type: 'INT64', data: vendors.map((v) => BigInt(v.EKORG)) },
  { name: 'ZTERM_DAYS', type: 'INT64', data: vendors.map((v) => BigInt(v.ZTERM_DAYS)) },
  { name: 'SPERR', type: 'BOOLEAN', data: vendors.map((v) => v.SPERR) },
  { name: 'STCEG', type: 'STRING', data: vendors.map((v) => v.STCEG) },
]);
writeCsv('data/ap/bkpf.csv', 'BKPF', ['BUKRS', 'BELNR', 'GJAHR', 'BLART', 'BLDAT', 'BUDAT', 'LIFNR', 'XBLNR', 'WAERS', 'WRBTR', 'USNAM', 'BKTXT'], bkpf);
writeCsv('data/ap/bseg.csv', 'BSEG', ['BUKRS', 'BELNR', 'GJAHR', 'BUZEI', 'ITEM_KEY', 'KOART', 'SHKZG', 'HKONT', 'KOSTL', 'MWSKZ', 'DMBTR', 'SGTXT'], bseg);
writeCsv('data/ap/regup.csv', 'REGUP', ['LAUFD', 'LAUFI', 'VBLNR', 'ITEM_KEY', 'BUKRS', 'ZLSCH', 'RWBTR', 'WAERS'], regup);

// ---------------------------------------------------------------- order to cash (Sales/O2C Source)

// Customer countries and the sales organisation that serves them (DE10 serves DACH).
const CUSTOMER_COUNTRIES: readonly { land: string; vkorg: string; weight: number; forms: readonly string[]; cities: readonly (readonly [string, string])[] }[] = [
  { land: 'DE', vkorg: 'DE10', weight: 30, forms: ['GmbH', 'AG', 'e.V.'], cities: [['Berlin', '10115'], ['Dresden', '01067'], ['Bremen', '28195'], ['Nürnberg', '90402']] },
  { land: 'AT', vkorg: 'DE10', weight: 7, forms: ['GmbH', 'AG'], cities: [['Wien', '1010'], ['Salzburg', '5020']] },
  { land: 'CH', vkorg: 'DE10', weight: 6, forms: ['AG', 'GmbH', 'SA'], cities: [['Zürich', '8001'], ['Basel', '4051']] },
  { land: 'FR', vkorg: 'FR10', weight: 20, forms: ['SA', 'SARL', 'SAS'], cities: [['Paris', '75008'], ['Marseille', '13001'], ['Nantes', '44000']] },
  { land: 'BE', vkorg: 'FR10', weight: 6, forms: ['SA', 'BV', 'SRL'], cities: [['Liège', '4000'], ['Gent', '9000']] },
  { land: 'ES', vkorg: 'ES10', weight: 12, forms: ['S.L.', 'S.A.'], cities: [['Sevilla', '41001'], ['Zaragoza', '50001']] },
  { land: 'PT', vkorg: 'ES10', weight: 5, forms: ['Lda.', 'S.A.'], cities: [['Porto', '4000-322'], ['Braga', '4700-001']] },
  { land: 'US', vkorg: 'US10', weight: 8, forms: ['Inc.', 'LLC', 'Co., Inc.'], cities: [['Boston', '02108'], ['Denver', '80202']] },
];
const CURRENCY: Record<string, string> = { CH: 'CHF', US: 'USD' };
const SHIPPING_POINT: Record<string, string> = { DE10: 'DE01', FR10: 'FR01', ES10: 'ES01', US10: 'US01' };
const CUSTOMER_STEMS = [
  'Stadtwerke', 'Bau & Technik', 'Krankenhaus St. Anna', 'Brasserie du Port', 'Dupont & Fils', 'Hôtel Bellevue',
  'Construcciones Navarro', 'Distribuidora Sol', 'Pacific Pumps', 'Granite State Supply', 'Lebensmittel Frisch',
  'Agro Coop', 'Maison Lambert', 'Industrias Faro', 'Bergbahnen', 'Kliniken Nord',
];
const INDUSTRIES = ['RETL', 'CONS', 'HLTH', 'FOOD', 'UTIL', 'MANU'];

interface Customer {
  KUNNR: string;
  NAME1: string;
  LAND1: string;
  ORT01: string;
  PSTLZ: string;
  BRSCH: string;
  ERDAT: string;
  vkorg: string;
  active: boolean;
}
const customers: Customer[] = [];
for (let i = 0; i < 220; i++) {
  const country = i < CUSTOMER_COUNTRIES.length ? CUSTOMER_COUNTRIES[i] : weighted(CUSTOMER_COUNTRIES.map((c) => [c, c.weight] as const));
  const [city, postcode] = pick(country.cities);
  customers.push({
    KUNNR: `C${20001 + i}`,
    NAME1: `${pick(CUSTOMER_STEMS)} ${city} ${pick(country.forms)}`,
    LAND1: country.land,
    ORT01: city,
    PSTLZ: postcode,
    BRSCH: pick(INDUSTRIES),
    ERDAT: date(-int(30, 3300)),
    vkorg: country.vkorg,
    // Prospects and lost customers without an order this year.
    active: i < CUSTOMER_COUNTRIES.length || chance(0.9),
  });
}

// Materials: finished goods, trading goods, raw materials (the last are never sold).
const MATERIAL_KINDS = [
  { mtart: 'FERT', prefix: 'FG', count: 140, groups: ['PUMPS', 'VALVES', 'MOTORS'], words: ['Centrifugal pump', 'Ball valve', 'Gear motor', 'Dosing pump', 'Check valve'] },
  { mtart: 'HAWA', prefix: 'TG', count: 90, groups: ['SPARES', 'SEALS'], words: ['Seal kit', 'Bearing set', 'Impeller', 'Gasket', 'Coupling'] },
  { mtart: 'ROH', prefix: 'RM', count: 70, groups: ['STEEL', 'POLYMER'], words: ['Stainless sheet', 'Cast housing', 'PTFE granulate', 'EPDM compound'] },
] as const;
interface Material {
  MATNR: string;
  MAKTX: string;
  MTART: string;
  MATKL: string;
  MEINS: string;
  BRGEW: number;
  NTGEW: number;
  LVORM: boolean;
  price: number;
}
const materials: Material[] = [];
for (const kind of MATERIAL_KINDS) {
  for (let i = 0; i < kind.count; i++) {
    const ntgew = int(100, 250_000) / 1000;
    materials.push({
      MATNR: `${kind.prefix}-${10001 + i}`,
      MAKTX: `${pick(kind.words)} ${kind.prefix === 'RM' ? `grade ${int(1, 9)}` : `DN${pick([15, 25, 40, 50, 80, 100])}`}`,
      MTART: kind.mtart,
      MATKL: pick(kind.groups),
      MEINS: kind.mtart === 'ROH' ? 'KG' : 'EA',
      BRGEW: Math.round(ntgew * 1100) / 1000,
      NTGEW: ntgew,
      LVORM: chance(0.04),
      price: int(1_500, 900_000),
    });
  }
}
const saleable = materials.filter((m) => m.MTART !== 'ROH' && !m.LVORM);

const vbak: Row[] = [];
const vbap: Row[] = [];
const likp: Row[] = [];
const vbfa: Row[] = [];
const activeCustomers = customers.filter((c) => c.active);
let nextOrder = 10000001;
let nextDelivery = 80000001;
const openOrders: { order: Row; customer: Customer; day: number }[] = [];
const deliveriesByCustomer = new Map<string, { delivery: Row; day: number }[]>();

function addDelivery(order: Row, customer: Customer, day: number, weight: number): void {
  const vbeln = String(nextDelivery++);
  const issued = day <= 355 && chance(0.95);
  const delivery = {
    VBELN: vbeln,
    LFART: 'LF',
    ERDAT: date(day),
    LFDAT: date(day + int(1, 4)),
    WADAT_IST: issued ? date(day + int(0, 3)) : '', // not yet goods-issued: NULL
    VSTEL: SHIPPING_POINT[order.VKORG],
    KUNNR: customer.KUNNR,
    BTGEW: weight.toFixed(3),
  };
  likp.push(delivery);
  vbfa.push({ VBELV: order.VBELN, VBELN: vbeln, VBTYP_V: 'C', VBTYP_N: 'J', ERDAT: date(day) });
  const list = deliveriesByCustomer.get(customer.KUNNR) ?? [];
  list.push({ delivery, day });
  deliveriesByCustomer.set(customer.KUNNR, list);
}

for (let i = 0; i < 1200; i++) {
  const customer = pick(activeCustomers);
  const day = int(0, 360);
  const vkorg = chance(0.96) ? customer.vkorg : pick(['DE10', 'FR10', 'ES10']);
  const vbeln = String(nextOrder++);
  let netwr = 0;
  let weight = 0;
  const positions = int(1, 4);
  for (let p = 1; p <= positions; p++) {
    const m = pick(saleable);
    const qty = int(1, 40);
    const value = m.price * qty;
    netwr += value;
    weight += m.BRGEW * qty;
    vbap.push({ VBELN: vbeln, POSNR: String(p * 10), MATNR: m.MATNR, ARKTX: m.MAKTX, KWMENG: qty.toFixed(3), VRKME: m.MEINS, NETWR: money(value) });
  }
  const order = {
    VBELN: vbeln,
    AUART: weighted([['TA', 85], ['SO', 10], ['CS', 5]] as const),
    ERDAT: date(day),
    VDATU: date(day + int(3, 21)),
    VKORG: vkorg,
    VTWEG: chance(0.8) ? '10' : '20',
    KUNNR: customer.KUNNR,
    NETWR: money(netwr),
    WAERK: CURRENCY[customer.LAND1] ?? 'EUR',
  };
  vbak.push(order);
  // Most orders ship within days; some in two partial deliveries; late orders are still open.
  const shipDay = day + int(1, 10);
  if (shipDay <= 362 && chance(0.88)) {
    if (chance(0.12)) {
      addDelivery(order, customer, shipDay, weight * 0.5);
      addDelivery(order, customer, Math.min(shipDay + int(3, 15), 364), weight * 0.5);
    } else {
      addDelivery(order, customer, shipDay, weight);
    }
  } else {
    openOrders.push({ order, customer, day });
  }
}
// Collective deliveries: some open orders went out with a later delivery to the same customer,
// so one delivery follows two orders (the link table is N:M).
for (const { order, customer, day } of openOrders) {
  const later = (deliveriesByCustomer.get(customer.KUNNR) ?? []).find((d) => d.day >= day && d.day <= day + 20);
  if (later && chance(0.5)) vbfa.push({ VBELV: order.VBELN, VBELN: later.delivery.VBELN, VBTYP_V: 'C', VBTYP_N: 'J', ERDAT: date(later.day) });
}
vbfa.sort((a, b) => Number(a.VBELV) - Number(b.VBELV) || Number(a.VBELN) - Number(b.VBELN));

writeCsv('data/o2c/kna1.csv', 'KNA1', ['KUNNR', 'NAME1', 'LAND1', 'ORT01', 'PSTLZ', 'BRSCH', 'ERDAT'], customers as unknown as Row[]);
writeCsv('data/o2c/vbak.csv', 'VBAK', ['VBELN', 'AUART', 'ERDAT', 'VDATU', 'VKORG', 'VTWEG', 'KUNNR', 'NETWR', 'WAERK'], vbak);
writeCsv('data/o2c/vbap.csv', 'VBAP', ['VBELN', 'POSNR', 'MATNR', 'ARKTX', 'KWMENG', 'VRKME', 'NETWR'], vbap);
writeCsv('data/o2c/likp.csv', 'LIKP', ['VBELN', 'LFART', 'ERDAT', 'LFDAT', 'WADAT_IST', 'VSTEL', 'KUNNR', 'BTGEW'], likp);
writeCsv('data/o2c/vbfa.csv', 'VBFA', ['VBELV', 'VBELN', 'VBTYP_V', 'VBTYP_N', 'ERDAT'], vbfa);
writeParquet('data/o2c/mara.parquet', 'MARA', [
  { name: 'MATNR', type: 'STRING', data: materials.map((m) => m.MATNR) },
  { name: 'MAKTX', type: 'STRING', data: materials.map((m) => m.MAKTX) },
  { name: 'MTART', type: 'STRING', data: materials.map((m) => m.MTART) },
  { name: 'MATKL', type: 'STRING', data: materials.map((m) => m.MATKL) },
  { name: 'MEINS', type: 'STRING', data: materials.map((m) => m.MEINS) },
  { name: 'BRGEW', type: 'DOUBLE', data: materials.map((m) => m.BRGEW) },
  { name: 'NTGEW', type: 'DOUBLE', data: materials.map((m) => m.NTGEW) },
  { name: 'LVORM', type: 'BOOLEAN', data: materials.map((m) => m.LVORM) },
]);

// ---------------------------------------------------------------- legacy (Finance/Legacy BW, vertica)

const glBalances: Row[] = [];
for (const year of [2019, 2020]) {
  for (const cc of ['1000', '2000', '3000']) {
    for (let month = 1; month <= 12; month++) {
      for (const hkont of ['160000', '400000', '410000', '470000', '476000', '800000']) {
        const sign = hkont === '160000' || hkont === '800000' ? -1 : 1;
        glBalances.push({ BUKRS: cc, GJAHR: String(year), MONAT: String(month), HKONT: hkont, BALANCE_EUR: money(sign * int(100_000, 90_000_000)) });
      }
    }
  }
}
writeCsv('data/legacy/gl_balances.csv', undefined, ['BUKRS', 'GJAHR', 'MONAT', 'HKONT', 'BALANCE_EUR'], glBalances);

// ---------------------------------------------------------------- permission tables (paths relative to permissions/*.perm)

// Procurement/AP Analytics.AccountsPayable: users by alias (Reference_Table names model aliases).
writeCsv('permissions/perm/ap_values.csv', undefined, ['Reference_User', 'Reference_Table', 'Reference_Column', 'Reference_Value'], [
  { Reference_User: 'a.kowalski@acme.com', Reference_Table: 'Vendors', Reference_Column: 'EKORG', Reference_Value: '1000' },
  { Reference_User: 'a.kowalski@acme.com', Reference_Table: 'Vendors', Reference_Column: 'EKORG', Reference_Value: '2000' },
  { Reference_User: 's.dubois@acme.com', Reference_Table: 'Vendors', Reference_Column: 'LAND1', Reference_Value: 'FR' },
  { Reference_User: 's.dubois@acme.com', Reference_Table: 'Vendors', Reference_Column: 'LAND1', Reference_Value: 'IT' },
]);
// ... groups by name (Reference_Table names the real table, LFA1).
writeCsv('permissions/perm/ap_group_values.csv', undefined, ['Reference_User', 'Reference_Table', 'Reference_Column', 'Reference_Value'], [
  { Reference_User: 'Buyers Iberia', Reference_Table: 'LFA1', Reference_Column: 'EKORG', Reference_Value: '3000' },
  { Reference_User: 'Buyers Iberia', Reference_Table: 'LFA1', Reference_Column: 'KTOKK', Reference_Value: 'KRED' },
]);
// ... unlimited groups: auditors see everything; the FALSE row grants nothing.
writeCsv('permissions/perm/ap_unlimited.csv', undefined, ['Reference_User', 'Reference_Unlimited'], [
  { Reference_User: 'AP Auditors', Reference_Unlimited: 'TRUE' },
  { Reference_User: 'Buyers France', Reference_Unlimited: 'FALSE' },
]);
// Sales/O2C Analytics.OrderToCash: unlimited users.
writeCsv('permissions/perm/o2c_unlimited.csv', undefined, ['Reference_User', 'Reference_Unlimited'], [
  { Reference_User: 's.vogel@acme.com', Reference_Unlimited: 'TRUE' },
  { Reference_User: 'd.klein@acme.com', Reference_Unlimited: 'FALSE' },
]);

// ---------------------------------------------------------------- sightline.lock

function locked(pool: string, connection: string, source: { pool: string; connection: string }, tables: string[]): LockedImport {
  return { pool, connection, source, tables: tables.map((name) => ({ name, columns: schemas.get(name)! })) };
}
const AP_SOURCE = { pool: 'Finance/AP Source', connection: 'SAP' };
const O2C_SOURCE = { pool: 'Sales/O2C Source', connection: 'SAP' };
write(
  'sightline.lock',
  serializeLock({
    version: 1,
    imports: [
      locked('Procurement/AP Analytics', 'SAP', AP_SOURCE, ['LFA1', 'BKPF', 'BSEG', 'REGUP']),
      locked('Finance/Controlling', 'SAP', AP_SOURCE, ['T001', 'BKPF']),
      locked('Finance/Controlling', 'SD', O2C_SOURCE, ['KNA1', 'VBAK']),
      locked('Sales/O2C Analytics', 'SAP', O2C_SOURCE, ['KNA1', 'VBAK', 'LIKP', 'VBFA', 'MARA']),
    ],
  }),
);

for (const file of written) console.log(`wrote examples/acme/${file}`);
