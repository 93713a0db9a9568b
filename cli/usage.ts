// Shared by the commands: usage errors (exit 2), option parsing, the workspace folder argument.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../model/suggest.js';

export const VERSION = '0.1.0';

export class UsageError extends Error {}

/** node:util parseArgs, with its errors turned into usage errors that name the command. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    // Node's own text for an unknown option goes on about positionals after `--`; say it short,
    // with the nearest option when there is one.
    const unknown = (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']*)'/.exec((e as Error).message)?.[1] : undefined;
    if (unknown) {
      const near = closest(unknown.replace(/^-+/, ''), Object.keys(options))[0];
      throw new UsageError(`${command}: unknown option ${unknown}${near ? `; did you mean --${near}?` : ''}; run \`sightline ${command} --help\``);
    }
    throw new UsageError(`${command}: ${(e as Error).message.replace(/^.*?: /, '')}; run \`sightline ${command} --help\``);
  }
}

/** The DIR argument: at most one, an existing folder; the current folder by default. */
export function workspaceDir(command: string, positionals: string[]): string {
  if (positionals.length > 1) throw new UsageError(`${command}: expected one folder, got ${positionals.map((p) => `"${p}"`).join(' ')}`);
  const dir = path.resolve(positionals[0] ?? '.');
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`${command}: no folder ${positionals[0]}; give the folder that holds your *.pool and *.perm files`);
  }
  if (!isDir) throw new UsageError(`${command}: ${positionals[0]} is a file; give the folder that holds it`);
  return dir;
}
