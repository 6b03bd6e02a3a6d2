/**
 * Collects NDJSON lines into text. Lines are joined into flat chunks every thousand lines:
 * holding a whole batch of freshly concatenated lines keeps their many string pieces alive
 * and costs more in garbage collection than the normalising itself.
 */
export class NdjsonCollector {
  rows = 0;
  /** Total length of the lines, newlines included. */
  chars = 0;
  private chunks: string[] = [];
  private pending: string[] = [];

  add(line: string): void {
    this.pending.push(line);
    this.rows++;
    this.chars += line.length + 1;
    if (this.pending.length >= 1000) {
      this.chunks.push(this.pending.join('\n'));
      this.pending = [];
    }
  }

  /** All lines, each ending in a newline. */
  text(): string {
    if (this.pending.length > 0) {
      this.chunks.push(this.pending.join('\n'));
      this.pending = [];
    }
    return this.chunks.length === 0 ? '' : `${this.chunks.join('\n')}\n`;
  }
}
