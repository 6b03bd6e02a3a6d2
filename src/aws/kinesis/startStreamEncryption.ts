import type { StartStreamEncryptionInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { encryptionKeyOf, resolveStreamName, type KinesisDeps } from './common.js';

export const startStreamEncryption = ({ streams }: KinesisDeps): Operation<StartStreamEncryptionInput, Record<string, never>> =>
  async (input, ctx) => {
    const keyId = encryptionKeyOf(input);
    await streams.setEncryption(resolveStreamName(input, ctx), { type: 'KMS', keyId });
    return {};
  };
