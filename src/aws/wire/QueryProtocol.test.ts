// awsQuery against the encodings real clients send (captured from AWS CLI v1 1.45 / v2 2.9 and
// @aws-sdk/client-sns 3.1169) and answered to the real SDK and CLI.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsCommand,
  NotFoundException,
  PublishCommand,
  SNSClient,
  SNSServiceException,
} from '@aws-sdk/client-sns';
import { cloudwatchModel } from '../models/cloudwatch.js';
import { snsModel } from '../models/sns.js';
import { AwsError } from './AwsError.js';
import { EdgeServer } from './EdgeServer.js';
import { silentLogger } from './Logger.js';
import { QueryDecoder } from './query/QueryDecoder.js';
import { QueryParams } from './query/QueryParams.js';
import { QueryXmlWriter } from './query/QueryXmlWriter.js';
import { QueryProtocol } from './QueryProtocol.js';
import type { ServiceModel } from './model.js';
import type { AnyOperation, ServiceDefinition } from './Service.js';
import { ShapeReader } from './ShapeReader.js';

const CLI_V1_PUBLISH =
  'Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A000000000000%3At&Message=h%C3%A9+llo&Subject=s' +
  '&MessageAttributes.entry.1.Name=k&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=v' +
  '&MessageAttributes.entry.2.Name=b&MessageAttributes.entry.2.Value.DataType=Binary&MessageAttributes.entry.2.Value.BinaryValue=YUdrPQ%3D%3D' +
  '&MessageAttributes.entry.3.Name=n&MessageAttributes.entry.3.Value.DataType=Number&MessageAttributes.entry.3.Value.StringValue=1.5';
const CLI_CREATE_TOPIC =
  'Action=CreateTopic&Version=2010-03-31&Name=t.fifo&Attributes.entry.1.key=FifoTopic&Attributes.entry.1.value=true' +
  '&Attributes.entry.2.key=ContentBasedDeduplication&Attributes.entry.2.value=true&Tags.member.1.Key=a&Tags.member.1.Value=b&Tags.member.2.Key=c&Tags.member.2.Value=d';
const CLI_PUBLISH_BATCH =
  'Action=PublishBatch&Version=2010-03-31&TopicArn=arn%3At&PublishBatchRequestEntries.member.1.Id=1&PublishBatchRequestEntries.member.1.Message=a' +
  '&PublishBatchRequestEntries.member.2.Id=2&PublishBatchRequestEntries.member.2.Message=b' +
  '&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name=k&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.DataType=String' +
  '&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.StringValue=v';
const CLI_V2_PUT_METRIC_ALARM =
  'Action=PutMetricAlarm&Version=2010-08-01&AlarmName=a&AlarmActions.member.1=arn%3Aa&AlarmActions.member.2=arn%3Ab&MetricName=m&Namespace=n' +
  '&Statistic=Sum&Dimensions.member.1.Name=d&Dimensions.member.1.Value=v&Period=60&EvaluationPeriods=1&Threshold=1.0&ComparisonOperator=GreaterThanThreshold';

function read(model: typeof snsModel, operation: string, body: string): Record<string, unknown> {
  const shape = model.operations[operation]!.input!.shape;
  const document = new QueryDecoder(model).decode(shape, QueryParams.parse(body));
  return new ShapeReader(model, 'json').readInput(shape, document);
}

describe('QueryDecoder: form parameters → typed input', () => {
  it('reads SNS Publish with a map of structures keyed by Name/Value (CLI v1)', () => {
    const input = read(snsModel, 'Publish', CLI_V1_PUBLISH);
    assert.equal(input.Message, 'hé llo');
    assert.equal(input.Subject, 's');
    const attrs = input.MessageAttributes as Record<string, { DataType: string; StringValue?: string; BinaryValue?: Buffer }>;
    assert.deepEqual(Object.keys(attrs), ['k', 'b', 'n']);
    assert.deepEqual(attrs.k, { DataType: 'String', StringValue: 'v' });
    // CLI v1 base64-encodes the text it was given ("aGk="): one decoding gives that text back.
    assert.equal(attrs.b!.BinaryValue!.toString('utf8'), 'aGk=');
    assert.equal(attrs.n!.StringValue, '1.5');
  });

  it('reads a key/value map and a list of structures (CreateTopic with tags)', () => {
    const input = read(snsModel, 'CreateTopic', CLI_CREATE_TOPIC);
    assert.deepEqual(input, {
      Name: 't.fifo',
      Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' },
      Tags: [
        { Key: 'a', Value: 'b' },
        { Key: 'c', Value: 'd' },
      ],
    });
  });

  it('reads lists of structures holding maps (PublishBatch)', () => {
    const input = read(snsModel, 'PublishBatch', CLI_PUBLISH_BATCH);
    assert.deepEqual(input.PublishBatchRequestEntries, [
      { Id: '1', Message: 'a' },
      { Id: '2', Message: 'b', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
    ]);
  });

  it('reads CloudWatch lists of strings, numbers and list items in index order', () => {
    const shuffled = CLI_V2_PUT_METRIC_ALARM.replace('AlarmActions.member.1=arn%3Aa&AlarmActions.member.2=arn%3Ab', 'AlarmActions.member.2=arn%3Ab&AlarmActions.member.1=arn%3Aa');
    const input = read(cloudwatchModel, 'PutMetricAlarm', shuffled);
    assert.deepEqual(input.AlarmActions, ['arn:a', 'arn:b']);
    assert.deepEqual(input.Dimensions, [{ Name: 'd', Value: 'v' }]);
    assert.equal(input.Period, 60);
    assert.equal(input.Threshold, 1);
    assert.equal(input.ComparisonOperator, 'GreaterThanThreshold');
  });

  it('reads an empty list sent as `Name=`, booleans and ISO timestamps', () => {
    const input = read(cloudwatchModel, 'DescribeAlarmHistory', 'Action=DescribeAlarmHistory&AlarmTypes=&StartDate=2024-02-03T04%3A05%3A06.500Z&ScanBy=TimestampAscending');
    assert.deepEqual(input.AlarmTypes, []);
    assert.deepEqual(input.StartDate, new Date('2024-02-03T04:05:06.500Z'));
    const sub = read(snsModel, 'Subscribe', 'TopicArn=t&Protocol=http&ReturnSubscriptionArn=TRUE');
    assert.equal(sub.ReturnSubscriptionArn, true);
  });

  it('refuses values that are not numbers or booleans, and missing required members, as ValidationError-worthy', () => {
    assert.throws(() => read(cloudwatchModel, 'PutMetricAlarm', CLI_V2_PUT_METRIC_ALARM.replace('Period=60', 'Period=sixty')), (e: unknown) => {
      assert.ok(e instanceof AwsError);
      assert.equal(e.code, 'ValidationError');
      assert.match(e.message, /Value 'sixty' at 'period'/);
      return true;
    });
    assert.throws(() => read(snsModel, 'Subscribe', 'TopicArn=t&Protocol=http&ReturnSubscriptionArn=yes'), /boolean/);
    assert.throws(() => read(snsModel, 'Publish', 'TopicArn=t'), /Value null at 'message' failed to satisfy constraint: Member must not be null/);
  });
});

/** A small model with what SNS and CloudWatch do not use: flattened lists and maps, renamed members. */
const flatModel: ServiceModel = {
  metadata: { apiVersion: '2020-01-01', protocol: 'query', xmlNamespace: 'urn:test' },
  operations: { Op: { name: 'Op', input: { shape: 'In' }, output: { shape: 'Out', resultWrapper: 'OpResult' } } },
  shapes: {
    In: {
      type: 'structure',
      members: {
        Names: { shape: 'FlatNames' },
        Items: { shape: 'NamedItems' },
        Labels: { shape: 'FlatLabels', locationName: 'Label' },
        Settings: { shape: 'FlatMap', locationName: 'Setting' },
        When: { shape: 'Time' },
        Data: { shape: 'Bytes' },
      },
    },
    Out: {
      type: 'structure',
      members: {
        Names: { shape: 'FlatNames' },
        Labels: { shape: 'FlatLabels', locationName: 'Label' },
        Items: { shape: 'NamedItems' },
        Settings: { shape: 'FlatMap', locationName: 'Setting' },
        Data: { shape: 'Bytes' },
      },
    },
    FlatNames: { type: 'list', member: { shape: 'Str' }, flattened: true },
    FlatLabels: { type: 'list', member: { shape: 'Str', locationName: 'Label' }, flattened: true },
    NamedItems: { type: 'list', member: { shape: 'Item', locationName: 'item' } },
    Item: { type: 'structure', members: { Id: { shape: 'Num', locationName: 'id' } } },
    FlatMap: { type: 'map', key: { shape: 'Str', locationName: 'Name' }, value: { shape: 'Str', locationName: 'Value' }, flattened: true },
    Str: { type: 'string' },
    Num: { type: 'integer' },
    Time: { type: 'timestamp' },
    Bytes: { type: 'blob' },
  },
};

describe('awsQuery with flattened and renamed shapes (a synthetic model)', () => {
  it('decodes flattened lists (Name.N, or the member name), named list members, flattened maps, timestamps and blobs', () => {
    const body = 'Names.2=b&Names.1=a&Items.item.1.id=7&Label.1=x&Label.2=y&Setting.1.Name=k&Setting.1.Value=v&When=1700000000&Data=aGk%3D';
    const input = read(flatModel as typeof snsModel, 'Op', body);
    assert.deepEqual(input, {
      Names: ['a', 'b'],
      Items: [{ Id: 7 }],
      Labels: ['x', 'y'],
      Settings: { k: 'v' },
      When: new Date(1_700_000_000_000),
      Data: Buffer.from('hi'),
    });
  });

  it('writes flattened lists and maps as repeated elements, renamed members by their locationName', () => {
    const xml = new QueryXmlWriter(flatModel).response('Op', 'OpResult', 'Out', { Names: ['a', 'b'], Labels: ['x'], Items: [{ Id: 7 }], Settings: { k: 'v' }, Data: Buffer.from('hi') }, 'r');
    assert.equal(
      xml,
      '<OpResponse xmlns="urn:test"><OpResult><Names>a</Names><Names>b</Names><Label>x</Label><Items><item><id>7</id></item></Items>' +
        '<Setting><Name>k</Name><Value>v</Value></Setting><Data>aGk=</Data></OpResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></OpResponse>',
    );
  });
});

describe('QueryXmlWriter: output shape → XML', () => {
  const writer = new QueryXmlWriter(snsModel);

  it('wraps results and lists of structures, escaping text', () => {
    const xml = writer.response('ListTopics', 'ListTopicsResult', 'ListTopicsResponse', { Topics: [{ TopicArn: 'arn:a<&>' }], NextToken: 'n' }, 'rid');
    assert.equal(
      xml,
      '<ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListTopicsResult><Topics><member><TopicArn>arn:a&lt;&amp;&gt;</TopicArn></member></Topics>' +
        '<NextToken>n</NextToken></ListTopicsResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></ListTopicsResponse>',
    );
  });

  it('writes maps as entry/key/value and operations without output as metadata only', () => {
    const xml = writer.response('GetTopicAttributes', 'GetTopicAttributesResult', 'GetTopicAttributesResponse', { Attributes: { A: '1\r\n2' } }, 'r');
    assert.match(xml, /<Attributes><entry><key>A<\/key><value>1&#xD;\n2<\/value><\/entry><\/Attributes>/);
    assert.equal(
      writer.response('DeleteTopic', undefined, undefined, {}, 'r'),
      '<DeleteTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteTopicResponse>',
    );
  });

  it('writes timestamps as ISO 8601 and doubles, booleans, nested lists (CloudWatch)', () => {
    const cw = new QueryXmlWriter(cloudwatchModel);
    const xml = cw.response(
      'DescribeAlarms',
      'DescribeAlarmsResult',
      'DescribeAlarmsOutput',
      { MetricAlarms: [{ AlarmName: 'a', ActionsEnabled: true, Threshold: 2.5, StateUpdatedTimestamp: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), Dimensions: [{ Name: 'd', Value: 'v' }] }] },
      'r',
    );
    assert.match(xml, /<MetricAlarms><member><AlarmName>a<\/AlarmName><ActionsEnabled>true<\/ActionsEnabled><StateUpdatedTimestamp>2024-01-02T03:04:05.000Z<\/StateUpdatedTimestamp>/);
    assert.match(xml, /<Dimensions><member><Name>d<\/Name><Value>v<\/Value><\/member><\/Dimensions><Threshold>2.5<\/Threshold>/);
  });
});

// A stand-in SNS facade: answers from the real model, records what it was given.
const seen: Array<{ action: string; input: Record<string, unknown> }> = [];
const op = (action: string, answer: (input: Record<string, unknown>) => unknown): AnyOperation =>
  ((input: Record<string, unknown>) => {
    seen.push({ action, input });
    return answer(input);
  }) as AnyOperation;

class TopicMissing extends Error {}

const fakeSns: ServiceDefinition = {
  model: snsModel,
  operations: {
    CreateTopic: op('CreateTopic', (i) => ({ TopicArn: `arn:aws:sns:eu-west-1:000000000000:${String(i.Name)}` })),
    GetTopicAttributes: op('GetTopicAttributes', () => ({ Attributes: { DisplayName: 'd & <x>', Policy: '{"a":1}' } })),
    ListSubscriptions: op('ListSubscriptions', () => ({
      Subscriptions: [{ SubscriptionArn: 'arn:s1', Protocol: 'http', Endpoint: 'http://x', TopicArn: 'arn:t', Owner: '000000000000' }],
      NextToken: 'next',
    })),
    Publish: op('Publish', (i) => {
      if (i.TopicArn === 'arn:missing') throw new TopicMissing('Topic does not exist');
      if (i.TopicArn === 'arn:bad') throw new AwsError('InvalidParameterException', 'Invalid parameter: TopicArn');
      return { MessageId: 'm-1' };
    }),
    ListTopics: op('ListTopics', () => ({ Topics: [] })),
    TagResource: op('TagResource', () => ({})),
  },
  mapError: (e) => (e instanceof TopicMissing ? new AwsError('NotFoundException', e.message) : undefined),
};

const fakeCloudWatch: ServiceDefinition = {
  model: cloudwatchModel,
  operations: {
    DescribeAlarms: op('DescribeAlarms', () => ({
      MetricAlarms: [{ AlarmName: 'high', StateValue: 'ALARM', Threshold: 10, StateUpdatedTimestamp: new Date(Date.UTC(2024, 0, 2)), AlarmActions: ['arn:aws:sns:eu-west-1:000000000000:t'] }],
    })),
    GetDashboard: op('GetDashboard', () => {
      throw new AwsError('DashboardNotFoundError', 'Dashboard x does not exist');
    }),
    TagResource: op('TagResource', () => ({})),
  },
  mapError: () => undefined,
};

describe('QueryProtocol on the edge, with real clients', () => {
  let server: EdgeServer;
  let sns: SNSClient;

  before(async () => {
    const route = new QueryProtocol({
      services: [fakeSns, fakeCloudWatch],
      region: 'eu-west-1',
      accountId: '000000000000',
      maxBodyBytes: 1024 * 1024,
      authenticator: { authenticate: () => ({ accessKeyId: undefined }) },
      logger: silentLogger,
    });
    server = await EdgeServer.start({ host: '127.0.0.1', port: 0, routes: [route], logger: silentLogger });
    sns = new SNSClient({ endpoint: server.url, region: 'eu-west-1', credentials: { accessKeyId: 'AKIDQUERYTEST', secretAccessKey: 's' }, maxAttempts: 1 });
  });
  after(async () => {
    sns.destroy();
    await server.close(0);
  });

  it('serves the SDK: input maps and lists in, results, maps and lists out', async () => {
    seen.length = 0;
    const created = await sns.send(new CreateTopicCommand({ Name: 'alarms', Attributes: { DisplayName: 'A' }, Tags: [{ Key: 'team', Value: 'x' }] }));
    assert.equal(created.TopicArn, 'arn:aws:sns:eu-west-1:000000000000:alarms');
    assert.deepEqual(seen[0]!.input, { Name: 'alarms', Attributes: { DisplayName: 'A' }, Tags: [{ Key: 'team', Value: 'x' }] });

    const attrs = await sns.send(new GetTopicAttributesCommand({ TopicArn: 'arn:t' }));
    assert.deepEqual(attrs.Attributes, { DisplayName: 'd & <x>', Policy: '{"a":1}' });

    const subs = await sns.send(new ListSubscriptionsCommand({}));
    assert.equal(subs.NextToken, 'next');
    assert.deepEqual(subs.Subscriptions, [{ SubscriptionArn: 'arn:s1', Protocol: 'http', Endpoint: 'http://x', TopicArn: 'arn:t', Owner: '000000000000' }]);

    const published = await sns.send(
      new PublishCommand({ TopicArn: 'arn:t', Message: 'x\r\ny', MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 255]) } } }),
    );
    assert.equal(published.MessageId, 'm-1');
    const input = seen.at(-1)!.input;
    assert.equal(input.Message, 'x\r\ny');
    assert.deepEqual((input.MessageAttributes as Record<string, { BinaryValue: Buffer }>).bin!.BinaryValue, Buffer.from([0, 255]));
  });

  it('maps errors to the shape code and status: NotFoundException → NotFound 404', async () => {
    const e = await sns.send(new PublishCommand({ TopicArn: 'arn:missing', Message: 'm' })).catch((x: unknown) => x);
    assert.ok(e instanceof NotFoundException, String(e));
    assert.equal(e.$metadata.httpStatusCode, 404);
    assert.equal(e.message, 'Topic does not exist');
    const bad = await sns.send(new PublishCommand({ TopicArn: 'arn:bad', Message: 'm' })).catch((x: unknown) => x);
    assert.ok(bad instanceof SNSServiceException);
    assert.equal(bad.name, 'InvalidParameterException');
    assert.equal(bad.$metadata.httpStatusCode, 400);
  });

  it('answers raw requests: XML errors with Type/Code/Message/RequestId, unknown actions, validation', async () => {
    const post = (body: string) => fetch(`${server.url}/`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    let r = await post('Action=Nope&Version=2010-03-31');
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('content-type'), 'text/xml');
    const text = await r.text();
    assert.match(text, /^<ErrorResponse><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>Could not find operation Nope for version 2010-03-31<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
    r = await post('Action=Publish&Version=2010-03-31&TopicArn=arn%3At');
    assert.equal(r.status, 400);
    assert.match(await r.text(), /<Code>ValidationError<\/Code><Message>1 validation error detected: Value null at &apos;message&apos;/);
    r = await post('Version=2010-03-31');
    assert.match(await r.text(), /<Code>MissingAction<\/Code>/);
  });

  it('serves unsigned GET query strings and picks the service by Version when actions collide', async () => {
    seen.length = 0;
    const r = await fetch(`${server.url}/?Action=ListTopics&Version=2010-03-31`);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /^<ListTopicsResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"><ListTopicsResult><Topics><\/Topics><\/ListTopicsResult>/);
    const tag = await fetch(`${server.url}/`, {
      method: 'POST',
      body: 'Action=TagResource&Version=2010-08-01&ResourceARN=arn%3Ax&Tags.member.1.Key=k&Tags.member.1.Value=v',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.match(await tag.text(), /^<TagResourceResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/">/);
  });

  it('leaves other requests to other routes (JSON targets, S3 paths, GET without a known Action)', async () => {
    for (const [path, init] of [
      ['/', { method: 'POST', body: '{}', headers: { 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-json-1.1' } }],
      ['/bucket/key', { method: 'POST', body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
      ['/bucket?Action=Nope', { method: 'GET' }],
      ['/', { method: 'PUT', body: 'Action=ListTopics' }],
    ] as const) {
      const r = await fetch(`${server.url}${path}`, init);
      assert.equal(r.status, 404, `${init.method} ${path}`);
      await r.arrayBuffer();
    }
  });

  it('answers the AWS CLI v2 for CloudWatch over query: lists, timestamps, awsQueryCompatible error codes', { skip: !existsSync('/usr/bin/aws') }, async () => {
    const cli = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
          '/usr/bin/aws',
          ['--endpoint-url', server.url, '--region', 'eu-west-1', '--output', 'json', ...args],
          { env: { PATH: process.env.PATH ?? '', HOME: '/tmp', AWS_ACCESS_KEY_ID: 'AKIDQUERYTEST', AWS_SECRET_ACCESS_KEY: 's', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_MAX_ATTEMPTS: '1', AWS_PAGER: '' } },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        ),
      );
    const ok = await cli(['cloudwatch', 'describe-alarms']);
    assert.equal(ok.code, 0, ok.stderr);
    const alarms = JSON.parse(ok.stdout) as { MetricAlarms: Array<Record<string, unknown>> };
    assert.equal(alarms.MetricAlarms[0]!.AlarmName, 'high');
    assert.equal(alarms.MetricAlarms[0]!.Threshold, 10);
    assert.deepEqual(alarms.MetricAlarms[0]!.AlarmActions, ['arn:aws:sns:eu-west-1:000000000000:t']);
    assert.match(String(alarms.MetricAlarms[0]!.StateUpdatedTimestamp), /^2024-01-02T00:00:00(\.000)?(Z|\+00:00)$/);
    const missing = await cli(['cloudwatch', 'get-dashboard', '--dashboard-name', 'x']);
    assert.equal(missing.code, 254);
    assert.match(missing.stderr, /\(ResourceNotFound\) when calling the GetDashboard operation.*: Dashboard x does not exist/);
  });
});
