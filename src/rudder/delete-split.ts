/**
 * `POST /deleteUsers` with an upstream transformer: each element names its own `destType`
 * (docs/rudder-contract.md §8), so Kustomer's are deleted here, the others go upstream in one
 * call, and the answers are put back in request order (docs/rudder-contract.md §10).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type DeletionResponse, processDeleteUsers } from './delete-users.js';
import type { TransformOptions } from './types.js';
import type { Upstream } from './upstream.js';

export async function deleteUsersSplit(
  body: unknown,
  options: TransformOptions,
  upstream: Upstream,
  headers: IncomingHttpHeaders,
): Promise<DeletionResponse[]> {
  if (!Array.isArray(body)) return processDeleteUsers(body, options);
  const ours: number[] = [];
  const theirs: number[] = [];
  body.forEach((request: unknown, index) => {
    (isKustomer(request) ? ours : theirs).push(index);
  });
  const [local, remote] = await Promise.all([
    ours.length === 0
      ? []
      : processDeleteUsers(
          ours.map((index) => body[index]),
          options,
        ),
    theirs.length === 0
      ? []
      : upstreamDeletions(
          theirs.map((index) => body[index]),
          upstream,
          headers,
        ),
  ]);
  const answers: DeletionResponse[] = new Array(body.length);
  ours.forEach((index, n) => {
    answers[index] = local[n] ?? { statusCode: 500, error: 'No answer' };
  });
  theirs.forEach((index, n) => {
    answers[index] = remote[n] ?? {
      statusCode: 502,
      error: 'No answer from the upstream transformer',
    };
  });
  return answers;
}

async function upstreamDeletions(
  requests: unknown[],
  upstream: Upstream,
  headers: IncomingHttpHeaders,
): Promise<DeletionResponse[]> {
  const answer = await upstream.json('POST', '/deleteUsers', requests, headers);
  if (Array.isArray(answer.body)) return answer.body as DeletionResponse[];
  // An answer that is not one element per request stands for all of them.
  const error = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return requests.map(() => ({ statusCode: answer.status, error }));
}

function isKustomer(request: unknown): boolean {
  if (typeof request !== 'object' || request === null) return false;
  const destType = Reflect.get(request, 'destType');
  return typeof destType === 'string' && destType.toUpperCase() === 'KUSTOMER';
}
