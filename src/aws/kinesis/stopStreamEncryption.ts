import type { StopStreamEncryptionInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { encryptionKeyOf, resolveStreamName, type KinesisDeps } from './common.js';

export const stopStreamEncryption = ({ streams }: KinesisDeps): Operation<StopStreamEncryptionInput, Record<string, never>> =>
  async (input, ctx) => {
    encryptionKeyOf(input);
    await streams.setEncryption(resolveStreamName(input, ctx), { type: 'NONE' });
    return {};
  };
