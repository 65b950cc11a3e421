/**
 * The package as users install it: the JavaScript `npm run build` leaves in dist/, typed by the
 * sources it was built from. The CPU sections time this code, not src/ through tsx, whose module
 * transform adds its own cost to every cross-module call (about a fifth of mapIdentify's time here).
 */
import { assertBuilt } from './processes.js';

assertBuilt();

/** A module of dist/, by its path there (a variable, so the type comes from the cast, not dist/). */
async function load<T>(path: string): Promise<T> {
  return (await import(new URL(`../dist/src/${path}`, import.meta.url).href)) as T;
}

export const built = await load<typeof import('../src/index.js')>('index.js');
export const builtRudder = await load<typeof import('../src/rudder/index.js')>('rudder/index.js');
