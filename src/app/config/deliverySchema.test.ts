import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitionFromConfig } from '../wiring/delivery.js';
import { parseConfig } from './loadConfig.js';
import { configProblem } from './testKit.js';

const STREAM = `
region: eu-west-1
buckets:
  - name: lake
deliveryStreams:
  - name: events
    destination:
      bucket: lake
      buffering: { sizeMiB: 64, intervalSeconds: 60 }
      formatConversion:
        database: db
        table: events
`;

function deserializer(yaml: string): unknown {
  const config = parseConfig(yaml);
  return definitionFromConfig(config.deliveryStreams[0]!, config).destination.formatConversion?.deserializer;
}

const problem = configProblem;

describe('deliveryStreams[].destination.formatConversion deserializers in lakehose.yaml', () => {
  it('uses the OpenX JSON SerDe unless hiveJson is given', () => {
    assert.deepEqual(deserializer(STREAM), { kind: 'openx' });
    assert.deepEqual(deserializer(`${STREAM}        openXJson: { caseInsensitive: false }\n`), { kind: 'openx', caseInsensitive: false });
  });

  it('reads hiveJson with its timestampFormats (Terraform hive_json_ser_de)', () => {
    assert.deepEqual(deserializer(`${STREAM}        hiveJson:\n          timestampFormats: ["yyyy-MM-dd'T'HH:mm:ss.SSSZ", millis]\n`), {
      kind: 'hive',
      timestampFormats: ["yyyy-MM-dd'T'HH:mm:ss.SSSZ", 'millis'],
    });
    assert.deepEqual(deserializer(`${STREAM}        hiveJson: {}\n`), { kind: 'hive' });
  });

  it('names the line of a pattern that is not Joda-Time, and refuses both deserializers at once', () => {
    assert.match(
      problem(`${STREAM}        hiveJson:\n          timestampFormats: [millis, yyyy-MM-ddTHH]\n`),
      /^lakehose\.yaml:14:38: deliveryStreams\[0\]\.destination\.formatConversion\.hiveJson\.timestampFormats\[1\]: .*Illegal pattern component: T/,
    );
    assert.match(problem(`${STREAM}        hiveJson: {}\n        openXJson: {}\n`), /formatConversion\.hiveJson: set openXJson or hiveJson, not both/);
  });
});
