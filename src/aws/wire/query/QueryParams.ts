/**
 * The flat `Name.member.1.Key=value` parameters of an awsQuery request as a tree, split on
 * dots: `Tags.member.1.Key` becomes Tags → member → 1 → Key. The shape-driven decoder walks
 * this tree instead of matching key prefixes over and over.
 */
export class QueryParams {
  value: string | undefined;
  children: Map<string, QueryParams> | undefined;

  /** Parses an `application/x-www-form-urlencoded` body or a URL query string. */
  static parse(text: string): QueryParams {
    const root = new QueryParams();
    for (const [name, value] of new URLSearchParams(text)) root.set(name, value);
    return root;
  }

  static fromEntries(entries: Iterable<readonly [string, string]>): QueryParams {
    const root = new QueryParams();
    for (const [name, value] of entries) root.set(name, value);
    return root;
  }

  child(name: string): QueryParams | undefined {
    return this.children?.get(name);
  }

  /** Children named by 1-based indexes (`member.1`, `member.2` …), in index order. */
  indexed(): QueryParams[] {
    if (!this.children) return [];
    const items: Array<[number, QueryParams]> = [];
    for (const [k, v] of this.children) {
      if (/^[1-9]\d*$/.test(k)) items.push([Number(k), v]);
    }
    return items.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  /** A top-level parameter's value (`Action`, `Version`). */
  get(name: string): string | undefined {
    return this.children?.get(name)?.value;
  }

  private set(name: string, value: string): void {
    let node: QueryParams = this;
    for (const part of name.split('.')) {
      node.children ??= new Map();
      let next = node.children.get(part);
      if (!next) {
        next = new QueryParams();
        node.children.set(part, next);
      }
      node = next;
    }
    node.value = value;
  }
}
