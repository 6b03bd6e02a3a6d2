/** A token bucket holding at most one second of a rate; used for per-shard throughput limits. */
export class TokenBucket {
  private tokens: number;
  private updatedMs: number;

  constructor(
    private readonly ratePerSecond: number,
    nowMs: number,
  ) {
    this.tokens = ratePerSecond;
    this.updatedMs = nowMs;
  }

  /** Takes `amount` tokens if they are there; false (and nothing taken) otherwise. */
  tryTake(amount: number, nowMs: number): boolean {
    this.refill(nowMs);
    if (amount > this.tokens) return false;
    this.tokens -= amount;
    return true;
  }

  /** Returns tokens taken by a call that was then not carried out. */
  giveBack(amount: number): void {
    this.tokens = Math.min(this.ratePerSecond, this.tokens + amount);
  }

  private refill(nowMs: number): void {
    const elapsed = nowMs - this.updatedMs;
    if (elapsed > 0) {
      this.tokens = Math.min(this.ratePerSecond, this.tokens + (elapsed / 1000) * this.ratePerSecond);
      this.updatedMs = nowMs;
    }
  }
}
