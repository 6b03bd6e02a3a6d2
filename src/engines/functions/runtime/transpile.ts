/**
 * TypeScript → JavaScript for function code, with esbuild (type stripping plus enums,
 * namespaces and parameter properties; no type checking, like every fast TS runner). Output
 * is cached on disk by a hash of the source, so only the first worker that loads a file pays
 * for esbuild; later cold starts read the cache and never load esbuild at all.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export type TranspileFormat = 'esm' | 'cjs';

const require = createRequire(import.meta.url);

// Bump when the options below change, so old cache entries are not reused.
const CACHE_FORMAT = '1';
let esbuildVersion: string | undefined;

function cacheKey(file: string, source: string, format: TranspileFormat): string {
  esbuildVersion ??= (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
  return createHash('sha256')
    .update(`${CACHE_FORMAT}\0${esbuildVersion}\0${format}\0${file}\0`)
    .update(source)
    .digest('hex');
}

function readCache(cacheDir: string | undefined, key: string): string | undefined {
  if (cacheDir === undefined) return undefined;
  try {
    return readFileSync(join(cacheDir, `${key}.js`), 'utf8');
  } catch {
    return undefined;
  }
}

function writeCache(cacheDir: string | undefined, key: string, code: string): void {
  if (cacheDir === undefined) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename: concurrent workers never read a half-written entry.
    const tmp = join(cacheDir, `${key}.${process.pid}.tmp`);
    writeFileSync(tmp, code);
    renameSync(tmp, join(cacheDir, `${key}.js`));
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

function options(file: string, format: TranspileFormat) {
  return {
    loader: 'ts' as const,
    format,
    target: 'node20',
    sourcefile: file,
    // Inline maps plus --enable-source-maps make stack traces point at the .ts lines.
    sourcemap: 'inline' as const,
  };
}

export async function transpile(file: string, source: string, format: TranspileFormat, cacheDir?: string): Promise<string> {
  const key = cacheKey(file, source, format);
  const cached = readCache(cacheDir, key);
  if (cached !== undefined) return cached;
  const esbuild = await import('esbuild');
  const { code } = await esbuild.transform(source, options(file, format));
  writeCache(cacheDir, key, code);
  return code;
}

/** For require() of .cts files, which Node's CommonJS loader does synchronously. */
export function transpileSync(file: string, source: string, format: TranspileFormat, cacheDir?: string): string {
  const key = cacheKey(file, source, format);
  const cached = readCache(cacheDir, key);
  if (cached !== undefined) return cached;
  const esbuild = require('esbuild') as typeof import('esbuild');
  const { code } = esbuild.transformSync(source, options(file, format));
  writeCache(cacheDir, key, code);
  return code;
}
