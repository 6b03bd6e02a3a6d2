import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alarmDefinition } from '../wiring/monitoring.js';
import { parseConfig } from './loadConfig.js';
import { configProblem } from './testKit.js';

const ALARM = `
region: eu-west-1
accountId: '123456789012'
alarms:
  - name: high
    namespace: AWS/Firehose
    metricName: IncomingRecords
    dimensions: { DeliveryStreamName: events }
    statistic: Sum
    periodSeconds: 300
    evaluationPeriods: 3
    threshold: 1000
    comparisonOperator: GreaterThanThreshold
    alarmActions: [alerts, 'arn:aws:sns:us-east-1:123456789012:other']
logGroups:
  - name: /lakehose/firehose/events
    retentionInDays: 14
    streams: [DestinationDelivery]
`;

describe('alarms: and logGroups: in lakehose.yaml', () => {
  it('reads alarms with CloudWatch defaults; topic names become ARNs', () => {
    const config = parseConfig(ALARM);
    const d = alarmDefinition(config.alarms[0]!, config);
    assert.equal(d.datapointsToAlarm, 3, 'M defaults to N');
    assert.equal(d.treatMissingData, 'missing');
    assert.equal(d.actionsEnabled, true);
    assert.deepEqual(d.metric, { namespace: 'AWS/Firehose', name: 'IncomingRecords', dimensions: { DeliveryStreamName: 'events' } });
    assert.deepEqual(d.alarmActions, ['arn:aws:sns:eu-west-1:123456789012:alerts', 'arn:aws:sns:us-east-1:123456789012:other']);
    assert.deepEqual(config.logGroups, [{ name: '/lakehose/firehose/events', retentionInDays: 14, streams: ['DestinationDelivery'] }]);
  });

  const problem = configProblem;

  it('names the field and line of a wrong alarm', () => {
    assert.equal(problem(ALARM.replace('periodSeconds: 300', 'periodSeconds: 45')), 'lakehose.yaml:10:20: alarms[0].periodSeconds: must be 10, 20, 30 or a multiple of 60');
    assert.match(problem(ALARM.replace('evaluationPeriods: 3', 'evaluationPeriods: 3\n    datapointsToAlarm: 4')), /datapointsToAlarm must not exceed evaluationPeriods/);
    assert.match(problem(ALARM.replace('statistic: Sum', 'statistic: p99')), /alarms\[0\]\.statistic/);
    assert.match(problem(ALARM.replace('retentionInDays: 14', 'retentionInDays: 2')), /logGroups\[0\]\.retentionInDays/);
    assert.match(problem(ALARM.replace('name: /lakehose/firehose/events', 'name: "bad name"')), /logGroups\[0\]\.name/);
  });
});
