// The allowed values of one evaluation, as rows (rule id, value) of an Arrow table inserted
// into DuckDB: values from .perm files and permission tables never enter SQL text. Each
// (principal or merged set, table, column) gets an id; a filter reads
// `CAST(col AS VARCHAR) IN (SELECT value FROM <values> WHERE rule = <id>)`.
import { Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { ident } from '../duckdb/quote.js';
import type { SqlSession } from '../duckdb/session.js';
import type { ColumnRule } from './effective.js';
import { WORK_SCHEMA, type WorkArea } from './work-area.js';

export class ValuesTable {
  private readonly ids = new Map<ColumnRule, number>();
  private readonly rules: number[] = [];
  private readonly values: string[] = [];
  readonly name: string;

  constructor(work: WorkArea) {
    this.name = work.newName('vals');
  }

  get relation(): string {
    return `${ident(WORK_SCHEMA)}.${ident(this.name)}`;
  }

  idOf(rule: ColumnRule): number {
    let id = this.ids.get(rule);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(rule, id);
      for (const v of rule.values.keys()) {
        this.rules.push(id);
        this.values.push(v);
      }
    }
    return id;
  }

  insert(session: SqlSession): void {
    const table = new Table({ rule: vectorFromArray(this.rules, new Int32()), value: vectorFromArray(this.values, new Utf8()) });
    session.insertArrow(WORK_SCHEMA, this.name, tableToIPC(table, 'stream'));
  }
}
