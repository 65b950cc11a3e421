/**
 * `kustomer-destination/testing`: a stateful fake Kustomer for tests and demos. One core answers
 * through msw handlers (in-process) and through a node:http server.
 *
 * msw is an optional peer dependency: nothing here imports it at load time, and the public types
 * do not name it (./types.ts). The `handlers` getter loads it with `require('msw')` on first use
 * (Node ≥ 20.19 resolves msw's `module-sync` export to the same ESM instance that `import 'msw'`
 * gives the caller's tests).
 */
import { createRequire } from 'node:module';
import { createSimulatorCore } from './core.js';
import { createMswHandlers, type MswModule } from './msw.js';
import { createSimulatorServer } from './server.js';
import type { KustomerSimulator, SimulatorHandlers, SimulatorOptions } from './types.js';

export type {
  FaultRule,
  KustomerSimulator,
  RecordedRequest,
  SimulatedBulkJob,
  SimulatedCompany,
  SimulatedCompanyAttributes,
  SimulatedCustomer,
  SimulatedCustomerAttributes,
  SimulatedEvent,
  SimulatorHandlers,
  SimulatorOptions,
} from './types.js';

/**
 * Creates a simulator. With `apiKey` it accepts only that bearer key; with `roles` it answers 403
 * to operations the key has no role for; with `rateLimitPerMinute` it answers 429 once a
 * 60-second window's budget is spent; with `strict` it holds bodies to the package's own spec.
 * An unknown option is a `ConfigurationError`.
 */
export function createKustomerSimulator(options: SimulatorOptions = {}): KustomerSimulator {
  const core = createSimulatorCore(options);
  const server = createSimulatorServer(core);
  let handlers: SimulatorHandlers | undefined;

  return {
    get handlers() {
      // msw's RequestHandler[] under a type that does not name msw (./types.ts).
      handlers ??= createMswHandlers(core, loadMsw()) as unknown as SimulatorHandlers;
      return handlers;
    },
    listen: (port, host) => server.listen(port, host),
    close: () => server.close(),
    get customers() {
      core.store.bulk.settle();
      return snapshot(core.store.customers.all());
    },
    get companies() {
      return snapshot(core.store.companies.all());
    },
    get events() {
      return snapshot(core.store.tracking.events());
    },
    get jobs() {
      return snapshot(core.store.bulk.all());
    },
    get requests() {
      return snapshot(core.requests);
    },
    inject: (fault) => core.faults.add(fault),
    reset: () => core.reset(),
  };
}

function loadMsw(): MswModule {
  try {
    return createRequire(import.meta.url)('msw') as MswModule;
  } catch (cause) {
    throw new Error(
      'The simulator handlers need msw 2 (npm install --save-dev msw@2); listen() works without it',
      { cause },
    );
  }
}

/** A deep, frozen copy: callers can read the simulator's state but never change it. */
function snapshot<T>(items: readonly T[]): readonly T[] {
  return deepFreeze(structuredClone(items));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
