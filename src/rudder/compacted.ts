/**
 * The compacted request form (`X-Content-Format: json+compactedv1`, docs/rudder-contract.md §1):
 * each destination and connection sent once, put back on every event here.
 */
import { HttpProblem } from './http-body.js';
import type { RudderDestination, TransformerInput } from './types.js';

/** The plain array, or the compacted `{input, destinations, connections}` (docs/rudder-contract.md §1). */
export function processorInputs(body: unknown): TransformerInput[] {
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null && Array.isArray(Reflect.get(body, 'input'))) {
    const compacted = body as { input: unknown[]; destinations?: unknown; connections?: unknown };
    const inputs = expandCompacted(compacted.input, compacted.destinations, compacted.connections);
    return Array.isArray(inputs) ? inputs : [];
  }
  throw new HttpProblem(
    400,
    'Expected a JSON array of events, or {input, destinations, connections}',
  );
}

/**
 * Puts each event's destination and connection back, as RudderStack's transformer does with the
 * compacted form (docs/rudder-contract.md §1). An event whose destination is missing keeps none and
 * fails on its own with a 400, rather than the whole request failing.
 */
export function expandCompacted(
  input: unknown,
  destinations: unknown,
  connections: unknown,
): unknown {
  if (!Array.isArray(input) || typeof destinations !== 'object' || destinations === null) {
    return input;
  }
  const byId = destinations as Record<string, RudderDestination>;
  const links =
    typeof connections === 'object' && connections !== null
      ? (connections as Record<string, unknown>)
      : {};
  return input.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) return item;
    const event = item as TransformerInput;
    if (event.destination !== undefined) return event;
    const destinationId = event.metadata?.destinationId;
    const sourceId = event.metadata?.sourceId;
    const expanded: TransformerInput = { ...event };
    const destination =
      typeof destinationId === 'string' && Object.hasOwn(byId, destinationId)
        ? byId[destinationId]
        : undefined;
    if (destination !== undefined) {
      expanded.destination = destination;
      const link = `${String(sourceId)}:${destinationId}`;
      if (Object.hasOwn(links, link)) expanded.connection = links[link];
    }
    return expanded;
  });
}
