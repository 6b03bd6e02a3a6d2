import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { startServer, type InProcessServer } from '../helpers/server.js';
import { collectPageErrors, launchChromium, screenshot } from './chromium.js';

/**
 * The console's pages in real Chromium against a real server: data sent with the AWS SDK
 * shows up on the dashboard's charts, an alarm's state change shows up on the alarms page,
 * and the SQL page runs a query and shows its rows, chart and CSV. Screenshots go to
 * test-artifacts/. Nothing waits for a fixed time: every wait is for a condition, with a
 * deadline.
 */
const CONFIG = `
region: eu-west-1
streams:
  - name: orders
    shardCount: 1
  - name: payments
    shardCount: 1
buckets:
  - name: shop-lake
deliveryStreams:
  - name: sales-delivery
    destination:
      bucket: shop-lake
      prefix: delivered/
      buffering: { sizeMiB: 1, intervalSeconds: 1 }
catalog:
  databases:
    - name: shop
      tables:
        - name: sales
          storageDescriptor:
            location: s3://shop-lake/sales/
            inputFormat: org.apache.hadoop.mapred.TextInputFormat
            serDeInfo:
              serializationLibrary: org.openx.data.jsonserde.JsonSerDe
            columns:
              - { name: item, type: string }
              - { name: qty, type: int }
topics:
  list:
    - name: ops-alerts
      subscriptions:
        - protocol: email-json
          endpoint: ops@example.com
          confirmed: true
`;

const CREDENTIALS = { accessKeyId: 'AKIDLAKEHOSETEST0001', secretAccessKey: 'secret' };
const WAIT_MS = 30_000;
const MIN = 60_000;

describe('web console in Chromium', () => {
  let server: InProcessServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  before(async () => {
    browser = await launchChromium();
    server = await startServer(CONFIG);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    pageErrors = collectPageErrors(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows records sent with PutRecords and PutRecordBatch on the dashboard, growing live', async () => {
    await page.goto(server.url + '/');
    // The page is up before any record: the stream's panel is there with nothing counted yet.
    await page.waitForSelector('[data-testid="panel-stream-orders"]', { timeout: WAIT_MS });
    assert.equal(await page.textContent('[data-testid="total-stream-orders-incomingRecords"]'), '0');

    const kinesis = new KinesisClient({ endpoint: server.url, region: 'eu-west-1', credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      const first = await kinesis.send(
        new PutRecordsCommand({
          StreamName: 'orders',
          Records: Array.from({ length: 25 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.from(JSON.stringify({ order: i, amount: 10 + i })) })),
        }),
      );
      assert.equal(first.FailedRecordCount, 0);
      // The open page picks the records up by itself (it polls); no reload.
      await page.waitForSelector('[data-testid="chart-stream-orders-records"][data-sum="25"]', { timeout: WAIT_MS });
      assert.equal(await page.textContent('[data-testid="total-stream-orders-incomingRecords"]'), '25');
      const bytesSum = Number(await page.getAttribute('[data-testid="chart-stream-orders-bytes"]', 'data-sum'));
      assert.ok(bytesSum > 25 * 20, `incoming bytes charted: ${bytesSum}`);
      assert.equal(await page.locator('[data-testid="chart-stream-orders-records"] canvas').count(), 1, 'uPlot drew the chart on a canvas');

      await kinesis.send(new PutRecordsCommand({ StreamName: 'orders', Records: Array.from({ length: 15 }, (_, i) => ({ PartitionKey: `m${i}`, Data: Buffer.from(`{"n":${i}}`) })) }));
      await page.waitForSelector('[data-testid="chart-stream-orders-records"][data-sum="40"]', { timeout: WAIT_MS });
    } finally {
      kinesis.destroy();
    }

    // Firehose: records in, then delivered to S3 (buffering: 1 s), both charted.
    await page.waitForSelector('[data-testid="panel-deliveryStream-sales-delivery"]', { timeout: WAIT_MS });
    const firehose = new FirehoseClient({ endpoint: server.url, region: 'eu-west-1', credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      const batch = await firehose.send(
        new PutRecordBatchCommand({ DeliveryStreamName: 'sales-delivery', Records: Array.from({ length: 10 }, (_, i) => ({ Data: Buffer.from(`{"sale":${i}}\n`) })) }),
      );
      assert.equal(batch.FailedPutCount, 0);
    } finally {
      firehose.destroy();
    }
    await page.waitForSelector('[data-testid="total-deliveryStream-sales-delivery-incomingRecords"] >> text=10', { timeout: WAIT_MS });
    await page.waitForSelector('[data-testid="total-deliveryStream-sales-delivery-deliveredRecords"] >> text=10', { timeout: WAIT_MS });
    await page.waitForSelector('[data-testid="chart-deliveryStream-sales-delivery-records"][data-sum="20"]', { timeout: WAIT_MS });
    // 100 % in every minute that had an S3 put (one minute, or two across a minute's end).
    await waitUntil(async () => {
      const chart = page.locator('[data-testid="chart-deliveryStream-sales-delivery-success"]');
      const points = Number(await chart.getAttribute('data-points'));
      return points > 0 && Number(await chart.getAttribute('data-sum')) === 100 * points;
    });
    await screenshot(page, 'console-dashboard');

    await page.click('[data-testid="nav-delivery-streams"]');
    await page.waitForSelector('[data-testid="delivery-table"] >> text=s3://shop-lake/delivered/', { timeout: WAIT_MS });
    assert.deepEqual(pageErrors, []);
  });

  it('shows an alarm change state on the alarms page: by data, then by SetAlarmState', async () => {
    // The alarm clock is held and stepped a minute by the test (the metrics engine's test
    // seam), so the state changes exactly when the test says. The alarm watches a stream no
    // other test writes to: nothing but this test's records can be evaluated.
    const { app } = server;
    let now = Math.floor(Date.now() / MIN) * MIN + 1000;
    app.metrics.useClock(() => now);
    const cloudwatch = new CloudWatchClient({ endpoint: server.url, region: 'eu-west-1', credentials: CREDENTIALS, maxAttempts: 1 });
    const kinesis = new KinesisClient({ endpoint: server.url, region: 'eu-west-1', credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      await page.click('[data-testid="nav-alarms"]');
      await cloudwatch.send(
        new PutMetricAlarmCommand({
          AlarmName: 'orders-busy',
          AlarmDescription: 'More than 10 payments a minute',
          Namespace: 'AWS/Kinesis',
          MetricName: 'IncomingRecords',
          Dimensions: [{ Name: 'StreamName', Value: 'payments' }],
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 10,
          ComparisonOperator: 'GreaterThanThreshold',
          AlarmActions: ['arn:aws:sns:eu-west-1:000000000000:ops-alerts'],
        }),
      );
      await page.waitForSelector('[data-testid="alarm-state-orders-busy"][data-state="INSUFFICIENT_DATA"]', { timeout: WAIT_MS });

      const put = await kinesis.send(new PutRecordsCommand({ StreamName: 'payments', Records: Array.from({ length: 30 }, (_, i) => ({ PartitionKey: `a${i}`, Data: Buffer.from(`{"n":${i}}`) })) }));
      assert.equal(put.FailedRecordCount, 0);
      now += MIN;
      await app.engines.alarms!.evaluateDue();
      await page.waitForSelector('[data-testid="alarm-state-orders-busy"][data-state="ALARM"]', { timeout: WAIT_MS });
      await page.waitForSelector('[data-testid="alarm-history"] >> text=from INSUFFICIENT_DATA to ALARM', { timeout: WAIT_MS });
      await screenshot(page, 'console-alarms');

      // The dashboard's summary counts it.
      await page.click('[data-testid="nav-dashboard"]');
      await page.waitForSelector('[data-testid="alarm-summary"] .stat-value >> text=1', { timeout: WAIT_MS });

      await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'orders-busy', StateValue: 'OK', StateReason: 'Set by the console browser test' }));
      await page.goto(`${server.url}/#/alarms/orders-busy`);
      await page.waitForSelector('[data-testid="alarm-detail-state"][data-state="OK"]', { timeout: WAIT_MS });
      assert.match((await page.textContent('main')) ?? '', /Set by the console browser test/);
      await screenshot(page, 'console-alarm-detail');
    } finally {
      app.metrics.useClock(Date.now);
      cloudwatch.destroy();
      kinesis.destroy();
    }
    assert.deepEqual(pageErrors, []);
  });

  it('runs SQL on the SQL page: rows as a table and a chart, and the CSV to download', async () => {
    const s3 = new S3Client({ endpoint: server.url, region: 'eu-west-1', forcePathStyle: true, credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      const lines = [
        { item: 'apple', qty: 3 },
        { item: 'pear', qty: 5 },
        { item: 'apple', qty: 4 },
        { item: 'plum', qty: 1 },
      ];
      await s3.send(new PutObjectCommand({ Bucket: 'shop-lake', Key: 'sales/2026/day1.json', Body: lines.map((l) => JSON.stringify(l)).join('\n') + '\n' }));
    } finally {
      s3.destroy();
    }
    await page.click('[data-testid="nav-sql"]');
    // Preact sets an option's value as a property, not an attribute: look at the property.
    await waitUntil(async () => (await page.$$eval('[data-testid="sql-database"] option', (os) => os.map((o) => (o as unknown as { value: string }).value))).includes('shop'));
    await page.selectOption('[data-testid="sql-database"]', 'shop');
    await page.fill('[data-testid="sql-editor"]', 'SELECT item, sum(qty) AS total FROM sales GROUP BY item ORDER BY item');
    await page.click('[data-testid="sql-run"]');
    await page.waitForSelector('[data-testid="sql-outcome"][data-state="SUCCEEDED"]', { timeout: WAIT_MS });

    const rows = await page.$$eval('[data-testid="sql-results"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(rows, [
      ['apple', '7'],
      ['pear', '5'],
      ['plum', '1'],
    ]);
    assert.deepEqual(await page.$$eval('[data-testid="sql-results"] thead th', (ths) => ths.map((th) => th.textContent)), ['item', 'total']);
    assert.match((await page.textContent('[data-testid="sql-row-count"]')) ?? '', /3 rows/);
    await screenshot(page, 'console-sql-table');

    await page.click('[data-testid="sql-view-chart"]');
    await page.waitForSelector('[data-testid="sql-chart"][data-points="3"][data-sum="13"] canvas', { timeout: WAIT_MS });
    await screenshot(page, 'console-sql-chart');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), page.click('[data-testid="sql-download"]')]);
    assert.match(download.suggestedFilename(), /^[0-9a-f-]{36}\.csv$/);
    const csv = await streamText(await download.createReadStream());
    assert.equal(csv, '"item","total"\n"apple","7"\n"pear","5"\n"plum","1"\n');
    assert.deepEqual(pageErrors, []);
  });

  it('browses a bucket by folders and lists catalog tables and topics', async () => {
    await page.goto(server.url + '/#/buckets/shop-lake');
    await page.click('text=sales/');
    await page.click('text=2026/');
    await page.waitForSelector('[data-testid="object-row"] >> text=day1.json', { timeout: WAIT_MS });
    assert.equal(await page.textContent('[data-testid="crumbs"]'), 'shop-lake / sales / 2026');

    await page.click('[data-testid="nav-catalog"]');
    await page.waitForSelector('[data-testid="database-shop"] >> text=sales', { timeout: WAIT_MS });
    assert.match((await page.textContent('[data-testid="database-shop"]')) ?? '', /JSON/);

    await page.click('[data-testid="nav-topics"]');
    await page.waitForSelector('[data-testid="topic-ops-alerts"] >> text=ops@example.com', { timeout: WAIT_MS });
    assert.deepEqual(pageErrors, []);
  });
});

/** Polls a condition (the page's CSP forbids the string predicates of waitForFunction). */
async function waitUntil(condition: () => Promise<boolean>, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks).toString('utf8');
}
