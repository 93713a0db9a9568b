// Synchronous reads of files that are not definition files (a CSV data file's header line,
// sightline.lock), for features that must answer at once. An interface so a host without a
// disk (a browser) can pass its own; `nodeTextFiles` is the one the language server and the
// tests use. Texts are decoded as UTF-8 without a byte order mark, as editors show them.
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';

export interface TextFiles {
  /**
   * The text of `file`, or of its first `maxBytes` bytes when given; `whole` says whether
   * that is all of it. undefined when the file cannot be read.
   */
  read(file: string, maxBytes?: number): { text: string; whole: boolean } | undefined;
}

export const nodeTextFiles: TextFiles = {
  read(file, maxBytes) {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const size = fstatSync(fd).size;
      const length = maxBytes === undefined ? size : Math.min(size, maxBytes);
      const buffer = new Uint8Array(length);
      let read = 0;
      while (read < length) {
        const n = readSync(fd, buffer, read, length - read, read);
        if (n === 0) break;
        read += n;
      }
      return { text: new TextDecoder('utf-8').decode(buffer.subarray(0, read)), whole: read >= size };
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
};
