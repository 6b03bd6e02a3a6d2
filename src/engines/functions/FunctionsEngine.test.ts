import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FunctionsEngine } from './FunctionsEngine.js';
import { FunctionsError } from './FunctionsError.js';
import { findParentDeathLauncher } from './parentDeathLauncher.js';
import type { FunctionDefinition, FunctionLogEntry, FunctionsEngineOptions, InvokeFailure, InvokeResult, InvokeSuccess } from './types.js';

const FIXTURES = resolve(process.cwd(), 'src/engines/functions/fixtures');

function fn(name: string, handler: string, extra: Partial<FunctionDefinition> = {}): FunctionDefinition {
  return { name, handler, codeDir: FIXTURES, ...extra };
}

function ok(r: InvokeResult): InvokeSuccess {
  if (!r.ok) assert.fail(`expected success, got ${r.errorType}: ${r.errorMessage}`);
  return r;
}

function failed(r: InvokeResult): InvokeFailure {
  if (r.ok) assert.fail(`expected a failure, got ${r.resultJson}`);
  return r;
}

async function withEngine(extra: Partial<FunctionsEngineOptions> = {}) {
  const logs: FunctionLogEntry[] = [];
  const engine = await FunctionsEngine.create({ logSink: (e) => logs.push(e), ...extra });
  return { engine, logs };
}

describe('handlers', () => {
  let engine: FunctionsEngine;
  before(async () => {
    ({ engine } = await withEngine());
  });
  after(() => engine.close());

  test('an async handler gets the event and a Lambda context, in the code directory', async () => {
    engine.register(fn('echo', 'echo.handler', { timeoutSeconds: 5 }));
    const r = ok(await engine.invoke('echo', { hello: 'world' }, { requestId: 'req-1' }));
    const body = r.result as { event: unknown; context: Record<string, unknown>; cwd: string };
    assert.deepEqual(body.event, { hello: 'world' });
    assert.equal(r.requestId, 'req-1');
    assert.equal(body.context.awsRequestId, 'req-1');
    assert.equal(body.context.functionName, 'echo');
    assert.equal(body.context.functionVersion, '$LATEST');
    assert.equal(body.context.invokedFunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:echo');
    assert.equal(body.context.memoryLimitInMB, '128');
    assert.equal(body.context.logGroupName, '/aws/lambda/echo');
    assert.match(String(body.context.logStreamName), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.equal(body.context.callbackWaitsForEmptyEventLoop, true);
    const remaining = Number(body.context.remainingMs);
    assert.ok(remaining > 0 && remaining <= 5000, `remaining ${remaining}`);
    assert.equal(body.cwd, FIXTURES);
    assert.equal(r.resultJson, JSON.stringify(r.result));
    assert.ok(r.billedDurationMs >= 1 && r.billedDurationMs >= Math.ceil(r.durationMs) - 0);
    assert.ok(r.maxMemoryUsedMB !== undefined && r.maxMemoryUsedMB > 0);
  });

  test('no payload is an empty object; a nested handler path is followed', async () => {
    engine.register(fn('nested', 'echo.nested.deeper.handler'));
    assert.equal(ok(await engine.invoke('nested', undefined)).result, 'nested ok');
    const r = ok(await engine.invoke('echo', undefined));
    assert.deepEqual((r.result as { event: unknown }).event, {});
  });

  test('a callback handler answers once the event loop is empty, unless told not to wait', async () => {
    engine.register(fn('callback', 'callback.handler', { concurrency: 1, timeoutSeconds: 10 }));
    assert.deepEqual(ok(await engine.invoke('callback', { a: 2, b: 3 })).result, { sum: 5 });
    // The same (only) worker: the timer set before the callback had fired when the answer was sent.
    assert.deepEqual(ok(await engine.invoke('callback', { check: true })).result, { lastTimerFired: true });
    // An interval that never ends would hold the answer until the timeout if the runtime waited.
    engine.register(fn('callback-nowait', 'callback.handler', { timeoutSeconds: 10 }));
    assert.equal(ok(await engine.invoke('callback-nowait', { dontWait: true })).result, 'answered without waiting');
  });

  test('a callback error is a HandlerError named after the error', async () => {
    const f = failed(await engine.invoke('callback', { fail: 'nope' }));
    assert.equal(f.errorType, 'HandlerError');
    assert.equal(f.errorName, 'TypeError');
    assert.equal(f.errorMessage, 'bad input: nope');
    assert.match(f.stack ?? '', /callback\.cjs/);
  });

  test('a .js file in a "type": "commonjs" package loads as CommonJS', async () => {
    engine.register(fn('cjs', 'cjs/handler.handler'));
    assert.deepEqual(ok(await engine.invoke('cjs', { x: 1 })).result, { kind: 'commonjs', base: 'handler.js', event: { x: 1 } });
  });

  test('a .js file in a "type": "module" package loads as an ES module', async () => {
    engine.register(fn('esm-js', 'plain-esm.handler'));
    assert.deepEqual(ok(await engine.invoke('esm-js', {})).result, { kind: 'esm', url: true });
  });

  test('thrown errors, thrown strings, circular and undefined results', async () => {
    engine.register(fn('throws', 'errors.throws'));
    engine.register(fn('throws-string', 'errors.throwsString'));
    engine.register(fn('circular', 'errors.circular'));
    engine.register(fn('undefined-result', 'errors.undefinedResult'));
    const thrown = failed(await engine.invoke('throws', {}));
    assert.equal(thrown.errorType, 'HandlerError');
    assert.equal(thrown.errorName, 'ValidationError');
    assert.equal(thrown.errorMessage, 'the event is invalid');
    const str = failed(await engine.invoke('throws-string', {}));
    assert.equal(str.errorType, 'HandlerError');
    assert.equal(str.errorName, 'string');
    assert.equal(str.errorMessage, 'plain string');
    assert.equal(failed(await engine.invoke('circular', {})).errorType, 'InvalidResponse');
    const undef = ok(await engine.invoke('undefined-result', {}));
    assert.equal(undef.result, null);
    assert.equal(undef.resultJson, 'null');
  });
});

describe('warm workers', () => {
  test('module state persists across warm invocations; only the first is a cold start', async () => {
    const { engine } = await withEngine();
    try {
      engine.register(fn('counter', 'counter.handler'));
      const first = ok(await engine.invoke('counter', {}));
      const second = ok(await engine.invoke('counter', {}));
      const third = ok(await engine.invoke('counter', {}));
      const bodies = [first, second, third].map((r) => r.result as { count: number; pid: number; loadedAt: number });
      assert.deepEqual(bodies.map((b) => b.count), [1, 2, 3]);
      assert.equal(new Set(bodies.map((b) => b.pid)).size, 1);
      assert.equal(new Set(bodies.map((b) => b.loadedAt)).size, 1);
      assert.ok(first.initDurationMs !== undefined && first.initDurationMs > 0);
      assert.equal(second.initDurationMs, undefined);
      assert.equal(engine.stats('counter')?.coldStarts, 1);
    } finally {
      await engine.close();
    }
  });

  test('stopping idle workers makes the next invocation a cold start with fresh module state', async () => {
    const { engine } = await withEngine();
    try {
      engine.register(fn('counter', 'counter.handler'));
      ok(await engine.invoke('counter', {}));
      assert.equal(engine.stats('counter')?.idle, 1);
      engine.stopIdleWorkers();
      assert.equal(engine.stats('counter')?.workers, 0);
      const next = ok(await engine.invoke('counter', {}));
      assert.equal((next.result as { count: number }).count, 1);
      assert.ok(next.initDurationMs !== undefined);
    } finally {
      await engine.close();
    }
  });

  test('registering a name again replaces the code: the next invocation starts a fresh worker', async () => {
    const { engine } = await withEngine();
    try {
      engine.register(fn('env', 'env.handler', { environment: { VERSION: 'one' } }));
      assert.deepEqual(ok(await engine.invoke('env', { keys: ['VERSION'] })).result, { VERSION: 'one' });
      engine.register(fn('env', 'env.handler', { environment: { VERSION: 'two' } }));
      assert.deepEqual(ok(await engine.invoke('env', { keys: ['VERSION'] })).result, { VERSION: 'two' });
    } finally {
      await engine.close();
    }
  });
});

describe('environment', () => {
  let engine: FunctionsEngine;
  const secretKey = 'LAKEHOSE_FUNCTIONS_TEST_SERVER_SECRET';
  before(async () => {
    process.env[secretKey] = 'server-only';
    ({ engine } = await withEngine({ endpointUrl: 'http://127.0.0.1:4566', region: 'eu-west-1', accountId: '123456789012' }));
  });
  after(async () => {
    delete process.env[secretKey];
    await engine.close();
  });

  test('each function sees its own variables and not the server’s or another function’s', async () => {
    engine.register(fn('env-a', 'env.handler', { environment: { SHARED: 'from-a', ONLY_A: 'a' } }));
    engine.register(fn('env-b', 'env.handler', { environment: { SHARED: 'from-b' } }));
    const keys = ['SHARED', 'ONLY_A', secretKey];
    assert.deepEqual(ok(await engine.invoke('env-a', { keys })).result, { SHARED: 'from-a', ONLY_A: 'a', [secretKey]: null });
    assert.deepEqual(ok(await engine.invoke('env-b', { keys })).result, { SHARED: 'from-b', ONLY_A: null, [secretKey]: null });
  });

  test('the runtime variables, the edge endpoint and dummy credentials are set', async () => {
    const keys = [
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
      'AWS_LAMBDA_FUNCTION_NAME',
      'AWS_LAMBDA_FUNCTION_VERSION',
      'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
      'AWS_LAMBDA_LOG_GROUP_NAME',
      '_HANDLER',
      'LAMBDA_TASK_ROOT',
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_S3',
      'AWS_ENDPOINT_URL_KINESIS',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ];
    const env = ok(await engine.invoke('env-b', { keys })).result as Record<string, string>;
    assert.deepEqual(env, {
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'env-b',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/env-b',
      _HANDLER: 'env.handler',
      LAMBDA_TASK_ROOT: FIXTURES,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566',
      AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:4566',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    assert.equal(engine.get('env-b')?.arn, 'arn:aws:lambda:eu-west-1:123456789012:function:env-b');
  });

  test('a function may carry its own credentials and endpoint', async () => {
    engine.register(fn('env-own', 'env.handler', { environment: { AWS_ACCESS_KEY_ID: 'mine', AWS_ENDPOINT_URL: 'http://other:1' } }));
    const env = ok(await engine.invoke('env-own', { keys: ['AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL'] })).result;
    assert.deepEqual(env, { AWS_ACCESS_KEY_ID: 'mine', AWS_ENDPOINT_URL: 'http://other:1' });
  });
});

describe('AWS SDK v3 inside a function', () => {
  test('a client with no configuration calls the edge URL with the region and dummy credentials', async () => {
    const seen: { url?: string; target?: string; authorization?: string } = {};
    const server = createServer((req, res) => {
      seen.url = req.url ?? '';
      seen.target = String(req.headers['x-amz-target']);
      seen.authorization = String(req.headers.authorization);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ DeliveryStreamNames: ['from-lakehose'], HasMoreDeliveryStreams: false }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const { engine } = await withEngine({ endpointUrl: `http://127.0.0.1:${port}`, region: 'eu-central-1' });
    try {
      engine.register(fn('sdk', 'sdk-endpoint.handler', { memoryMB: 512, timeoutSeconds: 30 }));
      const r = ok(await engine.invoke('sdk', {}));
      assert.deepEqual(r.result, { ok: true, names: ['from-lakehose'] });
      assert.equal(seen.target, 'Firehose_20150804.ListDeliveryStreams');
      assert.match(seen.authorization ?? '', /Credential=test\/\d{8}\/eu-central-1\/firehose\/aws4_request/);
    } finally {
      await engine.close();
      server.close();
    }
  });
});

describe('failures are contained', () => {
  let engine: FunctionsEngine;
  let logs: FunctionLogEntry[];
  before(async () => {
    ({ engine, logs } = await withEngine());
    engine.register(fn('healthy', 'counter.handler'));
  });
  after(() => engine.close());

  test('a timed-out invocation’s worker is replaced and the next invocation works', async () => {
    engine.register(fn('hang', 'hang.handler', { timeoutSeconds: 0.3 }));
    const before = ok(await engine.invoke('hang', {}));
    const f = failed(await engine.invoke('hang', { hang: true }, { requestId: 'hang-1' }));
    assert.equal(f.errorType, 'Timeout');
    assert.equal(f.errorMessage, 'Task timed out after 0.30 seconds');
    const lines = logs.filter((l) => l.requestId === 'hang-1').map((l) => l.message);
    assert.ok(lines.some((l) => / hang-1 Task timed out after 0\.30 seconds\n$/.test(l)));
    assert.ok(lines.some((l) => l.startsWith('REPORT RequestId: hang-1\t') && l.includes('Status: timeout')));
    const after = ok(await engine.invoke('hang', {}));
    assert.notEqual((after.result as { pid: number }).pid, (before.result as { pid: number }).pid);
    assert.ok(after.initDurationMs !== undefined, 'the replacement is a cold start');
  });

  test('a busy loop is stopped at the timeout too', async () => {
    const f = failed(await engine.invoke('hang', { spin: true }));
    assert.equal(f.errorType, 'Timeout');
    ok(await engine.invoke('hang', {}));
  });

  test('the caller’s deadline shortens the timeout', async () => {
    engine.register(fn('hang-long', 'hang.handler', { timeoutSeconds: 60 }));
    ok(await engine.invoke('hang-long', {}));
    const f = failed(await engine.invoke('hang-long', { hang: true }, { deadlineMs: Date.now() + 200 }));
    assert.equal(f.errorType, 'Timeout');
  });

  test('growing the V8 heap past the memory limit is OutOfMemory; the engine and other functions carry on', async () => {
    engine.register(fn('oom', 'oom.handler', { memoryMB: 128, timeoutSeconds: 60 }));
    const first = ok(await engine.invoke('oom', {}));
    const f = failed(await engine.invoke('oom', { mode: 'heap' }));
    assert.equal(f.errorType, 'OutOfMemory');
    assert.equal(f.maxMemoryUsedMB, 128);
    const again = ok(await engine.invoke('oom', {}));
    assert.notEqual((again.result as { pid: number }).pid, (first.result as { pid: number }).pid);
    ok(await engine.invoke('healthy', {}));
  });

  test('off-heap memory (Buffers) past the limit is OutOfMemory as well', async () => {
    const f = failed(await engine.invoke('oom', { mode: 'buffers' }));
    assert.equal(f.errorType, 'OutOfMemory');
    ok(await engine.invoke('oom', {}));
  });

  test('throwing at import is a ModuleLoadError, retried with a fresh worker on the next invocation', async () => {
    engine.register(fn('import-throws', 'import-throws.handler'));
    const f = failed(await engine.invoke('import-throws', {}, { requestId: 'imp-1' }));
    assert.equal(f.errorType, 'ModuleLoadError');
    assert.equal(f.errorName, 'Error');
    assert.equal(f.errorMessage, 'failed at import');
    assert.ok(f.initDurationMs !== undefined);
    const lines = logs.filter((l) => l.requestId === 'imp-1').map((l) => l.message);
    assert.ok(lines.some((l) => /\tundefined\tINFO\tloading a module that will fail\n$/.test(l)));
    assert.ok(lines.some((l) => /\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Error","errorMessage":"failed at import"/.test(l)));
    assert.ok(lines.some((l) => l.startsWith('REPORT RequestId: imp-1\t') && l.includes('Status: error')));
    assert.equal(failed(await engine.invoke('import-throws', {})).errorType, 'ModuleLoadError');
    assert.equal(engine.stats('import-throws')?.coldStarts, 2);
  });

  test('a missing module, a missing export and a syntax error are ModuleLoadErrors', async () => {
    engine.register(fn('missing-module', 'nowhere.handler'));
    engine.register(fn('missing-export', 'echo.nope'));
    engine.register(fn('syntax', 'syntax-error.handler'));
    const mod = failed(await engine.invoke('missing-module', {}));
    assert.equal(mod.errorType, 'ModuleLoadError');
    assert.equal(mod.errorName, 'ImportModuleError');
    const exp = failed(await engine.invoke('missing-export', {}));
    assert.equal(exp.errorName, 'HandlerNotFound');
    assert.equal(exp.errorMessage, 'echo.nope is undefined or not exported');
    const syn = failed(await engine.invoke('syntax', {}));
    assert.equal(syn.errorType, 'ModuleLoadError');
    assert.equal(syn.errorName, 'SyntaxError');
  });

  test('process.exit inside a handler is a RuntimeExit; the next invocation gets a new worker', async () => {
    engine.register(fn('exit', 'exit.handler'));
    const first = ok(await engine.invoke('exit', {}));
    const f = failed(await engine.invoke('exit', { code: 3 }));
    assert.equal(f.errorType, 'RuntimeExit');
    assert.match(f.errorMessage, /exit status 3/);
    const again = ok(await engine.invoke('exit', {}));
    assert.notEqual((again.result as { pid: number }).pid, (first.result as { pid: number }).pid);
  });

  test('a worker that exits on its own between init and the invocation is a failure, not a crash of the engine', async () => {
    engine.register(fn('exit-after-init', 'exit-after-init.handler'));
    const f = failed(await engine.invoke('exit-after-init', {}));
    // Whether the exit is seen during init or at the invocation depends on the scheduler; both are reported.
    assert.ok(f.errorType === 'RuntimeExit' || f.errorType === 'ModuleLoadError', f.errorType);
    ok(await engine.invoke('healthy', {}));
  });

  test('an unhandled rejection ends the invocation and the worker', async () => {
    engine.register(fn('unhandled', 'unhandled.handler'));
    const f = failed(await engine.invoke('unhandled', {}));
    assert.equal(f.errorType, 'UnhandledRejection');
    assert.equal(f.errorName, 'RangeError');
    assert.equal(f.errorMessage, 'nobody caught this');
    ok(await engine.invoke('healthy', {}));
  });
});

describe('server death', () => {
  test('killing the server with SIGKILL also ends a worker stuck in a busy loop', { skip: findParentDeathLauncher() === undefined ? 'needs Linux and setpriv' : false }, async () => {
    const host = spawn(process.execPath, [join(FIXTURES, 'engine-host.mjs')], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    host.stdout.setEncoding('utf8');
    while (!out.includes('\n')) {
      const [chunk] = (await once(host.stdout, 'data')) as [string];
      out += chunk;
    }
    const workerPid = Number(out.trim());
    assert.ok(workerPid > 0);
    // The spinning invocation is on its way; the worker is alive.
    assert.doesNotThrow(() => process.kill(workerPid, 0));
    host.kill('SIGKILL');
    await once(host, 'exit');
    // Gone, or a zombie waiting for whoever adopted it to reap it: either way it runs no more.
    const alive = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${workerPid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    while (alive()) await new Promise((r) => setTimeout(r, 10));
  });
});

describe('logs', () => {
  test('console output is framed like the Lambda Node.js runtime, between START and END/REPORT', async () => {
    const { engine, logs } = await withEngine();
    try {
      engine.register(fn('logs', 'logs.handler', { memoryMB: 256 }));
      ok(await engine.invoke('logs', { name: 'Ada' }, { requestId: 'log-1' }));
      const mine = logs.filter((l) => l.requestId === 'log-1');
      assert.ok(mine.every((l) => l.functionName === 'logs' && l.logGroupName === '/aws/lambda/logs'));
      assert.equal(new Set(mine.map((l) => l.logStreamName)).size, 1);
      const messages = mine.map((l) => l.message.replace(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\t/, '<ts>\t'));
      assert.deepEqual(messages.slice(0, 9), [
        '<ts>\tundefined\tINFO\tinit line\n',
        'START RequestId: log-1 Version: $LATEST\n',
        '<ts>\tlog-1\tINFO\thello Ada { n: 1 }\n',
        '<ts>\tlog-1\tINFO\tinfo line\n',
        '<ts>\tlog-1\tWARN\twarn line\n',
        '<ts>\tlog-1\tERROR\terror line\n',
        '<ts>\tlog-1\tDEBUG\tdebug line\n',
        'raw stdout\n',
        'raw stderr\n',
      ]);
      assert.equal(messages[9], 'END RequestId: log-1\n');
      assert.match(
        messages[10] ?? '',
        /^REPORT RequestId: log-1\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d{2} ms\t\n$/,
      );
      assert.equal(messages.length, 11);
      assert.deepEqual(mine.slice(2, 9).map((l) => l.level), ['INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG', undefined, undefined]);

      ok(await engine.invoke('logs', { name: 'Bob' }, { requestId: 'log-2' }));
      const report = logs.find((l) => l.requestId === 'log-2' && l.message.startsWith('REPORT'));
      assert.ok(report !== undefined && !report.message.includes('Init Duration'), 'a warm invocation reports no init');
    } finally {
      await engine.close();
    }
  });
});

describe('TypeScript', () => {
  test('.ts (ESM, importing another .ts file as .js) and .cts handlers run; transpiled output is cached', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'lakehose-fn-cache-'));
    try {
      const { engine } = await withEngine({ cacheDir });
      try {
        engine.register(fn('typed', 'ts/typed.handler'));
        engine.register(fn('typed-fails', 'ts/typed.fails'));
        engine.register(fn('common-ts', 'ts/common.handler'));
        assert.deepEqual(ok(await engine.invoke('typed', { name: 'Grace', grumpy: true })).result, { text: 'Hello, Grace!', mood: 'grumpy', fn: 'typed' });
        const f = failed(await engine.invoke('typed-fails', {}));
        assert.equal(f.errorMessage, 'thrown from TypeScript');
        assert.match(f.stack ?? '', /typed\.ts:\d+/, 'stack traces point at the TypeScript source');
        assert.deepEqual(ok(await engine.invoke('common-ts', { n: 21 })).result, { doubled: 42, file: 'common.cts' });
      } finally {
        await engine.close();
      }
      const cached = (await readdir(cacheDir)).filter((f) => f.endsWith('.js'));
      assert.equal(cached.length, 3, 'typed.ts, greeting.ts and common.cts');
      // A second engine reuses the cache rather than adding entries.
      const { engine: second } = await withEngine({ cacheDir });
      try {
        second.register(fn('typed', 'ts/typed.handler'));
        ok(await second.invoke('typed', { name: 'again' }));
      } finally {
        await second.close();
      }
      assert.deepEqual((await readdir(cacheDir)).filter((f) => f.endsWith('.js')).sort(), cached.sort());
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('concurrency', () => {
  test('at most `concurrency` invocations run at once; the excess waits, beyond the queue bound it is Throttled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lakehose-fn-gate-'));
    const { engine } = await withEngine({ maxQueuedPerFunction: 2 });
    try {
      engine.register(fn('gate', 'slow.gate', { concurrency: 2, timeoutSeconds: 60 }));
      const running = [1, 2, 3, 4].map(() => engine.invoke('gate', { dir }));
      const throttled = failed(await engine.invoke('gate', { dir }));
      assert.equal(throttled.errorType, 'Throttled');
      // Wait until two invocations are inside the handler.
      while ((await readdir(dir)).filter((f) => f.startsWith('active-')).length < 2) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(
        { busy: engine.stats('gate')?.busy, queued: engine.stats('gate')?.queued, workers: engine.stats('gate')?.workers },
        { busy: 2, queued: 2, workers: 2 },
      );
      await writeFile(join(dir, 'release'), '');
      const results = (await Promise.all(running)).map((r) => ok(r).result as { activeAtStart: number; pid: number });
      assert.ok(results.every((r) => r.activeAtStart <= 2), JSON.stringify(results));
      assert.equal(new Set(results.map((r) => r.pid)).size, 2, 'queued invocations reuse the two warm workers');
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an invocation whose deadline passes while queued is Throttled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lakehose-fn-gate-'));
    const { engine } = await withEngine();
    try {
      engine.register(fn('gate1', 'slow.gate', { concurrency: 1, timeoutSeconds: 60 }));
      const holder = engine.invoke('gate1', { dir });
      const waiting = failed(await engine.invoke('gate1', { dir }, { deadlineMs: Date.now() + 100 }));
      assert.equal(waiting.errorType, 'Throttled');
      await writeFile(join(dir, 'release'), '');
      ok(await holder);
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('payload limits', () => {
  let engine: FunctionsEngine;
  before(async () => {
    ({ engine } = await withEngine());
  });
  after(() => engine.close());

  test('a request over 6 MiB is refused without running the function', async () => {
    engine.register(fn('echo', 'echo.handler'));
    const f = failed(await engine.invoke('echo', { blob: 'x'.repeat(6 * 1024 * 1024) }));
    assert.equal(f.errorType, 'RequestTooLarge');
    assert.equal(engine.stats('echo')?.coldStarts, 0);
  });

  test('a response over 6 MiB is ResponseTooLarge; one just under passes', async () => {
    engine.register(fn('big', 'errors.bigResponse', { memoryMB: 512 }));
    const f = failed(await engine.invoke('big', { bytes: 6 * 1024 * 1024 }));
    assert.equal(f.errorType, 'ResponseTooLarge');
    const r = ok(await engine.invoke('big', { bytes: 6 * 1024 * 1024 - 2 }));
    assert.equal(Buffer.byteLength(r.resultJson), 6 * 1024 * 1024);
  });
});

describe('Firehose transform fixture', () => {
  test('records come back Ok, Dropped or ProcessingFailed with the same record ids', async () => {
    const { engine } = await withEngine();
    try {
      engine.register(fn('transform', 'firehose-transform.handler', { environment: { TRANSFORM_UPPERCASE_FIELD: 'name' } }));
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      const event = {
        invocationId: 'inv-1',
        deliveryStreamArn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/ds',
        region: 'us-east-1',
        records: [
          { recordId: 'r1', approximateArrivalTimestamp: 1, data: b64('{"name":"ada","customer_id":7}') },
          { recordId: 'r2', approximateArrivalTimestamp: 2, data: b64('{"drop":true}') },
          { recordId: 'r3', approximateArrivalTimestamp: 3, data: b64('not json') },
        ],
      };
      const out = ok(await engine.invoke('transform', event)).result as {
        records: { recordId: string; result: string; data: string; metadata?: { partitionKeys: Record<string, string> } }[];
      };
      assert.deepEqual(out.records.map((r) => [r.recordId, r.result]), [
        ['r1', 'Ok'],
        ['r2', 'Dropped'],
        ['r3', 'ProcessingFailed'],
      ]);
      const first = out.records[0];
      assert.equal(Buffer.from(first?.data ?? '', 'base64').toString(), '{"name":"ADA","customer_id":7,"transformed":true}\n');
      assert.deepEqual(first?.metadata, { partitionKeys: { customer_id: '7' } });
      assert.equal(out.records[2]?.data, b64('not json'));
    } finally {
      await engine.close();
    }
  });
});

describe('engine calls', () => {
  test('definitions are validated, listed, fetched and removed', async () => {
    const { engine } = await withEngine({ defaultConcurrency: 3 });
    try {
      assert.throws(() => engine.register(fn('bad name!', 'echo.handler')), (e: unknown) => e instanceof FunctionsError && e.kind === 'InvalidDefinition' && e.field === 'name');
      assert.throws(() => engine.register(fn('f', 'nodot')), (e: unknown) => e instanceof FunctionsError && e.field === 'handler');
      assert.throws(() => engine.register(fn('f', 'echo.handler', { timeoutSeconds: 901 })), (e: unknown) => e instanceof FunctionsError && e.field === 'timeoutSeconds');
      assert.throws(() => engine.register(fn('f', 'echo.handler', { memoryMB: 64 })), (e: unknown) => e instanceof FunctionsError && e.field === 'memoryMB');
      assert.throws(() => engine.register(fn('f', 'echo.handler', { environment: { AWS_REGION: 'x' } })), (e: unknown) => e instanceof FunctionsError && e.field === 'environment.AWS_REGION');
      assert.throws(() => engine.register({ name: 'f', handler: 'echo.handler', codeDir: 'relative' }), (e: unknown) => e instanceof FunctionsError && e.field === 'codeDir');

      const config = engine.register(fn('b-fn', 'echo.handler'));
      engine.register(fn('a-fn', 'echo.handler', { concurrency: 1 }));
      assert.deepEqual(
        { timeoutSeconds: config.timeoutSeconds, memoryMB: config.memoryMB, concurrency: config.concurrency, version: config.version },
        { timeoutSeconds: 3, memoryMB: 128, concurrency: 3, version: '$LATEST' },
      );
      assert.deepEqual(engine.list().map((c) => c.name), ['a-fn', 'b-fn']);
      assert.equal(engine.get('a-fn')?.concurrency, 1);

      await assert.rejects(engine.invoke('nope', {}), (e: unknown) => e instanceof FunctionsError && e.kind === 'FunctionNotFound');
      await assert.rejects(engine.invoke('a-fn', { n: 10n }), (e: unknown) => e instanceof FunctionsError && e.kind === 'InvalidPayload');

      assert.equal(engine.unregister('a-fn'), true);
      assert.equal(engine.unregister('a-fn'), false);
      assert.equal(engine.get('a-fn'), undefined);
      await assert.rejects(engine.invoke('a-fn', {}), (e: unknown) => e instanceof FunctionsError && e.kind === 'FunctionNotFound');
    } finally {
      await engine.close();
    }
  });

  test('close() stops running invocations and refuses new ones', async () => {
    const reports: string[] = [];
    const { engine } = await withEngine({ onReport: (r) => reports.push(`${r.functionName}:${r.ok}`) });
    engine.register(fn('hang', 'hang.handler', { timeoutSeconds: 60 }));
    ok(await engine.invoke('hang', {}));
    assert.deepEqual(reports, ['hang:true']);
    const running = engine.invoke('hang', { hang: true }).then(
      () => assert.fail('a running invocation should not complete'),
      (e: unknown) => e,
    );
    // Let the invocation reach its worker before closing.
    while (engine.stats('hang')?.busy !== 1) await new Promise((r) => setImmediate(r));
    await engine.close();
    const err = await running;
    assert.ok(err instanceof FunctionsError && err.kind === 'EngineClosed');
    await assert.rejects(engine.invoke('hang', {}), (e: unknown) => e instanceof FunctionsError && e.kind === 'EngineClosed');
  });

  test('unregistering lets an accepted invocation finish', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lakehose-fn-gate-'));
    const { engine } = await withEngine();
    try {
      engine.register(fn('gate', 'slow.gate', { timeoutSeconds: 60 }));
      const running = engine.invoke('gate', { dir });
      while ((await readdir(dir)).length === 0) await new Promise((r) => setTimeout(r, 10));
      engine.unregister('gate');
      await writeFile(join(dir, 'release'), '');
      ok(await running);
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
