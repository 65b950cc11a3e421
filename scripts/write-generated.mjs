// Writes a generated file, or with `--check` on the command line exits 1 when the file on disk
// differs from what would be written (the freshness check of `npm run generate:check`).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function writeGenerated(url, text) {
  if (!process.argv.includes('--check')) {
    writeFileSync(url, text);
    return;
  }
  let current = '';
  try {
    current = readFileSync(url, 'utf8');
  } catch {}
  if (current !== text) {
    const name = fileURLToPath(url).split('/').slice(-2).join('/');
    console.error(`${name} is stale: run \`npm run generate\``);
    process.exit(1);
  }
}
