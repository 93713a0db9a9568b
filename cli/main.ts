// The `sightline` command line. Parses arguments, dispatches to one command module, and
// turns usage errors into exit code 2 with a message that says what to type.
import { runCheck } from './check.js';
import { runDiff } from './diff.js';
import { runExplain } from './explain.js';
import { runExport } from './export.js';
import { runPreview } from './preview.js';
import { runSync } from './sync.js';
import { UsageError, VERSION } from './usage.js';

const HELP = `sightline ${VERSION} — check and preview data pools, shared connections and data permissions

Usage:
  sightline check   [DIR] [--format text|json]
  sightline preview [DIR] --model MODEL [--pool "Team/Pool"] --as EMAIL [--table ALIAS] [--format table|csv|json] [--limit N] [--count]
  sightline explain [DIR] --model MODEL --as EMAIL --table ALIAS --where "COL=VALUE"
  sightline diff    [DIR] --model MODEL --as EMAIL --vs EMAIL [--table ALIAS]
  sightline sync    [DIR] [--pool "Team/Pool"] [--connection NAME]
  sightline export  [DIR] --target postgres|snowflake [--out FILE]

DIR defaults to the current folder; every *.pool and *.perm below it is read.
Run \`sightline COMMAND --help\` for one command.`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  check: runCheck,
  preview: runPreview,
  explain: runExplain,
  diff: runDiff,
  sync: runSync,
  export: runExport,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP + '\n');
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const run = COMMANDS[command];
  if (run) return run(rest);
  throw new UsageError(`unknown command ${command}; commands: check, preview, explain, diff, sync, export`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`sightline: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`sightline: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    }
  },
);
