/**
 * The functions engine: Lambda's execution model on one machine. Users' handlers run in
 * worker processes (see FunctionWorker for why processes), kept warm between invocations,
 * limited in time, memory and concurrency, with their logs framed as Lambda frames them.
 * Firehose transforms, workflow tasks, topic subscriptions and schedules call invoke().
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionsError } from './FunctionsError.js';
import { DEFAULT_INIT_TIMEOUT_MS, MAX_REQUEST_BYTES } from './limits.js';
import { normalizeDefinition } from './normalizeDefinition.js';
import { findParentDeathLauncher } from './parentDeathLauncher.js';
import { residentMemoryMeasurable } from './residentMemory.js';
import type {
  FunctionConfiguration,
  FunctionDefinition,
  FunctionsEngineOptions,
  FunctionStats,
  InvokeOptions,
  InvokeResult,
} from './types.js';
import { WorkerPool, type WorkerSettings } from './WorkerPool.js';

const MEMORY_CHECK_INTERVAL_MS = 20;
const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000;

export class FunctionsEngine {
  private readonly pools = new Map<string, WorkerPool>();
  /** Replaced or removed pools still finishing accepted invocations; closed with the engine. */
  private readonly retired = new Set<WorkerPool>();
  private readonly settings: WorkerSettings;
  private readonly region: string;
  private readonly accountId: string;
  private readonly defaultConcurrency: number;
  private readonly memoryTimer: NodeJS.Timeout | undefined;
  private readonly idleTimer: NodeJS.Timeout;
  private closed = false;

  private constructor(
    options: FunctionsEngineOptions,
    cacheDir: string,
    private readonly ownedCacheDir: boolean,
  ) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.defaultConcurrency = options.defaultConcurrency ?? Math.max(2, availableParallelism());
    const report = options.onReport;
    const launcher = findParentDeathLauncher();
    this.settings = {
      nodePath: options.nodePath ?? process.execPath,
      ...(launcher === undefined ? {} : { launcher }),
      region: this.region,
      ...(options.endpointUrl === undefined ? {} : { endpointUrl: options.endpointUrl }),
      credentials: options.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' },
      cacheDir,
      initTimeoutMs: options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS,
      maxQueued: options.maxQueuedPerFunction ?? 1000,
      emit: options.logSink,
      report: report === undefined ? () => {} : report,
    };
    if (residentMemoryMeasurable()) {
      this.memoryTimer = setInterval(() => {
        for (const pool of this.allPools()) pool.checkMemory();
      }, MEMORY_CHECK_INTERVAL_MS);
      this.memoryTimer.unref();
    }
    const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.idleTimer = setInterval(() => {
      const now = Date.now();
      for (const pool of this.allPools()) pool.reapIdle(now, idleTimeoutMs);
    }, Math.max(1000, Math.min(60_000, idleTimeoutMs / 2)));
    this.idleTimer.unref();
  }

  static async create(options: FunctionsEngineOptions): Promise<FunctionsEngine> {
    if (options.cacheDir !== undefined) return new FunctionsEngine(options, options.cacheDir, false);
    return new FunctionsEngine(options, await mkdtemp(join(tmpdir(), 'lakehose-functions-')), true);
  }

  /** Adds a function, or replaces one of the same name (new invocations get fresh workers; running ones finish). */
  register(def: FunctionDefinition): FunctionConfiguration {
    this.assertOpen();
    const config = normalizeDefinition(def, {
      region: this.region,
      accountId: this.accountId,
      defaultConcurrency: this.defaultConcurrency,
      nowMs: Date.now(),
    });
    const previous = this.pools.get(config.name);
    if (previous !== undefined) this.retire(previous);
    this.pools.set(config.name, new WorkerPool(config, this.settings));
    return config;
  }

  /** Removes a function; invocations already accepted finish. Returns whether it existed. */
  unregister(name: string): boolean {
    const pool = this.pools.get(name);
    if (pool === undefined) return false;
    this.pools.delete(name);
    this.retire(pool);
    return true;
  }

  list(): FunctionConfiguration[] {
    return [...this.pools.values()].map((p) => p.config).sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): FunctionConfiguration | undefined {
    return this.pools.get(name)?.config;
  }

  stats(name: string): FunctionStats | undefined {
    return this.pools.get(name)?.stats();
  }

  /** Stops warm workers idle for at least `idleForMs` (all idle ones by default), e.g. to free memory. */
  stopIdleWorkers(idleForMs = 0): void {
    const now = Date.now();
    for (const pool of this.allPools()) pool.reapIdle(now, idleForMs - 1);
  }

  /**
   * Runs a function synchronously (Lambda's RequestResponse). Failures of the function are
   * results; an unknown name, a payload that is not JSON or a closed engine throw FunctionsError.
   */
  async invoke(name: string, payload: unknown, opts: InvokeOptions = {}): Promise<InvokeResult> {
    this.assertOpen();
    const pool = this.pools.get(name);
    if (pool === undefined) throw new FunctionsError('FunctionNotFound', `Function not found: ${name}`);
    const requestId = opts.requestId ?? randomUUID();
    const eventJson = encodePayload(payload);
    const bytes = Buffer.byteLength(eventJson);
    if (bytes > MAX_REQUEST_BYTES) {
      const result: InvokeResult = {
        ok: false,
        requestId,
        errorType: 'RequestTooLarge',
        errorMessage: `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation (got ${bytes})`,
        durationMs: 0,
        billedDurationMs: 0,
      };
      try {
        this.settings.report({ functionName: name, requestId, ok: false, errorType: 'RequestTooLarge', durationMs: 0, billedDurationMs: 0, timestampMs: Date.now() });
      } catch {
        // Metrics must not fail invocations.
      }
      return result;
    }
    return pool.invoke({ requestId, eventJson, ...(opts.deadlineMs === undefined ? {} : { deadlineMs: opts.deadlineMs }) });
  }

  /** Stops every worker and waits for their processes to end. Further calls throw EngineClosed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.memoryTimer !== undefined) clearInterval(this.memoryTimer);
    clearInterval(this.idleTimer);
    const pools = [...this.allPools()];
    this.pools.clear();
    this.retired.clear();
    await Promise.all(pools.map((p) => p.close()));
    if (this.ownedCacheDir && this.settings.cacheDir !== undefined) {
      await rm(this.settings.cacheDir, { recursive: true, force: true });
    }
  }

  private retire(pool: WorkerPool): void {
    pool.retire();
    this.retired.add(pool);
    // Forget it once nothing is left running in it.
    const sweep = setInterval(() => {
      if (pool.isDrained()) {
        this.retired.delete(pool);
        clearInterval(sweep);
      }
    }, 1000);
    sweep.unref();
  }

  private *allPools(): Iterable<WorkerPool> {
    yield* this.pools.values();
    yield* this.retired;
  }

  private assertOpen(): void {
    if (this.closed) throw new FunctionsError('EngineClosed', 'the functions engine is closed');
  }
}

/** The payload as Lambda receives it: JSON text; no payload is an empty object. */
function encodePayload(payload: unknown): string {
  if (payload === undefined) return '{}';
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (err) {
    throw new FunctionsError('InvalidPayload', `payload is not JSON-serialisable: ${(err as Error).message}`);
  }
  if (json === undefined) throw new FunctionsError('InvalidPayload', `payload of type ${typeof payload} is not JSON-serialisable`);
  return json;
}
