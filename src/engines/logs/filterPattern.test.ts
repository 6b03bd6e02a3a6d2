import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFilterPattern } from './filterPattern.js';
import { LogsError } from './LogsError.js';

const matches = (pattern: string, message: string) => compileFilterPattern(pattern)(message);

describe('filter patterns', () => {
  it('an empty pattern matches everything', () => {
    assert.equal(matches('', 'anything'), true);
    assert.equal(compileFilterPattern(undefined)('x'), true);
  });

  it('terms must all appear, case-sensitively', () => {
    assert.equal(matches('ERROR', '[ERROR] disk full'), true);
    assert.equal(matches('ERROR', '[error] disk full'), false);
    assert.equal(matches('ERROR disk', '[ERROR] disk full'), true);
    assert.equal(matches('ERROR memory', '[ERROR] disk full'), false);
  });

  it('quoted phrases match as a whole', () => {
    assert.equal(matches('"disk full"', 'ERROR: disk full now'), true);
    assert.equal(matches('"full disk"', 'ERROR: disk full now'), false);
    assert.equal(matches('"say \\"hi\\""', 'they say "hi"'), true);
  });

  it('?terms: any one of them', () => {
    assert.equal(matches('?ERROR ?WARN', 'WARN low disk'), true);
    assert.equal(matches('?ERROR ?WARN', 'INFO ok'), false);
  });

  it('-terms exclude', () => {
    assert.equal(matches('ERROR -Exiting', 'ERROR retrying'), true);
    assert.equal(matches('ERROR -Exiting', 'ERROR Exiting now'), false);
    assert.equal(matches('-"health check"', 'GET /health ok'), true);
    assert.equal(matches('-"health check"', 'the health check passed'), false);
  });

  it('%regex% terms', () => {
    assert.equal(matches('%user-\\d+%', 'login user-42'), true);
    assert.equal(matches('%user-\\d+%', 'login user-x'), false);
  });

  it('JSON: equality, wildcards, numbers, and/or, parentheses', () => {
    const event = JSON.stringify({ level: 'error', latency: 750, user: { id: 'alice', tags: ['a', 'b'] }, ok: false, gone: null });
    assert.equal(matches('{ $.level = "error" }', event), true);
    assert.equal(matches('{ $.level = error }', event), true);
    assert.equal(matches('{ $.level != "error" }', event), false);
    assert.equal(matches('{ $.user.id = "al*" }', event), true);
    assert.equal(matches('{ $.user.tags[1] = "b" }', event), true);
    assert.equal(matches('{ $.latency > 500 }', event), true);
    assert.equal(matches('{ $.latency <= 500 }', event), false);
    assert.equal(matches('{ $.level = "error" && $.latency >= 750 }', event), true);
    assert.equal(matches('{ ($.level = "info") || ($.latency > 700 && $.user.id = "alice") }', event), true);
    assert.equal(matches('{ $.ok IS FALSE }', event), true);
    assert.equal(matches('{ $.gone IS NULL }', event), true);
    assert.equal(matches('{ $.missing NOT EXISTS }', event), true);
    assert.equal(matches('{ $.user.id = %^a.*e$% }', event), true);
    assert.equal(matches('{ $.level = "error" }', 'not json at all'), false);
  });

  it('space-delimited fields with conditions and ...', () => {
    const line = '127.0.0.1 frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
    assert.equal(matches('[ip, user, timestamp, request, status_code = 4*, bytes > 1000]', line), true);
    assert.equal(matches('[ip, user, timestamp, request, status_code = 5*, bytes]', line), false);
    assert.equal(matches('[ip = 127.0.0.1, ...]', line), true);
    assert.equal(matches('[..., status, bytes < 1000]', line), false);
    assert.equal(matches('[a, b]', line), false, 'without ... the field count must match');
  });

  it('a malformed pattern is an InvalidArgument error', () => {
    for (const bad of ['{ $.a = }', '{ $.a = "x" ', '{ a = 1 }', '[a, b']) {
      assert.throws(() => compileFilterPattern(bad), (e: unknown) => e instanceof LogsError && e.kind === 'InvalidArgument', bad);
    }
  });
});
