import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DESTINATION_OPTIONS } from '../../src/delivery/config.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** The destination's options table: the rows between its header and the next blank line. */
const table = readme.slice(readme.indexOf('| option | default | meaning |')).split('\n\n')[0] ?? '';

describe("the README's destination options table", () => {
  it.each(DESTINATION_OPTIONS)('documents %s, which createKustomerDestination takes', (option) => {
    expect(table).toContain(`\`${option}\``);
  });

  it('documents no option that createKustomerDestination refuses', () => {
    const documented = [...table.matchAll(/^\| ([^|]+) \|/gm)].flatMap((row) =>
      [...(row[1] ?? '').matchAll(/`([A-Za-z]+)`/g)].map((name) => name[1] ?? ''),
    );
    expect(
      documented.filter((name) => !(DESTINATION_OPTIONS as readonly string[]).includes(name)),
    ).toEqual([]);
  });
});
