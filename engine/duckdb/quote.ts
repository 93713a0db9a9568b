// Identifier quoting. Names from user files reach SQL only as quoted identifiers; values never
// reach SQL text at all (they are parameters or rows of Arrow temp tables).

/** `"name"` with inner quotes doubled. DuckDB identifiers are case-insensitive even quoted. */
export function ident(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** A qualified relation name, `"schema"."name"`. */
export function relation(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}
