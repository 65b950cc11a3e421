/**
 * The console page's static files: plain HTML, CSS and JavaScript modules shipped in the package
 * (src/simulator/console/assets/), with no build step and nothing fetched from the network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ASSET_PREFIX = '/__simulator/console/assets/';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

// Beside this module when run from source; from dist/src/simulator/console/ the shipped sources.
const CANDIDATES = ['./assets/', '../../../../src/simulator/console/assets/'];

let folder: string | undefined;
const cache = new Map<string, Buffer>();

/** A static file by name (`index.html`, `app.js`), or undefined for any other name. */
export function asset(name: string): { type: string; body: Buffer } | undefined {
  const extension = /^[a-z][a-z0-9-]*\.(html|css|js)$/.exec(name)?.[1];
  const type = extension === undefined ? undefined : TYPES[extension];
  if (type === undefined) return undefined;
  let body = cache.get(name);
  if (body === undefined) {
    folder ??= assetFolder();
    const file = `${folder}${name}`;
    if (!existsSync(file)) return undefined;
    body = readFileSync(file);
    cache.set(name, body);
  }
  return { type, body };
}

function assetFolder(): string {
  for (const candidate of CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${path}index.html`)) return path;
  }
  throw new Error('The console page files are missing from this installation');
}
