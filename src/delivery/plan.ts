/**
 * The requests an event would lead to, for dry runs: no I/O. `hit` says which lookup would find the
 * customer (`'none'`: a create); a kustomerId in the event always hits without a request.
 */
import type { EventPlan } from '../adapter/types.js';
import type { PlannedRequest } from './types.js';
import { kustomerUrl } from './urls.js';

export type LookupHit = 'none' | 'kustomerId' | 'email' | 'externalId';

// Shown in place of an id only the lookup's answer would give.
const FOUND_ID = '{id}';

export function planRequests(baseUrl: string, plan: EventPlan, hit: LookupHit): PlannedRequest[] {
  if (plan.type !== 'identify') {
    return [
      {
        method: 'POST',
        url: kustomerUrl(baseUrl, '/v1/tracking/identityEvent'),
        body: plan.body,
        purpose: `track ${plan.body.event.name}`,
      },
    ];
  }
  const requests: PlannedRequest[] = [];
  for (const lookup of plan.lookups) {
    if (lookup.by === 'kustomerId') return [...requests, update(baseUrl, lookup.value, plan.body)];
    const url =
      lookup.by === 'email'
        ? kustomerUrl(baseUrl, '/v1/customers/email={email}', { path: { email: lookup.value } })
        : kustomerUrl(baseUrl, '/v1/customers/externalId={externalId}', {
            path: { externalId: lookup.value },
          });
    requests.push({ method: 'GET', url, purpose: `lookup by ${lookup.by}` });
    if (hit === lookup.by) return [...requests, update(baseUrl, FOUND_ID, plan.body)];
  }
  requests.push({
    method: 'POST',
    url: kustomerUrl(baseUrl, '/v1/customers'),
    body: plan.body,
    purpose: 'create customer',
  });
  return requests;
}

function update(baseUrl: string, id: string, body: unknown): PlannedRequest {
  const url = kustomerUrl(baseUrl, '/v1/customers/{id}', {
    path: { id },
    query: { replace: false },
  });
  return {
    method: 'PUT',
    url: id === FOUND_ID ? url.replace(encodeURIComponent(FOUND_ID), FOUND_ID) : url,
    body,
    purpose: 'update customer',
  };
}
