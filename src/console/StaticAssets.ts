import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EdgeResponse } from '../aws/wire/EdgeRequest.js';

/** Where `vite build console` writes (vite.config.ts: outDir), seen from dist/src/console/. */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Only the console's own files run; `style-src 'unsafe-inline'` covers the style attributes
 * uPlot sets. No other site may frame the console (clickjacking).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The built console (index.html and hashed assets) served from a folder. Hashed assets
 * never change, so browsers keep them; index.html is asked for each time. Files are read
 * once and kept: the folder holds a few hundred KiB.
 */
export class StaticAssets {
  private readonly cache = new Map<string, Buffer | null>();

  constructor(private readonly dir: string = DEFAULT_ASSETS_DIR) {}

  async index(): Promise<EdgeResponse> {
    const html = await this.read('index.html');
    if (!html) return notBuilt();
    return {
      status: 200,
      headers: {
        'content-type': TYPES['.html']!,
        'cache-control': 'no-cache',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      },
      body: html,
    };
  }

  /** A file below the folder by its path relative to it, or undefined when there is none. */
  async file(relativePath: string): Promise<EdgeResponse | undefined> {
    const bytes = await this.read(relativePath);
    if (!bytes) return undefined;
    const immutable = relativePath.startsWith('assets/');
    return {
      status: 200,
      headers: {
        'content-type': TYPES[extname(relativePath)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      },
      body: bytes,
    };
  }

  private async read(relativePath: string): Promise<Buffer | null> {
    const cached = this.cache.get(relativePath);
    if (cached !== undefined) return cached;
    const path = this.resolve(relativePath);
    let bytes: Buffer | null = null;
    if (path) {
      try {
        bytes = await readFile(path);
      } catch {
        bytes = null;
      }
    }
    // index.html and misses are read again: a build while the server runs shows up on reload.
    if (bytes && relativePath !== 'index.html') this.cache.set(relativePath, bytes);
    return bytes;
  }

  /** The file's path, or undefined for anything that would leave the folder. */
  private resolve(relativePath: string): string | undefined {
    if (relativePath === '' || relativePath.includes('\0') || relativePath.includes('\\')) return undefined;
    const path = normalize(join(this.dir, relativePath));
    const root = normalize(this.dir.endsWith(sep) ? this.dir : this.dir + sep);
    return path.startsWith(root) ? path : undefined;
  }
}

function notBuilt(): EdgeResponse {
  return {
    status: 503,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body:
      '<!doctype html><meta charset="utf-8"><title>Lakehose console</title>' +
      '<p>The console\'s pages are not built. Run <code>npm run build</code> (or <code>npm install</code>) in the Lakehose folder, then reload.</p>',
  };
}
