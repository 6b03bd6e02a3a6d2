import { TopicsError } from '../../engines/topics/TopicsError.js';
import { AwsError } from '../wire/AwsError.js';

/** The tagging operations call a missing topic ResourceNotFound, not NotFound. */
export async function resourceNotFound<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof TopicsError && e.kind === 'NotFound') throw new AwsError('ResourceNotFoundException', e.message);
    throw e;
  }
}
