import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHandler } from './handlerName.js';

test('the module is everything up to the first dot after the last slash', () => {
  assert.deepEqual(parseHandler('index.handler'), { modulePath: 'index', exportPath: ['handler'] });
  assert.deepEqual(parseHandler('functions/start-query-execution.handler'), {
    modulePath: 'functions/start-query-execution',
    exportPath: ['handler'],
  });
  assert.deepEqual(parseHandler('a.b/c.d.e'), { modulePath: 'a.b/c', exportPath: ['d', 'e'] });
});

test('handlers without a module or an export are refused', () => {
  for (const bad of ['', 'index', 'index.', '.handler', 'dir/.handler', 'a.b..c', 'has space.handler']) {
    assert.equal(parseHandler(bad), undefined, bad);
  }
});
