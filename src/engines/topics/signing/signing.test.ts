import assert from 'node:assert/strict';
import { createVerify, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MessageSigner, stringToSign } from './MessageSigner.js';
import { SigningKeys } from './SigningKeys.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('signing keys and the self-signed certificate', () => {
  it('makes a certificate Node accepts, that belongs to the key and signs itself; keeps both across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lakehose-signing-'));
    dirs.push(dir);
    const keys = await SigningKeys.loadOrCreate(dir, 'sns.eu-west-1.lakehose.local');
    const cert = new X509Certificate(keys.certificatePem);
    assert.equal(cert.subject, 'O=Lakehose\nCN=sns.eu-west-1.lakehose.local');
    assert.equal(cert.issuer, cert.subject);
    assert.ok(cert.verify(cert.publicKey), 'self-signed');
    assert.ok(cert.checkPrivateKey(keys.privateKey));
    assert.equal(cert.ca, false);
    assert.ok(new Date(cert.validTo).getTime() > Date.now() + 9 * 365 * 86400_000);
    assert.equal((await stat(join(dir, 'signing-key.pem'))).mode & 0o777, 0o600);
    const again = await SigningKeys.loadOrCreate(dir, 'ignored');
    assert.equal(again.certificatePem, keys.certificatePem);
    assert.equal(again.certificateId, keys.certificateId);
  });

  it('signs the documented string with SHA1withRSA (v1) and SHA256withRSA (v2), verifiable with the certificate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lakehose-signing-'));
    dirs.push(dir);
    const keys = await SigningKeys.loadOrCreate(dir, 'x');
    const fields = { Type: 'Notification', MessageId: 'id-1', TopicArn: 'arn:aws:sns:eu-west-1:000000000000:t', Message: 'hi\nthere', Timestamp: '2024-01-01T00:00:00.000Z', Subject: 's' };
    assert.equal(
      stringToSign(fields),
      'Message\nhi\nthere\nMessageId\nid-1\nSubject\ns\nTimestamp\n2024-01-01T00:00:00.000Z\nTopicArn\narn:aws:sns:eu-west-1:000000000000:t\nType\nNotification\n',
    );
    const cert = new X509Certificate(keys.certificatePem);
    const signer = new MessageSigner(keys.privateKey);
    for (const [version, algorithm] of [['1', 'RSA-SHA1'], ['2', 'RSA-SHA256']] as const) {
      const signature = await signer.sign(fields, version);
      assert.ok(createVerify(algorithm).update(stringToSign(fields)).verify(cert.publicKey, signature, 'base64'), `v${version}`);
      assert.ok(!createVerify(algorithm).update(stringToSign({ ...fields, Message: 'hi' })).verify(cert.publicKey, signature, 'base64'));
    }
    const confirmation = { Type: 'SubscriptionConfirmation', MessageId: 'm', TopicArn: 't', Message: 'm', Timestamp: 'ts', Token: 'tok', SubscribeURL: 'http://x/confirm' };
    assert.equal(stringToSign(confirmation), 'Message\nm\nMessageId\nm\nSubscribeURL\nhttp://x/confirm\nTimestamp\nts\nToken\ntok\nTopicArn\nt\nType\nSubscriptionConfirmation\n');
  });
});
