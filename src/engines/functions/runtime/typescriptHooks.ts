/**
 * Module loader hooks (module.register) that let a worker import TypeScript: `.ts` and
 * `.mts` files load as ES modules after transpiling, and a relative `./x.js` import from a
 * TypeScript file finds `./x.ts` when no `./x.js` exists (the convention of `tsc` with
 * nodenext resolution). Runs on Node's loader thread.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transpile } from './transpile.js';

interface HookData {
  readonly cacheDir?: string;
}

interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions: readonly string[];
  readonly importAttributes?: Record<string, string>;
}
interface ResolveResult {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;

interface LoadContext {
  readonly format?: string | null;
  readonly conditions: readonly string[];
  readonly importAttributes?: Record<string, string>;
}
interface LoadResult {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array;
  readonly shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

const TS_URL = /\.m?ts$/;
let cacheDir: string | undefined;

export function initialize(data: HookData | undefined): void {
  cacheDir = data?.cacheDir;
}

function typescriptAlternatives(specifier: string): string[] {
  if (/\.js$/.test(specifier)) return [specifier.replace(/\.js$/, '.ts')];
  if (/\.mjs$/.test(specifier)) return [specifier.replace(/\.mjs$/, '.mts')];
  if (!/\.[a-z]+$/i.test(specifier)) return [`${specifier}.ts`, `${specifier}/index.ts`];
  return [];
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult> {
  try {
    return await next(specifier, context);
  } catch (err) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    const fromTypeScript = context.parentURL !== undefined && TS_URL.test(context.parentURL);
    if (!relative || !fromTypeScript || (err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    for (const alternative of typescriptAlternatives(specifier)) {
      try {
        return await next(alternative, context);
      } catch {
        // try the next spelling
      }
    }
    throw err;
  }
}

export async function load(url: string, context: LoadContext, next: NextLoad): Promise<LoadResult> {
  if (!url.startsWith('file:') || !TS_URL.test(url)) return next(url, context);
  const file = fileURLToPath(url);
  const source = await readFile(file, 'utf8');
  return { format: 'module', source: await transpile(file, source, 'esm', cacheDir), shortCircuit: true };
}
