import type { Unit } from './records.js';

/**
 * The transform function's own buffering (processor parameters BufferSizeInMBs and
 * BufferIntervalInSeconds): units wait until enough bytes are waiting, or the oldest has
 * waited long enough, and never more than one invocation payload can carry.
 */
export class LambdaBatcher {
  private units: Unit[] = [];
  private bytes = 0;
  private payload = 0;
  private since = 0;

  constructor(
    private readonly bufferBytes: number,
    private readonly intervalMs: number,
    private readonly maxPayload: number,
    private readonly payloadOf: (bytes: number) => number,
  ) {}

  get size(): number {
    return this.units.length;
  }

  /** Adds a unit; returns the batches that became full (in order). */
  add(unit: Unit, nowMs: number): Unit[][] {
    const out: Unit[][] = [];
    let unitBytes = 0;
    let unitPayload = 0;
    for (const s of unit.subRecords) {
      unitBytes += s.length;
      unitPayload += this.payloadOf(s.length);
    }
    if (this.units.length > 0 && this.payload + unitPayload > this.maxPayload) out.push(this.cut());
    if (this.units.length === 0) this.since = nowMs;
    this.units.push(unit);
    this.bytes += unitBytes;
    this.payload += unitPayload;
    if (this.bytes >= this.bufferBytes || this.payload >= this.maxPayload) out.push(this.cut());
    return out;
  }

  /** When the waiting units are due by time (undefined when none wait). */
  deadline(): number | undefined {
    return this.units.length === 0 ? undefined : this.since + this.intervalMs;
  }

  /** Arrival time of the oldest waiting record (for freshness). */
  oldestArrivalMs(): number | undefined {
    let oldest: number | undefined;
    for (const u of this.units) if (oldest === undefined || u.source.arrivalMs < oldest) oldest = u.source.arrivalMs;
    return oldest;
  }

  cut(): Unit[] {
    const units = this.units;
    this.units = [];
    this.bytes = 0;
    this.payload = 0;
    return units;
  }
}
