import type { ServiceModel, Shape } from './model.js';
import type { WireFlavor } from './ShapeReader.js';

type Writer = (value: unknown) => unknown;

/**
 * Prepares an operation's output for its wire format. JSON carries blobs as base64 and
 * timestamps as epoch seconds; CBOR carries both natively, so for CBOR (and for shapes with
 * neither inside) the output passes through untouched.
 */
export class ShapeWriter {
  private readonly writers = new Map<string, Writer | null>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly model: ServiceModel,
    private readonly flavor: WireFlavor,
  ) {}

  writeOutput(shapeName: string | undefined, output: unknown): unknown {
    if (shapeName === undefined || output === undefined || output === null) return {};
    if (this.flavor === 'cbor') return output;
    const w = this.writer(shapeName);
    return w ? w(output) : output;
  }

  private writer(name: string): Writer | null {
    if (this.writers.has(name)) return this.writers.get(name)!;
    if (this.inProgress.has(name)) {
      // Recursive shape: resolve at call time.
      return (v) => {
        const w = this.writers.get(name);
        return w ? w(v) : v;
      };
    }
    this.inProgress.add(name);
    const w = this.compile(this.model.shapes[name]!);
    this.inProgress.delete(name);
    this.writers.set(name, w);
    return w;
  }

  private compile(shape: Shape): Writer | null {
    switch (shape.type) {
      case 'blob':
        return (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : v);
      case 'timestamp':
        return (v) => (v instanceof Date ? v.getTime() / 1000 : v);
      case 'structure': {
        const members = Object.entries(shape.members ?? {})
          .map(([name, ref]) => ({ name, w: this.writer(ref.shape) }))
          .filter((m): m is { name: string; w: Writer } => m.w !== null);
        if (members.length === 0) return null;
        return (v) => {
          if (v === null || typeof v !== 'object') return v;
          const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
          for (const m of members) {
            const x = out[m.name];
            if (x !== undefined && x !== null) out[m.name] = m.w(x);
          }
          return out;
        };
      }
      case 'list': {
        const item = this.writer(shape.member!.shape);
        if (!item) return null;
        return (v) => (Array.isArray(v) ? v.map((x) => (x === null || x === undefined ? x : item(x))) : v);
      }
      case 'map': {
        const val = this.writer(shape.value!.shape);
        if (!val) return null;
        return (v) => {
          if (v === null || typeof v !== 'object') return v;
          const out: Record<string, unknown> = {};
          for (const [k, x] of Object.entries(v)) out[k] = x === null || x === undefined ? x : val(x);
          return out;
        };
      }
      default:
        return null;
    }
  }
}
