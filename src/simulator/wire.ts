/**
 * A request and an answer as the simulator's core sees them, whichever transport carries them
 * (msw handlers, the HTTP server, the inspection endpoints).
 */

export interface SimulatorRequest {
  method: string;
  /** An absolute URL or a path with its query, percent-encoding kept. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  bodyText: string;
}

/** An answer, or `drop` for a connection closed with no answer (a fault rule). */
export type SimulatorResponse =
  | { status: number; headers: Record<string, string>; bodyText: string }
  | { drop: true };
