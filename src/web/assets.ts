import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The static files shipped with the app, read once and served from memory. */
export interface Asset {
  body: Buffer;
  type: string;
  hash: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
};

function staticDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Source layout (src/web → src/static) and built layout (dist/src/web → src/static).
  for (const candidate of [path.join(here, '../static'), path.join(here, '../../../src/static')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('static assets folder not found');
}

let assets: Map<string, Asset> | null = null;

export function loadAssets(): Map<string, Asset> {
  if (assets) return assets;
  const dir = staticDir();
  assets = new Map();
  for (const name of fs.readdirSync(dir)) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const body = fs.readFileSync(path.join(dir, name));
    assets.set(name, { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 10) });
  }
  return assets;
}

/** URL of a static file with its content hash, so browsers may cache it for a year. */
export function assetUrl(name: string): string {
  const a = loadAssets().get(name);
  return a ? `/static/${name}?v=${a.hash}` : `/static/${name}`;
}
