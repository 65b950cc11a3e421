import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { identify, track } from '../support/events.js';
import { spawnCli, waitForOutput } from './support/cli.js';
import { useSimulatorServer } from './support/simulator.js';

const API_KEY = 'serve-delete-key';
const kustomer = useSimulatorServer(API_KEY);

async function startServe(): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawnCli(['serve', '--port', '0', '--allow-insecure-base-endpoint', '--verbose']);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [, url] = await waitForOutput(child, /listening on (http:\/\/\S+)\n[\s\S]*^ready$/m);
  return { url: url ?? '', child, stderr: () => stderr };
}

const deleteUsers = async (url: string, body: unknown) => {
  const response = await fetch(`${url}/deleteUsers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('serve POST /deleteUsers (rudder-server regulation requests)', () => {
  it('deletes a user created by identify and tracked, then answers a second deletion with success', async () => {
    const destination = createKustomerDestination({
      apiKey: API_KEY,
      baseUrl: kustomer.url,
      allowInsecureBaseUrl: true,
    });
    await destination.send(identify('u1', { name: 'Ada' }));
    await destination.send(track('u1', 'Paid'));
    const serve = await startServe();
    const request = {
      destType: 'KUSTOMER',
      userAttributes: [{ userId: 'u1', email: 'u1@example.com' }],
      config: { apiKey: API_KEY, baseEndpoint: kustomer.url },
    };

    const first = await deleteUsers(serve.url, [request]);
    expect(first).toEqual({ status: 200, body: [{ statusCode: 200, status: 'successful' }] });
    expect(kustomer.simulator.customers).toHaveLength(0);
    const second = await deleteUsers(serve.url, [request]);
    expect(second.body).toEqual([{ statusCode: 200, status: 'successful' }]);

    // --verbose: one line per Kustomer attempt, by path template, never the key or the email.
    expect(serve.stderr()).toMatch(/method=DELETE path=\/v1\/customers\/\{id\} status=204/);
    expect(serve.stderr()).not.toContain(API_KEY);
    expect(serve.stderr()).not.toContain('u1@example.com');
  });

  it('answers 401 from Kustomer as the status of the whole response', async () => {
    const serve = await startServe();
    const answer = await deleteUsers(serve.url, [
      {
        destType: 'KUSTOMER',
        userAttributes: [{ userId: 'u1' }],
        config: { apiKey: 'another-key', baseEndpoint: kustomer.url },
      },
    ]);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual([{ statusCode: 401, error: expect.any(String) }]);
  });
});
