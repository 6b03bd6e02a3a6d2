import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from './loadConfig.js';

function problems(text: string) {
  try {
    parseConfig(text, 'test.yaml');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems;
  }
  assert.fail('expected config errors');
}

describe('config', () => {
  it('fills defaults', () => {
    const c = parseConfig('streams:\n  - name: a\n    shardCount: 2\n');
    assert.equal(c.region, 'us-east-1');
    assert.equal(c.server.port, 4566);
    assert.equal(c.streams[0]!.retentionHours, 24);
    assert.equal(c.kinesis.shardLimit, 500);
  });

  it('names file, line and field of a wrong value', () => {
    const [p] = problems('region: eu-west-1\nstreams:\n  - name: ok\n    shardCount: two\n');
    assert.deepEqual([p!.file, p!.line, p!.field], ['test.yaml', 4, 'streams[0].shardCount']);
    assert.match(p!.message, /number/);
  });

  it('names unknown fields where they are', () => {
    const [p] = problems('streams:\n  - name: a\n    shardcount: 2\n');
    assert.equal(p!.line, 3);
    assert.equal(p!.field, 'streams[0]');
    assert.match(p!.message, /unknown field 'shardcount'/);
  });

  it('reports YAML syntax errors with their line', () => {
    const [p] = problems('streams:\n  - name: [unclosed\n');
    assert.match(p!.message, /^YAML/);
    assert.ok(p!.line >= 2);
  });

  it('checks stream names and retention bounds', () => {
    const ps = problems('streams:\n  - name: "bad name"\n    retentionHours: 5\n');
    assert.deepEqual(ps.map((p) => p.field).sort(), ['streams[0].name', 'streams[0].retentionHours']);
  });
});
