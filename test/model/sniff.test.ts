import { strict as assert } from 'node:assert';
import { inferColumnType } from '../../model/schema/sniff.js';

describe('inferColumnType', () => {
  it('infers each column type', () => {
    assert.equal(inferColumnType(['true', 'FALSE', 'True']), 'BOOLEAN');
    assert.equal(inferColumnType(['1', '-20', '+3']), 'BIGINT');
    assert.equal(inferColumnType(['1.5', '-2', '3e10', '.5', '1E-3']), 'DOUBLE');
    assert.equal(inferColumnType(['2024-01-31', '2024-02-29']), 'DATE');
    assert.equal(inferColumnType(['2024-01-31 10:00:00', '2024-01-31T23:59:59.123456']), 'TIMESTAMP');
    assert.equal(inferColumnType(['abc', '1']), 'VARCHAR');
  });

  it('keeps leading zeros as BIGINT, like DuckDB', () => {
    assert.equal(inferColumnType(['0500', '007', '0']), 'BIGINT');
  });

  it('needs int64 range for BIGINT and falls back to DOUBLE beyond it', () => {
    assert.equal(inferColumnType(['9223372036854775807', '-9223372036854775808']), 'BIGINT');
    assert.equal(inferColumnType(['9223372036854775808']), 'DOUBLE');
    assert.equal(inferColumnType(['000000000000000000000000001']), 'BIGINT');
  });

  it('widens like the DuckDB sniffer: integers with decimals → DOUBLE, dates with timestamps → TIMESTAMP', () => {
    assert.equal(inferColumnType(['1', '2.5']), 'DOUBLE');
    assert.equal(inferColumnType(['2024-01-01', '2024-01-01 00:00:01']), 'TIMESTAMP');
    assert.equal(inferColumnType(['true', '1']), 'VARCHAR');
    assert.equal(inferColumnType(['2024-01-01', '7']), 'VARCHAR');
  });

  it('ignores NULL and empty cells; an all-empty column is VARCHAR', () => {
    assert.equal(inferColumnType([null, '', '12', null]), 'BIGINT');
    assert.equal(inferColumnType([null, '', null]), 'VARCHAR');
    assert.equal(inferColumnType([]), 'VARCHAR');
  });

  it('rejects impossible dates and times, and forms DuckDB would not cast', () => {
    assert.equal(inferColumnType(['2023-02-29']), 'VARCHAR');
    assert.equal(inferColumnType(['2024-13-01']), 'VARCHAR');
    assert.equal(inferColumnType(['2024-01-01 24:00:00']), 'VARCHAR');
    assert.equal(inferColumnType(['1.']), 'DOUBLE');
    assert.equal(inferColumnType(['1,5']), 'VARCHAR');
    assert.equal(inferColumnType(['-']), 'VARCHAR');
    assert.equal(inferColumnType(['yes', 'no']), 'VARCHAR');
  });
});
