/**
 * Maps offsets in rewritten SQL back to the SQL the user wrote, so that an error DuckDB
 * reports in the rewritten text points at the user's text. Text copied from the source
 * maps character by character; inserted text maps to the place it replaced.
 */
interface Segment {
  readonly outStart: number;
  readonly sourceStart: number;
  readonly copied: boolean;
}

export class SourceMap {
  private readonly segments: Segment[] = [];

  static identity(): SourceMap {
    const map = new SourceMap();
    map.segments.push({ outStart: 0, sourceStart: 0, copied: true });
    return map;
  }

  add(outStart: number, sourceStart: number, copied: boolean): void {
    this.segments.push({ outStart, sourceStart, copied });
  }

  toSource(outOffset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found: Segment | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.segments[mid]!;
      if (s.outStart <= outOffset) {
        found = s;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (!found) return 0;
    return found.copied ? found.sourceStart + (outOffset - found.outStart) : found.sourceStart;
  }

  /** This map followed by `inner` (which maps this map's source to an earlier source). */
  then(inner: SourceMap): SourceMap {
    return new ComposedSourceMap(this, inner);
  }
}

class ComposedSourceMap extends SourceMap {
  constructor(
    private readonly outer: SourceMap,
    private readonly inner: SourceMap,
  ) {
    super();
  }

  override toSource(outOffset: number): number {
    return this.inner.toSource(this.outer.toSource(outOffset));
  }
}

/** Builds rewritten text while recording where each piece came from. */
export class SqlBuilder {
  private text = '';
  readonly map = new SourceMap();

  /** Appends text copied from the source at `sourceStart`. */
  copy(text: string, sourceStart: number): void {
    this.map.add(this.text.length, sourceStart, true);
    this.text += text;
  }

  /** Appends new text standing for the source at `sourceStart`. */
  insert(text: string, sourceStart: number): void {
    this.map.add(this.text.length, sourceStart, false);
    this.text += text;
  }

  toString(): string {
    return this.text;
  }
}
