// DuckDB's text form of a DATE or TIMESTAMP cell as read from Arrow (milliseconds since the
// epoch, UTC): 2024-09-10, and 2024-09-10 08:00:00 (milliseconds only when not zero). Shared by
// the preview grid (engine) and the CLI's text output.

/** The text of a DATE or TIMESTAMP value. */
export function temporalText(value: unknown, type: 'DATE' | 'TIMESTAMP'): string {
  const iso = new Date(Number(value)).toISOString();
  return type === 'DATE' ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/\.000Z$|Z$/, '');
}
