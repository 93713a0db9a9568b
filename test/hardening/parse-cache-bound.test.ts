// The language server's parse cache (language/parse-cache.ts) is bounded: files that were open
// but never on disk are not deleted by anyone, so the least recently parsed go first; a file
// parsed again after that gives the same answer, only parsed anew.
import { strict as assert } from 'node:assert';
import { ParseCache } from '../../language/parse-cache.js';

const text = (i: number) => `team T${i} {\n  user "u${i}@x.com" role analyst\n}\n`;

describe('parse cache: bounded', function () {
  it('keeps at most its bound of files, dropping the least recently used; answers stay the same', () => {
    const cache = new ParseCache(50);
    const first = cache.parse('/w/keep.pool', text(0));
    for (let i = 1; i <= 500; i++) {
      cache.parse(`/w/untitled-${i}.pool`, text(i));
      if (i % 10 === 0) assert.equal(cache.parse('/w/keep.pool', text(0)), first, 'a file in use stays cached (same object)');
      assert.ok(cache.size <= 50, `size ${cache.size}`);
    }
    assert.equal(cache.size, 50);
    const parsedBefore = cache.counts.file + cache.counts.head + cache.counts.members + cache.counts.block;
    const again = cache.parse('/w/untitled-1.pool', text(1)); // evicted long ago
    assert.ok(cache.counts.file + cache.counts.head + cache.counts.members + cache.counts.block > parsedBefore, 'parsed anew');
    assert.deepEqual(JSON.parse(JSON.stringify(again.declarations)), JSON.parse(JSON.stringify(new ParseCache().parse('/w/untitled-1.pool', text(1)).declarations)));
    assert.equal(cache.parse('/w/keep.pool', text(0)), first);
  });
});
