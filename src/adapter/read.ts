/**
 * Reading a RudderStack message: source paths resolved with RudderStack's rule (the first value that
 * is not undefined, null, '' or NaN wins, so `false` and `0` count: `getFieldValueFromMessage` in
 * https://github.com/rudderlabs/rudder-transformer/blob/develop/src/v0/util/index.js), through own
 * properties only, so keys such as `__proto__` never reach a prototype.
 */

/** The containers a path starts from, longest first, so `context.traits.x` starts there. */
const ROOTS = ['context.traits', 'traits', 'context', 'properties'] as const;
type Root = (typeof ROOTS)[number];

/** A dotted path into a message, such as `context.traits.email`. */
export type SourcePath = `${Root}.${string}` | 'event' | 'name';

/** Where a value is read: a path (a root and keys below it), or a function of the message. */
export interface Source {
  readonly path: string;
  readonly root: Root | undefined;
  readonly keys: readonly string[];
  readonly derive: ((m: Message) => unknown) | undefined;
}

/** A message with its containers read once. */
export interface Message {
  readonly event: unknown;
  readonly traits: unknown;
  readonly 'context.traits': unknown;
  readonly context: unknown;
  readonly properties: unknown;
}

/** What a pick found: the value and the path it came from (for warnings). */
export interface Picked {
  readonly value: unknown;
  readonly path: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of an object or array, else undefined. */
export function own(node: unknown, key: string): unknown {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as Record<string, unknown>)[key];
  return value !== undefined && Object.hasOwn(node, key) ? value : undefined;
}

export function message(event: unknown): Message {
  const context = own(event, 'context');
  return {
    event,
    traits: own(event, 'traits'),
    'context.traits': own(context, 'traits'),
    context,
    properties: own(event, 'properties'),
  };
}

/** Splits paths once, at module load. */
export function sources(...paths: SourcePath[]): Source[] {
  return paths.map((path) => {
    const root = ROOTS.find((r) => path.startsWith(`${r}.`));
    const keys = (root === undefined ? path : path.slice(root.length + 1)).split('.');
    return { path, root, keys, derive: undefined };
  });
}

/** A value worked out from several traits (such as a name from first and last name). */
export function derived(path: string, derive: (m: Message) => unknown): Source {
  return { path, root: undefined, keys: [], derive };
}

/** A source of one trait, named in its type so the event types can list the traits read. */
export interface TraitSource<K extends string> extends Source {
  readonly root: 'traits' | 'context.traits';
  readonly keys: readonly [K];
}

/** `traits.<key>` for each key, then `context.traits.<key>` for each. */
export function traits<const K extends string>(...keys: K[]): TraitSource<K>[] {
  // Each path is a trait root and one key, so each source is a `TraitSource<K>`.
  return sources(
    ...keys.map((k): SourcePath => `traits.${k}`),
    ...keys.map((k): SourcePath => `context.traits.${k}`),
  ) as TraitSource<K>[];
}

/** RudderStack's notion of a value being there: `false` and `0` count, '' / null / NaN do not. */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !Number.isNaN(value);
}

function read(m: Message, source: Source): unknown {
  if (source.derive !== undefined) return source.derive(m);
  let node = source.root === undefined ? m.event : m[source.root];
  for (const key of source.keys) node = own(node, key);
  return node;
}

/** The first present value among the sources, with its path; undefined when none is present. */
export function pick(m: Message, from: readonly Source[]): Picked | undefined {
  for (const source of from) {
    const value = read(m, source);
    if (isPresent(value)) return { value, path: source.path };
  }
  return undefined;
}

/** Sets an own enumerable property, also for `__proto__`, which assignment would not create. */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  if (key !== '__proto__') target[key] = value;
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true });
}
