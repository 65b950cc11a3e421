import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulatorCore } from '../../../src/simulator/core.js';
import { errorsOf, sender } from './helpers.js';

const LOOKUP = '/v1/customers/externalId=u';

function setup(...faults: Parameters<typeof createSimulatorCore>[0][]) {
  const core = createSimulatorCore(Object.assign({}, ...faults));
  return { core, send: sender(core) };
}

async function statuses(send: ReturnType<typeof sender>, count: number, path = LOOKUP) {
  const out: (number | 'dropped')[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await send('GET', path);
    out.push(answer === 'dropped' ? answer : answer.status);
  }
  return out;
}

describe('simulated faults', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers with the injected status and an errors body', async () => {
    const { send } = setup({ faults: [{ status: 503 }] });
    const answer = await send('POST', '/v1/customers', { name: 'A' });
    expect(answer).toMatchObject({ status: 503 });
    expect(errorsOf(answer)[0]?.code).toBe('service_unavailable');
  });

  it('gives an injected 429 an x-ratelimit-reset header', async () => {
    const { send } = setup({ faults: [{ status: 429 }] });
    const answer = await send('GET', LOOKUP);
    expect(answer).toMatchObject({ status: 429 });
    expect(answer !== 'dropped' && answer.headers['x-ratelimit-reset']).toMatch(/^\d+$/);
  });

  it('drops the connection', async () => {
    const { core, send } = setup({ faults: [{ drop: true }] });
    expect(await send('GET', LOOKUP)).toBe('dropped');
    expect(core.requests[0]).toMatchObject({
      method: 'GET',
      path: LOOKUP,
      status: 0,
      operationId: 'getCustomerByExternalId',
    });
  });

  it('holds the answer back until the delay has passed, then answers normally', async () => {
    vi.useFakeTimers();
    const { send } = setup({ faults: [{ delayMs: 5_000 }] });
    let settled = false;
    const pending = send('GET', LOOKUP).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({ status: 404 });
  });

  it('delays before dropping', async () => {
    vi.useFakeTimers();
    const { send } = setup({ faults: [{ delayMs: 1_000, drop: true }] });
    let settled = false;
    const pending = send('GET', LOOKUP).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toBe('dropped');
  });

  it('fires on every Nth matching request only', async () => {
    const { send } = setup({ faults: [{ status: 500, everyNth: 3 }] });
    expect(await statuses(send, 6)).toEqual([404, 404, 500, 404, 404, 500]);
  });

  it('stops after the given number of times', async () => {
    const { send } = setup({ faults: [{ status: 502, times: 2 }] });
    expect(await statuses(send, 4)).toEqual([502, 502, 404, 404]);
  });

  it('combines everyNth and times', async () => {
    const { send } = setup({ faults: [{ status: 500, everyNth: 2, times: 1 }] });
    expect(await statuses(send, 5)).toEqual([404, 500, 404, 404, 404]);
  });

  it('matches a path prefix against the decoded path', async () => {
    const { send } = setup({ faults: [{ status: 500, path: '/v1/customers/externalId=a b' }] });
    expect(await statuses(send, 1, '/v1/customers/externalId=a%20b%20c')).toEqual([500]);
    expect(await statuses(send, 1, '/v1/customers/externalId=x')).toEqual([404]);
  });

  it('matches a RegExp path, even a global one, on every request', async () => {
    const { send } = setup({ faults: [{ status: 500, path: /externalId=/g }] });
    expect(await statuses(send, 3)).toEqual([500, 500, 500]);
    expect(await statuses(send, 1, '/v1/customers/email=a%40b.co')).toEqual([404]);
  });

  it('matches the method in any case', async () => {
    const { send } = setup({ faults: [{ status: 500, method: 'post' }] });
    expect(await statuses(send, 1)).toEqual([404]);
    expect(await send('POST', '/v1/customers', {})).toMatchObject({ status: 500 });
  });

  it('counts everyNth over matching requests only', async () => {
    const { send } = setup({ faults: [{ status: 500, method: 'GET', everyNth: 2 }] });
    await send('POST', '/v1/customers', {});
    expect(await statuses(send, 2)).toEqual([404, 500]);
  });

  it('stops injecting once the remover is called', async () => {
    const { core, send } = setup();
    const remove = core.faults.add({ status: 500 });
    expect(await statuses(send, 1)).toEqual([500]);
    remove();
    expect(await statuses(send, 1)).toEqual([404]);
  });
});
