import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { EdgeRequest } from '../aws/wire/EdgeRequest.js';
import { parseDashboardBody } from './api/cloudwatchDashboards.js';
import { figure, periodFor } from './api/dashboard.js';
import { formatName } from './api/resources.js';
import { attachment } from './api/buckets.js';
import { ConsoleSessions, cookieValue } from './ConsoleSessions.js';
import { crossSiteRefusal } from './consoleRoute.js';
import { StaticAssets } from './StaticAssets.js';

const set = (sum: number, sampleCount: number, maximum = sum) => ({ sum, sampleCount, minimum: 0, maximum });

describe('dashboard figures', () => {
  it('keeps about 180 points per chart whatever the window', () => {
    assert.equal(periodFor(15), 60);
    assert.equal(periodFor(180), 60);
    assert.equal(periodFor(720), 240);
    assert.equal(periodFor(1440), 480);
  });

  it('adds error terms, turns success into a percentage and keeps gauges missing without data', () => {
    const errors = { key: 'errors' as const, terms: [{ metric: 'A', stat: 'Sum' as const }, { metric: 'S', stat: 'Failures' as const }], fillZero: true };
    assert.equal(figure(errors, (m) => (m === 'A' ? set(2, 2) : set(3, 5))), 4);
    assert.equal(figure(errors, () => undefined), 0, 'a count without data is 0');
    const success = { key: 'deliverySuccessPercent' as const, terms: [{ metric: 'S', stat: 'Average' as const }], scale: 100, fillZero: false };
    assert.equal(figure(success, () => set(3, 4)), 75);
    assert.equal(figure(success, () => undefined), null, 'a ratio without data is missing');
    const freshness = { key: 'freshnessSeconds' as const, terms: [{ metric: 'F', stat: 'Maximum' as const }], scale: 0.001, fillZero: false };
    assert.equal(figure(freshness, () => set(10_000, 3, 7000)), 7);
  });
});

describe('CloudWatch dashboard bodies', () => {
  it('expands "." and "..." and takes each line\'s own stat, period and label', () => {
    const { widgets, skipped } = parseDashboardBody(
      JSON.stringify({
        widgets: [
          {
            type: 'metric',
            properties: {
              stat: 'Sum',
              period: 300,
              metrics: [
                ['AWS/Firehose', 'IncomingRecords', 'DeliveryStreamName', 'a'],
                ['...', 'b', { stat: 'Maximum', label: 'B max' }],
                ['.', 'IncomingBytes', '.', '.'],
                [{ expression: 'm1+m2', label: 'sum' }],
              ],
            },
          },
          { type: 'alarm', properties: {} },
        ],
      }),
    );
    assert.deepEqual(skipped, ['alarm']);
    assert.equal(widgets[0]!.title, 'IncomingRecords, IncomingRecords, IncomingBytes');
    assert.deepEqual(
      widgets[0]!.metrics.map((m) => [m.id.namespace, m.id.name, m.id.dimensions['DeliveryStreamName'], m.stat, m.periodSeconds, m.label]),
      [
        ['AWS/Firehose', 'IncomingRecords', 'a', 'Sum', 300, 'IncomingRecords a (Sum)'],
        ['AWS/Firehose', 'IncomingRecords', 'b', 'Maximum', 300, 'B max'],
        ['AWS/Firehose', 'IncomingBytes', 'b', 'Sum', 300, 'IncomingBytes b (Sum)'],
      ],
    );
  });
});

describe('console sessions', () => {
  it('accepts its own tokens until they expire, and nothing signed with another secret', () => {
    let now = 1_000_000;
    const sessions = new ConsoleSessions([{ accessKeyId: 'AKID.WITH.DOTS0001', secretAccessKey: 'one' }], () => now, 60_000);
    assert.equal(sessions.signIn('AKID.WITH.DOTS0001', 'two'), undefined);
    assert.equal(sessions.signIn('unknown', 'one'), undefined);
    const token = sessions.signIn('AKID.WITH.DOTS0001', 'one')!;
    assert.equal(sessions.verify(`a=b; lakehose_console=${token}`), 'AKID.WITH.DOTS0001');
    const other = new ConsoleSessions([{ accessKeyId: 'AKID.WITH.DOTS0001', secretAccessKey: 'rotated' }], () => now);
    assert.equal(other.verify(`lakehose_console=${token}`), undefined, 'a rotated secret ends the session');
    const [id, expires, mac] = [token.slice(0, token.indexOf('.', 14)), ...token.slice(token.indexOf('.', 14) + 1).split('.')];
    assert.equal(sessions.verify(`lakehose_console=${id}.${Number(expires) + 1}.${mac}`), undefined, 'the expiry is signed');
    now += 60_000;
    assert.equal(sessions.verify(`lakehose_console=${token}`), undefined, 'expired');
    assert.equal(cookieValue('x=1;  lakehose_console = v ', 'lakehose_console'), 'v');
    assert.equal(cookieValue(undefined, 'x'), undefined);
  });
});

describe('the console route', () => {
  const req = (headers: Record<string, string>): EdgeRequest => ({
    requestId: 'r',
    method: 'GET',
    rawPath: '/_console/api/dashboard',
    rawQuery: '',
    headers,
    receivedAtMs: 0,
    body: Readable.from([]),
    readBody: async () => Buffer.alloc(0),
  });

  it('lets the console\'s own pages and direct calls through, not other sites\' pages', () => {
    assert.equal(crossSiteRefusal(req({ host: 'localhost:4566' })), undefined, 'curl');
    assert.equal(crossSiteRefusal(req({ host: 'localhost:4566', 'sec-fetch-site': 'same-origin' })), undefined);
    assert.equal(crossSiteRefusal(req({ host: 'localhost:4566', origin: 'http://localhost:4566' })), undefined);
    assert.ok(crossSiteRefusal(req({ host: 'localhost:4566', 'sec-fetch-site': 'same-site' })), 'another port of the same host');
    assert.ok(crossSiteRefusal(req({ host: 'localhost:4566', origin: 'http://localhost:3000' })));
    assert.ok(crossSiteRefusal(req({ host: 'localhost:4566', origin: 'null' })));
  });

  it('names downloads safely', () => {
    assert.equal(attachment('a "b".csv'), `attachment; filename="a _b_.csv"; filename*=UTF-8''a%20%22b%22.csv`);
    assert.equal(attachment('données.json'), `attachment; filename="donn_es.json"; filename*=UTF-8''donn%C3%A9es.json`);
  });

  it('names table formats from their SerDe', () => {
    assert.equal(formatName('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', undefined), 'Parquet');
    assert.equal(formatName('org.openx.data.jsonserde.JsonSerDe', 'org.apache.hadoop.mapred.TextInputFormat'), 'JSON');
    assert.equal(formatName('org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', undefined), 'CSV');
    assert.equal(formatName(undefined, undefined), undefined);
  });
});

describe('static assets', () => {
  it('serves the build with caching by kind, never a file outside it, and says when there is no build', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lakehose-console-'));
    try {
      const dir = join(root, 'console');
      await mkdir(join(dir, 'assets'), { recursive: true });
      await writeFile(join(root, 'secret.txt'), 'no');
      const assets = new StaticAssets(dir);
      assert.equal((await assets.index()).status, 503, 'not built yet');

      await writeFile(join(dir, 'index.html'), '<!doctype html><title>Lakehose console</title>');
      await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
      await writeFile(join(dir, 'favicon.svg'), '<svg/>');
      const index = await assets.index();
      assert.equal(index.status, 200);
      assert.match(String(index.headers!['content-security-policy']), /frame-ancestors 'none'/);
      const js = (await assets.file('assets/index-abc.js'))!;
      assert.equal(js.headers!['content-type'], 'text/javascript; charset=utf-8');
      assert.match(String(js.headers!['cache-control']), /immutable/);
      assert.equal((await assets.file('favicon.svg'))!.headers!['cache-control'], 'no-cache');
      for (const evil of ['../secret.txt', 'assets/../../secret.txt', '/etc/passwd', 'a\0b', '..\\secret.txt']) {
        assert.equal(await assets.file(evil), undefined, evil);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
