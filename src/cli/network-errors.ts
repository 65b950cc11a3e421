/**
 * A `fetch` whose network errors name the system's reason. Node's fetch
 * (https://nodejs.org/api/globals.html#fetch, undici) rejects with `TypeError('fetch failed')` and
 * keeps `ECONNREFUSED`, `ENOTFOUND`, … only in its `cause` (an `Error` or an `AggregateError` with a
 * `code`); the client reports the message alone, so the code is added to the message here, where the
 * command line can show it.
 */

type Fetch = (request: Request) => Promise<Response>;

/** The first system error code (`ECONNREFUSED`) along an error's cause chain. */
export function systemCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    if ('code' in current && typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) {
      return current.code;
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** Wraps `inner` (default: the global fetch at call time) so that its network errors name their code. */
export function fetchNamingSystemErrors(inner?: Fetch): Fetch {
  return async (request) => {
    try {
      return await (inner ?? globalThis.fetch)(request);
    } catch (error) {
      const code = systemCodeOf(error);
      if (!(error instanceof Error) || error.name === 'AbortError' || code === undefined) {
        throw error;
      }
      if (error.message.includes(code)) throw error;
      throw new TypeError(`${error.message} (${code})`, { cause: error });
    }
  };
}
