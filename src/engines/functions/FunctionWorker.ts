/**
 * One execution environment: a Node.js child process running runtime/bootstrap.js for one
 * function, used by one invocation at a time and kept warm between them.
 *
 * Why child processes and not worker threads: a worker thread shares the server's process,
 * so its failures are not fully contained — a native crash (a faulty addon, V8 aborting on
 * some out-of-memory paths) ends the whole server, Buffers and other off-heap memory escape
 * `resourceLimits`, and process-wide state (cwd, umask, signal handlers, native modules) is
 * shared. A child process is contained by the operating system: it can segfault, exit or run
 * out of memory alone; its whole resident memory can be measured and capped; SIGKILL stops
 * any runaway code; its environment is its own. The price is a cold start of a few tens of
 * milliseconds and ~40 MB per warm worker, which warm reuse amortises (as Lambda's does).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readResidentBytes } from './residentMemory.js';
import type { ErrorDescription, FromWorker, InitMessage, ToWorker } from './runtime/protocol.js';
import type { InvokeErrorType, LogLevel } from './types.js';

const BOOTSTRAP = fileURLToPath(new URL('./runtime/bootstrap.js', import.meta.url));
const OOM_TEXT = /heap out of memory|Reached heap limit|Allocation failed/i;
const STDERR_TAIL_CHARS = 4096;

export type WorkerState = 'starting' | 'idle' | 'busy' | 'dead';

export interface WorkerLog {
  /** Absent for output the worker wrote outside any invocation it knew of. */
  readonly requestId?: string;
  readonly timestampMs: number;
  readonly level?: LogLevel;
  readonly message: string;
}

export type WorkerFailure = { readonly errorType: InvokeErrorType } & ErrorDescription;

export type InitOutcome = { readonly ok: true; readonly initDurationMs: number } | ({ readonly ok: false; readonly initDurationMs: number } & WorkerFailure);

export type WorkerOutcome =
  | { readonly ok: true; readonly resultJson: string; readonly maxMemoryUsedMB: number }
  | ({ readonly ok: false; readonly maxMemoryUsedMB: number } & WorkerFailure);

export interface FunctionWorkerOptions {
  readonly nodePath: string;
  /** Command prefix to start Node through (see parentDeathLauncher). */
  readonly launcher?: readonly string[];
  readonly env: Record<string, string>;
  readonly cwd: string;
  readonly memoryMB: number;
  readonly init: Omit<InitMessage, 'type' | 'logStreamName'>;
  readonly logStreamName: string;
  readonly initTimeoutMs: number;
  /** The invocation that caused this cold start: output during init is filed under it. */
  readonly firstRequestId?: string;
  readonly onLog: (worker: FunctionWorker, log: WorkerLog) => void;
  /** Called once, when the process is gone and the worker must not be used again. */
  readonly onDead: (worker: FunctionWorker) => void;
}

interface Pending {
  readonly requestId: string;
  readonly resolve: (outcome: WorkerOutcome) => void;
  readonly timer: NodeJS.Timeout;
}

export class FunctionWorker {
  readonly logStreamName: string;
  readonly ready: Promise<InitOutcome>;
  /** Epoch ms of the last time this worker finished an invocation (or started). */
  lastUsedMs = Date.now();
  /** Highest resident memory seen by the memory watchdog, bytes. */
  private peakResidentBytes = 0;
  private state: WorkerState = 'starting';
  private readonly child: ChildProcess;
  private readonly memoryLimitBytes: number;
  private pending: Pending | undefined;
  private resolveInit: ((outcome: InitOutcome) => void) | undefined;
  private readonly startedAt = performance.now();
  private initTimer: NodeJS.Timeout | undefined;
  private stderrTail = '';
  /** Why the engine killed the process, when it did: decides how its death is reported. */
  private killReason: 'timeout' | 'memory' | 'stop' | undefined;
  private lastRequestId: string | undefined;
  private resolveExited: (() => void) | undefined;
  /** Settles once the process has ended. */
  readonly exited: Promise<void>;

  private constructor(private readonly options: FunctionWorkerOptions) {
    this.logStreamName = options.logStreamName;
    this.memoryLimitBytes = options.memoryMB * 1024 * 1024;
    this.lastRequestId = options.firstRequestId;
    this.ready = new Promise((resolve) => (this.resolveInit = resolve));
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    // Lambda's Node runtime also sizes the V8 heap from the memory setting.
    const command = [...(options.launcher ?? []), options.nodePath, `--max-old-space-size=${options.memoryMB}`, '--enable-source-maps', BOOTSTRAP];
    this.child = spawn(command[0] ?? options.nodePath, command.slice(1), {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child.on('message', (m: unknown) => this.onMessage(m as FromWorker));
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => this.onRawOutput(text));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      this.onRawOutput(text);
    });
    this.child.on('error', (err) => {
      this.onGone(`Runtime failed to start: ${err.message}`);
      if (this.child.pid === undefined) this.resolveExited?.();
    });
    // 'close' comes after the output pipes are drained, so stderr has been seen by then.
    this.child.on('close', (code, signal) => {
      this.onGone(exitText(code, signal));
      this.resolveExited?.();
    });
    this.send({ type: 'init', ...options.init, logStreamName: this.logStreamName });
    this.initTimer = setTimeout(() => {
      this.killReason = 'timeout';
      this.finishInit({ ok: false, errorType: 'Timeout', errorName: 'InitTimeout', errorMessage: `Init phase timed out after ${options.initTimeoutMs} ms`, initDurationMs: this.elapsedSinceStart() });
      this.kill();
    }, options.initTimeoutMs);
  }

  /** Starts the process and its init phase; `ready` settles when the module is loaded or failed to load. */
  static spawn(options: FunctionWorkerOptions): FunctionWorker {
    return new FunctionWorker(options);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get currentState(): WorkerState {
    return this.state;
  }

  get requestId(): string | undefined {
    return this.lastRequestId;
  }

  /** Runs one invocation. The worker must be idle; it becomes idle again unless the invocation killed it. */
  invoke(requestId: string, eventJson: string, timeoutMs: number): Promise<WorkerOutcome> {
    if (this.state === 'dead') {
      // It ended between init and this invocation (e.g. a timer in module scope called process.exit).
      return Promise.resolve({ ok: false, errorType: 'RuntimeExit', errorName: 'ExitError', errorMessage: 'Runtime exited before the invocation started', maxMemoryUsedMB: this.peakMB() });
    }
    if (this.state !== 'idle') throw new Error(`worker is ${this.state}, not idle`);
    this.state = 'busy';
    this.lastRequestId = requestId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.killReason = 'timeout';
        this.settle({ ok: false, errorType: 'Timeout', errorName: 'TimeoutError', errorMessage: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`, maxMemoryUsedMB: this.peakMB() });
        this.kill();
      }, timeoutMs);
      this.pending = { requestId, resolve, timer };
      this.send({ type: 'invoke', requestId, eventJson, deadlineMs: Date.now() + timeoutMs });
    });
  }

  /**
   * The memory watchdog: measures the process's resident memory and kills it when over the
   * limit. Catches what the V8 heap limit cannot see (Buffers, native allocations).
   */
  checkMemory(): void {
    if (this.state !== 'busy' && this.state !== 'starting') return;
    const pid = this.child.pid;
    if (pid === undefined) return;
    const bytes = readResidentBytes(pid);
    if (bytes === undefined) return;
    if (bytes > this.peakResidentBytes) this.peakResidentBytes = bytes;
    if (bytes > this.memoryLimitBytes) this.failForMemory();
  }

  /** Stops the process at once; a running invocation is reported as a runtime exit. */
  stop(): void {
    this.killReason ??= 'stop';
    this.kill();
  }

  private failForMemory(): void {
    this.killReason = 'memory';
    const failure = { errorType: 'OutOfMemory' as const, errorName: 'OutOfMemory', errorMessage: `Runtime exited with error: memory limit of ${this.options.memoryMB} MB exceeded` };
    this.finishInit({ ok: false, ...failure, initDurationMs: this.elapsedSinceStart() });
    this.settle({ ok: false, ...failure, maxMemoryUsedMB: this.options.memoryMB });
    this.kill();
  }

  private kill(): void {
    if (this.state !== 'dead') this.markDead();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private markDead(): void {
    if (this.state === 'dead') return;
    this.state = 'dead';
    this.options.onDead(this);
  }

  private send(message: ToWorker): void {
    if (!this.child.connected) return;
    // A failed send means the process is going away; 'close' reports it.
    this.child.send(message, (err) => {
      if (err !== null) this.kill();
    });
  }

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'log':
        this.options.onLog(this, m.requestId === undefined ? { ...m, requestId: this.lastRequestId } : m);
        return;
      case 'ready':
        if (this.state === 'starting') this.state = 'idle';
        this.finishInit({ ok: true, initDurationMs: this.elapsedSinceStart() });
        return;
      case 'initError':
        this.finishInit({ ok: false, errorType: 'ModuleLoadError', errorName: m.errorName, errorMessage: m.errorMessage, ...(m.stack === undefined ? {} : { stack: m.stack }), initDurationMs: this.elapsedSinceStart() });
        // Lambda starts over with a fresh environment after a failed init.
        this.stop();
        return;
      case 'result': {
        if (this.pending?.requestId !== m.requestId) return;
        const maxMemoryUsedMB = Math.ceil(m.maxRssKiB / 1024);
        if (this.state === 'busy') this.state = 'idle';
        this.lastUsedMs = Date.now();
        this.settle(m.outcome.ok ? { ok: true, resultJson: m.outcome.resultJson, maxMemoryUsedMB } : { ...m.outcome, ok: false, maxMemoryUsedMB });
        return;
      }
      case 'fatal': {
        const failure = { errorType: m.errorType, errorName: m.errorName, errorMessage: m.errorMessage, ...(m.stack === undefined ? {} : { stack: m.stack }) };
        this.finishInit({ ok: false, ...failure, ...(m.errorType === 'HandlerError' ? { errorType: 'ModuleLoadError' as const } : {}), initDurationMs: this.elapsedSinceStart() });
        this.settle({ ok: false, ...failure, maxMemoryUsedMB: this.peakMB() });
        this.stop();
        return;
      }
    }
  }

  private onRawOutput(text: string): void {
    this.options.onLog(this, { ...(this.lastRequestId === undefined ? {} : { requestId: this.lastRequestId }), timestampMs: Date.now(), message: text });
  }

  /** The process is gone (exit, crash, kill, or failed spawn). */
  private onGone(exitDescription: string): void {
    const outOfMemory = this.killReason === 'memory' || OOM_TEXT.test(this.stderrTail);
    const failure: WorkerFailure = outOfMemory
      ? { errorType: 'OutOfMemory', errorName: 'OutOfMemory', errorMessage: `Runtime exited with error: ${exitDescription} (out of memory)` }
      : { errorType: 'RuntimeExit', errorName: 'ExitError', errorMessage: `Runtime exited with error: ${exitDescription}` };
    this.finishInit({ ok: false, ...(failure.errorType === 'RuntimeExit' ? { ...failure, errorType: 'ModuleLoadError' as const } : failure), initDurationMs: this.elapsedSinceStart() });
    this.settle({ ok: false, ...failure, maxMemoryUsedMB: outOfMemory ? this.options.memoryMB : this.peakMB() });
    this.markDead();
  }

  private finishInit(outcome: InitOutcome): void {
    if (this.initTimer !== undefined) clearTimeout(this.initTimer);
    this.initTimer = undefined;
    const resolve = this.resolveInit;
    if (resolve === undefined) return;
    this.resolveInit = undefined;
    resolve(outcome);
  }

  private settle(outcome: WorkerOutcome): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }

  private elapsedSinceStart(): number {
    return performance.now() - this.startedAt;
  }

  private peakMB(): number {
    return Math.ceil(this.peakResidentBytes / (1024 * 1024));
  }
}

function exitText(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal !== null) return `signal: ${signal}`;
  return code === 0 || code === null ? 'exit status 0 (exited without providing a reason)' : `exit status ${code}`;
}
