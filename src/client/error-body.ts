/**
 * What an error answer says: Kustomer's code and messages, read from whatever body came back.
 */

/**
 * Code and messages from either of Kustomer's error shapes: `errors[].code/message`, or JSON:API
 * `errors[].status/code/title/detail` (https://developer.kustomer.com/docs/concepts/errors). A body
 * in neither shape still says why when it can: a top-level `message`, `error`, `detail` or `title`
 * (a gateway's 403 naming the missing role), or a short plain-text body; never an HTML page.
 */
export function readErrorBody(body: unknown): { code: string | undefined; messages: string[] } {
  if (typeof body === 'string') return { code: undefined, messages: plainText(body) };
  const items = isObject(body) && Array.isArray(body.errors) ? body.errors : [];
  let code: string | undefined;
  const messages: string[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    if (code === undefined && typeof item.code === 'string' && item.code !== '') code = item.code;
    const parts = textsOf(item, ['message', 'title', 'detail']);
    if (parts.length > 0) messages.push(parts.join(': '));
  }
  if (messages.length > 0 || !isObject(body)) return { code, messages };
  const top = textsOf(body, ['message', 'error', 'detail', 'title']);
  if (code === undefined && typeof body.code === 'string' && body.code !== '') code = body.code;
  return { code, messages: top.length > 0 ? [top.join(': ')] : [] };
}

/** The distinct non-empty strings among `keys` of `item`, in that order. */
function textsOf(item: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys
    .map((key) => item[key])
    .filter(
      (part, index, all): part is string =>
        typeof part === 'string' && part !== '' && all.indexOf(part) === index,
    );
}

/** Longest plain-text error body kept as a message. */
const MAX_TEXT_MESSAGE = 300;

function plainText(body: string): string[] {
  const text = body.trim();
  if (text === '' || text.startsWith('<')) return [];
  return [text.length > MAX_TEXT_MESSAGE ? `${text.slice(0, MAX_TEXT_MESSAGE)}…` : text];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
