/**
 * Compares JqKeyExtractor (jq-web, a jq 1.7 build, plus our number handling) with the jq 1.6
 * binary Firehose specifies, over a set of queries and records. Only the outcome is compared
 * (the keys, or that the record fails); error wording differs between jq versions.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { JqKeyExtractor, type KeyExtraction } from './JqKeyExtractor.js';
import { JqWorkerPool } from './JqWorkerPool.js';

const JQ16 = '/usr/bin/jq';

const QUERIES = [
  '{customer_id:.customer_id}',
  '{device:.type.device,event:.type.event}',
  '{year:.event_timestamp|strftime("%Y"),month:.event_timestamp|strftime("%m"),day:.event_timestamp|strftime("%d"),hour:.event_timestamp|strftime("%H")}',
  '{date:(.event_timestamp|strftime("%Y-%m-%d")),iso:(.event_timestamp|todate)}',
  '{region:(.region // "none"),device:(.type.device // "unknown")}',
  '{kind:(.type.event|ascii_upcase|split("_")|.[0]),short:(.customer_id|tostring|.[0:4])}',
  '{bucket:((.amount/100)|floor),hour:((.event_timestamp/3600)|floor%24)}',
  '{id:.customer_id,amount:.amount,flag:.flag}',
  '{label:"\\(.region)-\\(.amount)",len:(.region|length)}',
  '{trimmed:(.region|ltrimstr("eu-")|rtrimstr("-1")),matches:(.region|test("^eu"))}',
  '{first:(.tags[0] // "none"),count:(.tags|length)}',
  '{joined:(.tags|join("+")),big:.big}',
];

const RECORDS: unknown[] = [
  { customer_id: '1234567890', event_timestamp: 1565382027, type: { device: 'mobile', event: 'user_clicked_submit_button' }, region: 'eu-west-1', amount: 1250.5, flag: true, tags: ['a', 'b'], big: 1e17 },
  { customer_id: 42, event_timestamp: 1600000000.75, type: { device: 'desktop', event: 'page_view' }, region: 'us-east-1', amount: 0.000012, flag: false, tags: [], big: 123456789012345678 },
  { customer_id: 'c-9', event_timestamp: 0, type: { event: 'login' }, amount: -3, tags: ['only'], big: 2.5e-7 },
  { customer_id: null, type: null, region: 'eu-central-1', amount: 1e21, tags: ['x', 'y', 'z'], big: 1.0 },
  { event_timestamp: 'not a number', region: 7, amount: 'ten' },
];

/** What jq 1.6 answers per record: the keys (values through tostring) or a failure. */
function jq16Outcomes(query: string, input: string): Array<Record<string, string> | 'fails'> {
  const program =
    `try ([${query}] | if length == 1 and (.[0] | type) == "object"` +
    ' and all(.[0][]; (type == "string" or type == "number" or type == "boolean") and . != "")' +
    ' then {keys: (.[0] | map_values(tostring))} else "fails" end) catch "fails"';
  const run = spawnSync(JQ16, ['-c', program], { input, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout
    .trimEnd()
    .split('\n')
    .map((line) => {
      const answer = JSON.parse(line) as { keys: Record<string, string> } | 'fails';
      return answer === 'fails' ? 'fails' : answer.keys;
    });
}

function outcome(result: KeyExtraction): Record<string, string> | 'fails' {
  return result.ok ? result.keys : 'fails';
}

const pool = JqWorkerPool.create({ size: 1 });
after(() => pool.close());

describe('JqKeyExtractor compared with jq 1.6', () => {
  it('gives the same keys as /usr/bin/jq for every query and record', async (t) => {
    if (!existsSync(JQ16)) {
      t.skip(`${JQ16} (jq 1.6) is not installed; install the Debian package jq to run this comparison`);
      return;
    }
    const version = spawnSync(JQ16, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (version !== 'jq-1.6') {
      t.skip(`${JQ16} is ${version}, not jq-1.6`);
      return;
    }
    const texts = RECORDS.map((r) => JSON.stringify(r));
    const encoded = texts.map((text) => new TextEncoder().encode(text));
    for (const query of QUERIES) {
      const expected = jq16Outcomes(query, texts.join('\n'));
      const extractor = await JqKeyExtractor.create(query, pool);
      const actual = (await extractor.extract(encoded)).map(outcome);
      assert.deepEqual(actual, expected, query);
    }
  });
});
