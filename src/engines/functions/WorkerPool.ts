/**
 * The execution environments of one function: reuses warm workers (most recently used
 * first, so the others can go cold), starts new ones up to the concurrency limit, queues
 * the excess up to a bound and throttles beyond it. Writes Lambda's START/END/REPORT lines.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { FunctionWorker, type WorkerFailure, type WorkerLog, type WorkerOutcome } from './FunctionWorker.js';
import { FunctionsError } from './FunctionsError.js';
import { billedDuration, endLine, logStreamName, reportLine, startLine, timeoutLine } from './lambdaLog.js';
import { MAX_RESPONSE_BYTES } from './limits.js';
import { buildWorkerEnvironment } from './workerEnvironment.js';
import type { FunctionConfiguration, FunctionLogEntry, FunctionStats, InvocationReport, InvokeResult } from './types.js';

/** Engine-wide settings every worker needs. */
export interface WorkerSettings {
  readonly nodePath: string;
  readonly launcher?: readonly string[];
  readonly region: string;
  readonly endpointUrl?: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  readonly cacheDir?: string;
  readonly initTimeoutMs: number;
  readonly maxQueued: number;
  readonly emit: (entry: FunctionLogEntry) => void;
  readonly report: (report: InvocationReport) => void;
}

export interface PoolInvocation {
  readonly requestId: string;
  readonly eventJson: string;
  readonly deadlineMs?: number;
}

interface Waiter {
  readonly grant: () => void;
  readonly refuse: (err: Error) => void;
}

export class WorkerPool {
  private readonly workers = new Set<FunctionWorker>();
  /** Warm workers, most recently used last. */
  private readonly idle: FunctionWorker[] = [];
  private readonly queue: Waiter[] = [];
  /** Invocations holding a concurrency slot (starting a worker or running). */
  private active = 0;
  private coldStarts = 0;
  private invocations = 0;
  private retiring = false;
  private closed = false;

  constructor(
    readonly config: FunctionConfiguration,
    private readonly settings: WorkerSettings,
  ) {}

  async invoke(inv: PoolInvocation): Promise<InvokeResult> {
    if (this.closed) throw new FunctionsError('EngineClosed', 'the functions engine is closed');
    this.invocations++;
    if (this.active < this.config.concurrency) {
      this.active++;
    } else {
      if (this.queue.length >= this.settings.maxQueued) {
        return this.throttled(inv, `Rate exceeded: ${this.config.concurrency} concurrent invocations and ${this.queue.length} waiting`);
      }
      if (!(await this.waitForSlot(inv))) {
        return this.throttled(inv, 'Rate exceeded: the deadline passed while waiting for a free execution environment');
      }
    }
    try {
      return await this.run(inv);
    } finally {
      this.active--;
      this.pump();
    }
  }

  stats(): FunctionStats {
    let busy = 0;
    for (const w of this.workers) if (w.currentState === 'busy') busy++;
    return { workers: this.workers.size, busy, idle: this.idle.length, queued: this.queue.length, coldStarts: this.coldStarts, invocations: this.invocations };
  }

  /** Nothing running, waiting or alive: a retired pool can be forgotten. */
  isDrained(): boolean {
    return this.active === 0 && this.queue.length === 0 && this.workers.size === 0;
  }

  /** Memory watchdog tick: see FunctionWorker.checkMemory. */
  checkMemory(): void {
    for (const w of this.workers) w.checkMemory();
  }

  /** Stops warm workers unused for longer than `idleTimeoutMs`. */
  reapIdle(nowMs: number, idleTimeoutMs: number): void {
    for (const w of [...this.idle]) if (nowMs - w.lastUsedMs > idleTimeoutMs) w.stop();
  }

  /** The function was removed or replaced: invocations already accepted finish, then every worker stops. */
  retire(): void {
    this.retiring = true;
    for (const w of [...this.idle]) w.stop();
  }

  /** Stops every worker now; invocations waiting or running fail with EngineClosed. Resolves once all processes ended. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.queue.splice(0)) waiter.refuse(new FunctionsError('EngineClosed', 'the functions engine is closed'));
    const exits = [...this.workers].map((w) => w.exited);
    for (const w of [...this.workers]) w.stop();
    await Promise.all(exits);
  }

  private waitForSlot(inv: PoolInvocation): Promise<boolean> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        grant: () => {
          if (timer !== undefined) clearTimeout(timer);
          resolve(true);
        },
        refuse: (err) => {
          if (timer !== undefined) clearTimeout(timer);
          reject(err);
        },
      };
      if (inv.deadlineMs !== undefined) {
        timer = setTimeout(() => {
          const at = this.queue.indexOf(waiter);
          if (at >= 0) this.queue.splice(at, 1);
          resolve(false);
        }, Math.max(0, inv.deadlineMs - Date.now()));
      }
      this.queue.push(waiter);
    });
  }

  /** Hands free concurrency slots to waiting invocations, oldest first. */
  private pump(): void {
    while (this.active < this.config.concurrency && this.queue.length > 0) {
      const next = this.queue.shift();
      if (next === undefined) return;
      this.active++;
      next.grant();
    }
  }

  private async run(inv: PoolInvocation): Promise<InvokeResult> {
    let worker = this.idle.pop();
    let initDurationMs: number | undefined;
    if (worker === undefined) {
      worker = this.spawn(inv.requestId);
      const init = await worker.ready;
      initDurationMs = init.initDurationMs;
      if (this.closed) throw new FunctionsError('EngineClosed', 'the functions engine is closed');
      if (!init.ok) return this.initFailed(inv, worker, init, init.initDurationMs);
    }

    const timeoutMs = Math.min(this.config.timeoutSeconds * 1000, inv.deadlineMs === undefined ? Infinity : inv.deadlineMs - Date.now());
    this.log(worker, inv.requestId, startLine(inv.requestId, this.config.version));
    let outcome: WorkerOutcome;
    const started = performance.now();
    if (timeoutMs <= 0) {
      outcome = { ok: false, errorType: 'Timeout', errorName: 'TimeoutError', errorMessage: 'Task timed out: the deadline had passed before the function started', maxMemoryUsedMB: 0 };
      this.release(worker);
    } else {
      outcome = await worker.invoke(inv.requestId, inv.eventJson, timeoutMs);
      if (this.closed) throw new FunctionsError('EngineClosed', 'the functions engine is closed');
      this.release(worker);
    }
    const durationMs = performance.now() - started;
    const billedDurationMs = billedDuration(durationMs);
    if (!outcome.ok && outcome.errorType === 'Timeout') {
      this.log(worker, inv.requestId, timeoutLine(Date.now(), inv.requestId, Math.max(0, timeoutMs) / 1000));
    }
    this.log(worker, inv.requestId, endLine(inv.requestId));
    const abnormal = !outcome.ok && (outcome.errorType === 'Timeout' || worker.currentState === 'dead');
    this.log(
      worker,
      inv.requestId,
      reportLine(inv.requestId, {
        durationMs,
        billedDurationMs,
        memorySizeMB: this.config.memoryMB,
        maxMemoryUsedMB: outcome.maxMemoryUsedMB,
        ...(initDurationMs === undefined ? {} : { initDurationMs }),
        ...(abnormal && !outcome.ok ? { status: outcome.errorType === 'Timeout' ? 'timeout' : 'error', errorType: outcome.errorType } : {}),
      }),
    );
    const common = {
      requestId: inv.requestId,
      durationMs,
      billedDurationMs,
      maxMemoryUsedMB: outcome.maxMemoryUsedMB,
      ...(initDurationMs === undefined ? {} : { initDurationMs }),
    };
    const result: InvokeResult = outcome.ok
      ? { ok: true, ...common, resultJson: outcome.resultJson, result: JSON.parse(outcome.resultJson) as unknown }
      : { ok: false, ...common, ...failureFields(outcome) };
    this.reportResult(result);
    return result;
  }

  private initFailed(inv: PoolInvocation, worker: FunctionWorker, failure: WorkerFailure, initDurationMs: number): InvokeResult {
    const billedDurationMs = billedDuration(initDurationMs);
    this.log(worker, inv.requestId, startLine(inv.requestId, this.config.version));
    this.log(worker, inv.requestId, endLine(inv.requestId));
    this.log(
      worker,
      inv.requestId,
      reportLine(inv.requestId, {
        durationMs: initDurationMs,
        billedDurationMs,
        memorySizeMB: this.config.memoryMB,
        maxMemoryUsedMB: 0,
        initDurationMs,
        status: failure.errorType === 'Timeout' ? 'timeout' : 'error',
        errorType: failure.errorType,
      }),
    );
    const result: InvokeResult = { ok: false, requestId: inv.requestId, durationMs: initDurationMs, billedDurationMs, initDurationMs, ...failureFields(failure) };
    this.reportResult(result);
    return result;
  }

  private throttled(inv: PoolInvocation, errorMessage: string): InvokeResult {
    const result: InvokeResult = { ok: false, requestId: inv.requestId, errorType: 'Throttled', errorMessage, durationMs: 0, billedDurationMs: 0 };
    this.reportResult(result);
    return result;
  }

  private release(worker: FunctionWorker): void {
    if (worker.currentState !== 'idle') return;
    if (this.retiring) worker.stop();
    else this.idle.push(worker);
  }

  private spawn(firstRequestId: string): FunctionWorker {
    const { config, settings } = this;
    const stream = logStreamName(Date.now(), config.version, randomBytes(16).toString('hex'));
    this.coldStarts++;
    const worker = FunctionWorker.spawn({
      nodePath: settings.nodePath,
      ...(settings.launcher === undefined ? {} : { launcher: settings.launcher }),
      cwd: config.codeDir,
      memoryMB: config.memoryMB,
      env: buildWorkerEnvironment({
        config,
        region: settings.region,
        logStreamName: stream,
        credentials: settings.credentials,
        ...(settings.endpointUrl === undefined ? {} : { endpointUrl: settings.endpointUrl }),
        ...(process.env.PATH === undefined ? {} : { path: process.env.PATH }),
      }),
      logStreamName: stream,
      initTimeoutMs: settings.initTimeoutMs,
      firstRequestId,
      init: {
        functionName: config.name,
        functionVersion: config.version,
        invokedFunctionArn: config.arn,
        memoryLimitInMB: config.memoryMB,
        logGroupName: config.logGroupName,
        codeDir: config.codeDir,
        handler: config.handler,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        ...(settings.cacheDir === undefined ? {} : { cacheDir: settings.cacheDir }),
      },
      onLog: (w, log) => this.forwardLog(w, log),
      onDead: (w) => this.forget(w),
    });
    this.workers.add(worker);
    return worker;
  }

  private forget(worker: FunctionWorker): void {
    this.workers.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
  }

  private forwardLog(worker: FunctionWorker, log: WorkerLog): void {
    this.emit({
      functionName: this.config.name,
      requestId: log.requestId ?? '',
      timestampMs: log.timestampMs,
      message: log.message,
      ...(log.level === undefined ? {} : { level: log.level }),
      logGroupName: this.config.logGroupName,
      logStreamName: worker.logStreamName,
    });
  }

  private log(worker: FunctionWorker, requestId: string, message: string): void {
    this.emit({ functionName: this.config.name, requestId, timestampMs: Date.now(), message, logGroupName: this.config.logGroupName, logStreamName: worker.logStreamName });
  }

  private emit(entry: FunctionLogEntry): void {
    try {
      this.settings.emit(entry);
    } catch {
      // A failing log sink must not fail invocations.
    }
  }

  private reportResult(result: InvokeResult): void {
    try {
      this.settings.report({
        functionName: this.config.name,
        requestId: result.requestId,
        ok: result.ok,
        ...(result.ok ? {} : { errorType: result.errorType }),
        durationMs: result.durationMs,
        billedDurationMs: result.billedDurationMs,
        ...(result.initDurationMs === undefined ? {} : { initDurationMs: result.initDurationMs }),
        ...(result.maxMemoryUsedMB === undefined ? {} : { maxMemoryUsedMB: result.maxMemoryUsedMB }),
        timestampMs: Date.now(),
      });
    } catch {
      // Metrics must not fail invocations.
    }
  }
}

function failureFields(f: WorkerFailure) {
  return {
    errorType: f.errorType,
    errorName: f.errorName,
    errorMessage: f.errorMessage,
    ...(f.stack === undefined ? {} : { stack: f.stack }),
  };
}
