/**
 * Source-path tables and the small value helpers the mappers share. A table names, for each target
 * field, the ordered message paths to read (STYLE rule 4); `compileSources` splits the paths once,
 * at module load, `view` reads an event's common containers once per mapping, and `pickFirst`
 * resolves the paths with RudderStack's rule: the first value that is not
 * undefined, null, '' or NaN wins, so `false` and `0` are kept (rudder-contract §5,
 * `getFieldValueFromMessage`). Reads are own-property only, so keys such as `__proto__` or
 * `constructor` never reach a prototype. Picks return the value alone; `pathOf` names where it came
 * from only when a warning needs it, so the common case allocates nothing.
 */

type Root = 'traits' | 'context' | 'properties' | 'userId' | 'anonymousId' | 'event' | 'name';

/** A dotted path into a RudderStack message, such as `context.traits.email`. */
export type SourcePath = Root | `${Root}.${string}`;

/**
 * The containers most paths start with, resolved once per event by `view` (index 0 is the message
 * itself). Longer prefixes first, so `context.traits.x` starts at `context.traits`.
 */
const CONTAINERS = ['', 'context.traits', 'traits', 'context', 'properties'] as const;

/** Where `view` keeps the table it scanned for, and where that table's slots start. */
const TABLE_AT = CONTAINERS.length;
const SLOTS_AT = TABLE_AT + 1;
/** A table wanting at least this many keys of one container scans it once instead of probing. */
const SCAN_FROM = 6;

/**
 * A message with its containers read once (indexed as CONTAINERS) and, for a field table, the
 * values of every key the table wants from its large containers, gathered in one pass over each.
 */
export type EventView = readonly unknown[];

/** One source path, split once. */
export interface Source {
  readonly path: SourcePath;
  /** Index into CONTAINERS. */
  readonly container: number;
  /** The key read from the container. */
  readonly key: string;
  /** The path below that key (empty for most sources). */
  readonly rest: readonly string[];
  /** The table that gathers this source's key, with its slot; else undefined and -1. */
  readonly table: FieldTable<never> | undefined;
  readonly slot: number;
}

/** Ordered source paths, split once. */
export type Sources = readonly Source[];

/** A compiled field table: each field's sources, and which container keys to gather in one pass. */
export interface FieldTable<K extends string> {
  readonly fields: { readonly [F in K]: Sources };
  /** Per container, the wanted keys and their slots (only containers worth a scan). */
  readonly scans: readonly (ReadonlyMap<string, number> | undefined)[];
  readonly slotCount: number;
}

function split(path: SourcePath): { container: number; key: string; rest: string[] } {
  let container = 0;
  let below: string = path;
  for (let i = 1; i < CONTAINERS.length; i++) {
    const prefix = `${CONTAINERS[i]}.`;
    if (path.startsWith(prefix)) {
      container = i;
      below = path.slice(prefix.length);
      break;
    }
  }
  const [key = '', ...rest] = below.split('.');
  return { container, key, rest };
}

function source(path: SourcePath, table?: FieldTable<never>, slot = -1): Source {
  const { container, key, rest } = split(path);
  return Object.freeze({ path, container, key, rest: Object.freeze(rest), table, slot });
}

/** Sources read by probing each path (for short lists). */
export function sources(...paths: SourcePath[]): Sources {
  return Object.freeze(paths.map((path) => source(path)));
}

/**
 * Compiles a whole field table, `{ field: [paths…] }`, at module load. Containers the table reads
 * many keys of are gathered in one `for…in` pass per event rather than probed key by key: a keyed
 * read with a changing key is slow (megamorphic), and most probes miss.
 */
export function compileSources<K extends string>(
  table: Readonly<Record<K, readonly SourcePath[]>>,
): FieldTable<K> {
  const entries: [string, readonly SourcePath[]][] = Object.entries(table);
  const wanted: Set<string>[] = CONTAINERS.map(() => new Set<string>());
  for (const [, paths] of entries) {
    for (const path of paths) {
      const { container, key } = split(path);
      if (container > 0) wanted[container]?.add(key);
    }
  }
  let slotCount = 0;
  const scans = wanted.map((keys) => {
    if (keys.size < SCAN_FROM) return undefined;
    const slots = new Map<string, number>();
    for (const key of keys) slots.set(key, slotCount++);
    return slots;
  });
  const compiled = { fields: {}, scans: Object.freeze(scans), slotCount };
  const fields: Record<string, Sources> = compiled.fields;
  for (const [name, paths] of entries) {
    fields[name] = Object.freeze(
      paths.map((path) => {
        const { container, key } = split(path);
        const slot = scans[container]?.get(key);
        return slot === undefined ? source(path) : source(path, compiled, slot);
      }),
    );
  }
  Object.freeze(fields);
  // `fields` got one entry per key of `table` just above.
  return Object.freeze(compiled) as FieldTable<K>;
}

/** Objects and arrays, which a path may step into; primitives are never stepped into. */
function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null;
}

/**
 * An own property of an object or array, else undefined. The value is read first and the own
 * check made only when it is defined: most reads miss, and inherited values (`__proto__`,
 * `constructor`) fail the check.
 */
export function ownValue(node: unknown, key: string): unknown {
  if (!isObject(node)) return undefined;
  const value = node[key];
  return value !== undefined && Object.hasOwn(node, key) ? value : undefined;
}

/** Reads a pre-split path through own properties of objects and arrays only. */
export function readPath(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (let i = 0; i < segments.length && node !== undefined; i++) {
    node = ownValue(node, segments[i] ?? '');
  }
  return node;
}

// `hasOwnProperty.call` inside `for…in` is one V8 optimizes to a map check; `Object.hasOwn` is not.
const hasOwnKey = Object.prototype.hasOwnProperty;

/**
 * Reads the message's containers once for all the picks of one mapping; with a table, also gathers
 * the keys it wants from its large containers in one pass each.
 */
export function view(event: unknown, table?: FieldTable<string>): EventView {
  const context = ownValue(event, 'context');
  const out: unknown[] = new Array(table === undefined ? SLOTS_AT : SLOTS_AT + table.slotCount);
  out[0] = event;
  out[1] = ownValue(context, 'traits');
  out[2] = ownValue(event, 'traits');
  out[3] = context;
  out[4] = ownValue(event, 'properties');
  out[TABLE_AT] = table;
  if (table === undefined) return out;
  for (let c = 1; c < TABLE_AT; c++) {
    const slots = table.scans[c];
    const node = out[c];
    if (slots === undefined || !isObject(node)) continue;
    for (const key in node) {
      const slot = slots.get(key);
      if (slot !== undefined && hasOwnKey.call(node, key)) out[SLOTS_AT + slot] = node[key];
    }
  }
  return out;
}

function valueAt(event: EventView, from: Source): unknown {
  const value =
    from.slot >= 0 && event[TABLE_AT] === from.table
      ? event[SLOTS_AT + from.slot]
      : ownValue(event[from.container], from.key);
  return from.rest.length === 0 ? value : readPath(value, from.rest);
}

/** The first present value among the sources, or undefined. */
export function pickFirst(event: EventView, from: Sources): unknown {
  const table = event[TABLE_AT];
  for (let i = 0; i < from.length; i++) {
    const s = from[i];
    if (s === undefined) continue;
    let value =
      s.slot >= 0 && table === s.table
        ? event[SLOTS_AT + s.slot]
        : ownValue(event[s.container], s.key);
    if (value === undefined) continue;
    if (s.rest.length > 0) value = readPath(value, s.rest);
    if (isPresent(value)) return value;
  }
  return undefined;
}

/** The path `pickFirst` took its value from (for warnings), or the first path when none has one. */
export function pathOf(event: EventView, from: Sources): string {
  for (const s of from) {
    if (isPresent(valueAt(event, s))) return s.path;
  }
  return from[0]?.path ?? '';
}

/** The message's `properties`, as `view` read it. */
export function propertiesOf(event: EventView): unknown {
  return event[4];
}

/** RudderStack's notion of a value being there: `false` and `0` count, '' / null / NaN do not. */
export function isPresent(value: unknown): boolean {
  return (
    value !== undefined &&
    value !== null &&
    value !== '' &&
    !(typeof value === 'number' && Number.isNaN(value))
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string, or a finite number as its decimal string (ids and names often arrive as numbers). */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Sets an own enumerable property, also for `__proto__`, which plain assignment would turn into a
 * prototype change (or silently ignore).
 */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

const SHOWN_CHARS = 40;

/** A short description of a value for a warning: strings quoted and cut, others by kind. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > SHOWN_CHARS ? `${value.slice(0, SHOWN_CHARS)}…` : value;
    return JSON.stringify(cut);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '(null)';
  if (Array.isArray(value)) return '(an array)';
  return typeof value === 'object' || typeof value === 'undefined'
    ? `(an ${typeof value})`
    : `(a ${typeof value})`;
}

/** A property key as a warning shows it, cut like values. */
export function keyPath(parent: string, key: string): string {
  return `${parent}.${key.length > SHOWN_CHARS ? `${key.slice(0, SHOWN_CHARS)}…` : key}`;
}

/** Records why a value was corrected or dropped: `traits.gender "x" is not m or f: dropped`. */
export function warn(warnings: string[], path: string, value: unknown, reason: string): void {
  warnings.push(`${path} ${show(value)} ${reason}`);
}

/** `warn` for a picked value, naming the path it came from. */
export function warnAt(
  warnings: string[],
  event: EventView,
  from: Sources,
  value: unknown,
  reason: string,
): undefined {
  warn(warnings, pathOf(event, from), value, reason);
  return undefined;
}
