import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeDefinition } from './normalizeDefinition.js';
import { buildWorkerEnvironment, ENDPOINT_SERVICE_IDS } from './workerEnvironment.js';

const config = normalizeDefinition(
  { name: 'fn', handler: 'index.handler', codeDir: '/code', environment: { MODE: 'x', AWS_ENDPOINT_URL_S3: 'http://s3.local' } },
  { region: 'us-west-2', accountId: '111122223333', defaultConcurrency: 4, nowMs: 0 },
);

test('the environment is built from nothing but the configuration', () => {
  const env = buildWorkerEnvironment({ config, region: 'us-west-2', logStreamName: 's', credentials: { accessKeyId: 'k', secretAccessKey: 's' } });
  assert.equal(env.MODE, 'x');
  assert.equal(env.AWS_ACCESS_KEY_ID, 'k');
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'fn');
  assert.equal(env.AWS_LAMBDA_LOG_STREAM_NAME, 's');
  assert.equal(env.AWS_ENDPOINT_URL, undefined, 'no endpoint unless the engine has one');
  assert.equal(env.PATH, undefined);
  assert.equal(env.HOME, undefined);
});

test('the edge URL goes to AWS_ENDPOINT_URL and each service variable; the function’s own value wins', () => {
  const env = buildWorkerEnvironment({
    config,
    region: 'us-west-2',
    logStreamName: 's',
    credentials: { accessKeyId: 'k', secretAccessKey: 's', sessionToken: 't' },
    endpointUrl: 'http://127.0.0.1:4566',
    path: '/usr/bin',
  });
  assert.equal(env.AWS_ENDPOINT_URL, 'http://127.0.0.1:4566');
  for (const id of ENDPOINT_SERVICE_IDS.filter((i) => i !== 'S3')) assert.equal(env[`AWS_ENDPOINT_URL_${id}`], 'http://127.0.0.1:4566');
  assert.equal(env.AWS_ENDPOINT_URL_S3, 'http://s3.local');
  assert.equal(env.AWS_SESSION_TOKEN, 't');
  assert.equal(env.PATH, '/usr/bin');
});
