import { athenaModel } from '../models/athena.js';
import type { Shape, ServiceModel } from '../wire/model.js';
import { AwsError } from '../wire/AwsError.js';
import { ShapeReader } from '../wire/ShapeReader.js';

/**
 * Athena answers a request that breaks the model's constraints (a MaxResults of 5000, a
 * 10-character ClientRequestToken) with InvalidRequestException, not the generic
 * ValidationException: its SDK clients only know the former. So the wire layer gets the
 * model without constraints (it still rejects wrong types), and each operation checks the
 * constraints here and turns the generic error into Athena's, with the same sentence.
 */
export const relaxedAthenaModel: ServiceModel = {
  ...athenaModel,
  shapes: Object.fromEntries(
    Object.entries(athenaModel.shapes).map(([name, shape]) => {
      const { min: _min, max: _max, pattern: _pattern, enum: _enum, required: _required, ...rest } = shape;
      return [name, rest as Shape];
    }),
  ),
};

const strict = new ShapeReader(athenaModel, 'json');

export function checkConstraints(operation: string, input: unknown): void {
  const shape = athenaModel.operations[operation]?.input?.shape;
  if (shape === undefined) return;
  try {
    strict.readInput(shape, input ?? {});
  } catch (e) {
    if (e instanceof AwsError && e.code === 'ValidationException') throw new AwsError('InvalidRequestException', e.message, 400, { AthenaErrorCode: 'INVALID_INPUT' });
    throw e;
  }
}
