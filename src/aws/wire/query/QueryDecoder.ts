import { AwsError } from '../AwsError.js';
import type { MemberRef, ServiceModel, Shape } from '../model.js';
import { lowerFirst } from '../ShapeReader.js';
import type { QueryParams } from './QueryParams.js';

type Decode = (node: QueryParams, path: string) => unknown;

/**
 * Turns an awsQuery parameter tree into the JSON-like document ShapeReader validates: the
 * serialisation botocore and the SDKs use, read backwards.
 *
 * - structure members by `locationName` or member name: `Attributes`, `Tags`
 * - lists: `Name.member.N` (or `Name.<member locationName>.N`); flattened: `Name.N`;
 *   an empty list is sent as `Name=`
 * - maps: `Name.entry.N.key` / `.value` (or the key/value `locationName`s, e.g. SNS's
 *   `MessageAttributes.entry.N.Name` / `.Value.DataType`); flattened: `Name.N.key`
 * - numbers and booleans from their text; blobs stay base64 and timestamps stay text
 *   (ISO 8601 or epoch seconds), both checked by ShapeReader.
 *
 * Structures come out keyed by their wire names, as ShapeReader expects.
 */
export class QueryDecoder {
  private readonly decoders = new Map<string, Decode>();

  constructor(private readonly model: ServiceModel) {}

  decode(shapeName: string | undefined, params: QueryParams): Record<string, unknown> {
    if (shapeName === undefined) return {};
    return (this.decoder(shapeName)(params, '') ?? {}) as Record<string, unknown>;
  }

  private decoder(shapeName: string): Decode {
    let d = this.decoders.get(shapeName);
    if (d) return d;
    let compiled: Decode | undefined;
    this.decoders.set(shapeName, (n, p) => compiled!(n, p)); // recursive shapes
    compiled = this.compile(this.shape(shapeName));
    this.decoders.set(shapeName, compiled);
    return compiled;
  }

  private shape(name: string): Shape {
    const s = this.model.shapes[name];
    if (!s) throw new Error(`shape ${name} missing from the ${this.model.metadata.serviceId} model`);
    return s;
  }

  private lazy(ref: MemberRef): Decode {
    let d: Decode | undefined;
    return (n, p) => (d ??= this.decoder(ref.shape))(n, p);
  }

  private compile(shape: Shape): Decode {
    switch (shape.type) {
      case 'structure':
        return this.compileStructure(shape);
      case 'list':
        return this.compileList(shape);
      case 'map':
        return this.compileMap(shape);
      case 'integer':
      case 'long':
        return scalar((text, path) => {
          if (!/^[+-]?\d+$/.test(text.trim())) throw notA(text, path, 'an integer');
          return Number(text);
        });
      case 'float':
      case 'double':
      case 'bigdecimal':
      case 'biginteger':
        return scalar((text, path) => {
          const t = text.trim();
          if (t === 'NaN' || t === 'Infinity' || t === '-Infinity') return Number(t);
          const n = Number(t);
          if (t === '' || !Number.isFinite(n)) throw notA(text, path, 'a number');
          return n;
        });
      case 'boolean':
        return scalar((text, path) => {
          const t = text.trim().toLowerCase();
          if (t === 'true') return true;
          if (t === 'false') return false;
          throw notA(text, path, 'a boolean (true or false)');
        });
      case 'string':
      case 'blob':
      case 'timestamp':
        return scalar((text) => text);
    }
  }

  private compileStructure(shape: Shape): Decode {
    const members = Object.entries(shape.members ?? {})
      .filter(([, ref]) => ref.location === undefined)
      .map(([name, ref]) => {
        const target = this.model.shapes[ref.shape];
        // A flattened list whose member is named sends its items under that name.
        const flatName =
          target?.type === 'list' && (target.flattened || ref.flattened) ? target.member?.locationName : undefined;
        return {
          wireName: ref.locationName ?? name,
          paramName: flatName ?? ref.locationName ?? name,
          pathName: lowerFirst(name),
          decode: this.lazy(ref),
        };
      });
    return (node, path) => {
      const out: Record<string, unknown> = {};
      for (const m of members) {
        const child = node.child(m.paramName);
        if (!child) continue;
        const v = m.decode(child, path ? `${path}.${m.pathName}` : m.pathName);
        if (v !== undefined) out[m.wireName] = v;
      }
      return out;
    };
  }

  private compileList(shape: Shape): Decode {
    const member = shape.member!;
    const item = this.lazy(member);
    const flattened = shape.flattened === true || member.flattened === true;
    const itemsName = member.locationName ?? 'member';
    return (node, path) => {
      const container = flattened ? node : node.child(itemsName);
      if (!container) return node.value !== undefined ? [] : undefined;
      return container.indexed().map((n, i) => item(n, `${path}.${i + 1}.member`));
    };
  }

  private compileMap(shape: Shape): Decode {
    const keyName = shape.key?.locationName ?? 'key';
    const valueName = shape.value?.locationName ?? 'value';
    const value = this.lazy(shape.value!);
    const flattened = shape.flattened === true;
    return (node, path) => {
      const container = flattened ? node : node.child('entry');
      if (!container) return node.value !== undefined ? {} : undefined;
      const out: Record<string, unknown> = {};
      for (const entry of container.indexed()) {
        const key = entry.child(keyName)?.value;
        if (key === undefined) continue;
        const v = entry.child(valueName);
        out[key] = v ? value(v, `${path}.${key}`) : null;
      }
      return out;
    };
  }
}

function scalar(convert: (text: string, path: string) => unknown): Decode {
  return (node, path) => (node.value === undefined ? undefined : convert(node.value, path));
}

/** A value that cannot be read as its type at all: coral's query services call that a validation error. */
function notA(text: string, path: string, what: string): AwsError {
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value '${text}' at '${path}' failed to satisfy constraint: Member must be ${what}`,
    400,
  );
}
