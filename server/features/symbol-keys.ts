// The canonical key of each kind of symbol: what makes two occurrences the same symbol.
// Emails compare case-insensitively (§O1); columns belong to their data file.
export const SEP = '\u0000';

export const symbolKeys = {
  team: (name: string) => ['team', name].join(SEP),
  pool: (poolId: string) => ['pool', poolId].join(SEP),
  connection: (poolId: string, name: string) => ['connection', poolId, name].join(SEP),
  table: (poolId: string, connection: string, name: string) => ['table', poolId, connection, name].join(SEP),
  alias: (poolId: string, model: string, name: string) => ['alias', poolId, model, name].join(SEP),
  objectType: (poolId: string, perspective: string, name: string) => ['object-type', poolId, perspective, name].join(SEP),
  analysis: (poolId: string, name: string) => ['analysis', poolId, name].join(SEP),
  /** Columns are keyed by data file: two tables loading one file share its header. */
  column: (file: string, name: string) => ['column', file, name].join(SEP),
  user: (email: string) => ['user', email.toLowerCase()].join(SEP),
  group: (team: string, name: string) => ['group', team, name].join(SEP),
};

