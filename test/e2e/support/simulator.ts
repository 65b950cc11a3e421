/** A fresh simulator HTTP server for each test of a file, on 127.0.0.1, stopped after it. */
import { afterEach, beforeEach } from 'vitest';
import { createKustomerSimulator } from '../../../src/simulator/index.js';
import type { KustomerSimulator } from '../../../src/simulator/types.js';
import { killAll } from './cli.js';

export interface SimulatorServer {
  readonly simulator: KustomerSimulator;
  readonly url: string;
}

export function useSimulatorServer(apiKey: string): SimulatorServer {
  let simulator: KustomerSimulator | undefined;
  let url = '';
  beforeEach(async () => {
    simulator = createKustomerSimulator({ apiKey, strict: true });
    ({ url } = await simulator.listen(0, '127.0.0.1'));
  });
  afterEach(async () => {
    // The CLI children first: they hold connections to the server.
    killAll();
    await simulator?.close();
  });
  return {
    get simulator() {
      if (!simulator) throw new Error('the simulator runs only inside a test');
      return simulator;
    },
    get url() {
      return url;
    },
  };
}
