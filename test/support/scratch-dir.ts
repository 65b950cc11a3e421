import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh temporary folder for each test of the enclosing suite, removed after it. Returns where a
 * file of that folder is (`inScratch('cp.json')`), or the folder itself (`inScratch()`).
 */
export function scratchDir(prefix: string): (name?: string) => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return (name) => (name === undefined ? dir : join(dir, name));
}
