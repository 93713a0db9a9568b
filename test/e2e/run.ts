// Runs a command for the end-to-end tests; rejects with everything it printed when it fails
// or runs past its timeout, so a broken install or CLI shows why in the test output.
import { execFile } from 'node:child_process';

export function run(command: string, args: string[], options: { timeoutMs: number; cwd?: string; env?: NodeJS.ProcessEnv; okCodes?: number[] }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      if (error && !(options.okCodes ?? []).includes(code)) {
        reject(new Error(`${command} ${args.join(' ')} failed (${error.message.split('\n')[0]}):\n${stdout}${stderr}`));
      } else resolve(stdout);
    });
  });
}
