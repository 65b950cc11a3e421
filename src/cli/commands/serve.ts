/**
 * `serve`: the RudderStack transformer contract over HTTP (docs/rudder-contract.md §1–2), for
 * rudder-server's DEST_TRANSFORM_URL.
 */

import { createServer } from 'node:http';
import type { Command } from 'commander';
import { CustomerMemory, createTransformerHandler } from '../../rudder/index.js';
import { onStopSignal, writeOut } from '../io.js';
import { createStderrLogger } from '../logger.js';
import { configurationMessage, integerIn, listenError, UsageError } from '../options.js';
import { asWorker, isServeWorker, parseWorkers, runPrimary } from '../serve-workers.js';

interface Flags {
  port: number;
  host: string;
  maxBodyBytes?: number;
  timeoutMs?: number;
  allowInsecureBaseEndpoint?: boolean;
  maxConcurrentRequests?: number;
  maxInflightBodyBytes?: number;
  maxOutboundRequests?: number;
  maxOutboundPerKey?: number;
  upstream?: string;
  verbose?: boolean;
  workers: number;
}

/** rudder-transformer's own default port. */
const DEFAULT_PORT = 9090;
/** How long open connections get to finish after SIGINT/SIGTERM. */
const CLOSE_GRACE_MS = 5_000;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('serve the RudderStack transformer contract over HTTP')
    .description(
      'Serve POST /v0/destinations/kustomer (processor), POST /routerTransform, POST /deleteUsers ' +
        '(user deletion), GET /features, GET /metrics (Prometheus) and GET /health, answering ' +
        'like rudder-transformer does for its Kustomer destination; with --upstream, every other ' +
        'destination and path is forwarded to that rudder-transformer. Identify lookups and ' +
        "deletions are made against the Kustomer host in each event's destination config.",
    )
    .option(
      '--port <n>',
      'port to listen on; 0 picks a free one',
      integerIn(0, 65_535),
      DEFAULT_PORT,
    )
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--max-body-bytes <n>', 'largest request body accepted', integerIn(1, 1_073_741_824))
    .option('--timeout-ms <n>', 'timeout of each lookup request to Kustomer', integerIn(1, 600_000))
    .option(
      '--max-concurrent-requests <n>',
      'transform requests handled at once; four times as many wait in arrival order, the rest get 503 with Retry-After (default 32)',
      integerIn(1, 100_000),
    )
    .option(
      '--max-inflight-body-bytes <n>',
      'request-body bytes held at once over all requests; more get 503 (default 16 MB)',
      integerIn(1, 1_073_741_824),
    )
    .option(
      '--max-outbound-requests <n>',
      'lookups to Kustomer in flight at once, over all API keys (default 64)',
      integerIn(1, 100_000),
    )
    .option(
      '--max-outbound-per-key <n>',
      'lookups to Kustomer in flight at once for one API key (default 16)',
      integerIn(1, 100_000),
    )
    .option(
      '--upstream <url>',
      'a rudder-transformer to send every other destination and path to, so DEST_TRANSFORM_URL can point here alone',
    )
    .option(
      '--workers <n>',
      'processes answering on the port, each with its own limits and customer memory; auto: one per core (default 1)',
      parseWorkers,
      1,
    )
    .option('--verbose', 'print one line per lookup attempt and per invalid event on stderr')
    .option(
      '--allow-insecure-base-endpoint',
      'accept a baseEndpoint outside https *.kustomerapp.com (a local simulator)',
    )
    .addHelpText(
      'after',
      `
Point rudder-server at it:
  DEST_TRANSFORM_URL=http://127.0.0.1:${DEFAULT_PORT}

Example:
  $ kustomer-destination serve --port ${DEFAULT_PORT}`,
    )
    .action(async (flags: Flags) => {
      if (flags.workers > 1 && !isServeWorker()) {
        await runPrimary(flags.workers, CLOSE_GRACE_MS, (port) => announce(flags, port));
      } else await runServe(flags);
    });
}

async function runServe(flags: Flags): Promise<void> {
  // A worker's memory is its own, made here so that deletions elsewhere can empty it.
  const memory = isServeWorker() ? new CustomerMemory() : undefined;
  // Commander sets only the flags given; the rest are the handler's options, named alike.
  const { port, host, verbose, workers, ...options } = flags;
  let handler: ReturnType<typeof createTransformerHandler>;
  try {
    handler = createTransformerHandler({
      ...options,
      ...(verbose ? { logger: createStderrLogger() } : {}),
      ...(memory === undefined ? {} : { clusterMetrics: true, customerMemory: memory }),
    });
  } catch (error) {
    throw new UsageError(configurationMessage(error));
  }
  const server = createServer(memory === undefined ? handler : asWorker(handler, memory));
  await new Promise<void>((listening, failed) => {
    server.once('error', (error) => failed(listenError(error, host, port)));
    server.listen(port, host, () => {
      server.off('error', failed);
      listening();
    });
  });
  const address = server.address();
  // A worker's port is its primary's to announce, once every worker listens.
  if (memory === undefined) {
    await announce(flags, typeof address === 'object' && address !== null ? address.port : port);
  }

  onStopSignal(() => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, CLOSE_GRACE_MS).unref();
  });
}

/** The lines that say where `serve` answers, ending in `ready`. */
function announce(flags: Flags, port: number): Promise<void> {
  const url = `http://${flags.host.includes(':') ? `[${flags.host}]` : flags.host}:${port}`;
  return writeOut(
    `Kustomer transformer listening on ${url}\n` +
      `  POST ${url}/v0/destinations/kustomer\n` +
      `  POST ${url}/routerTransform\n` +
      `  POST ${url}/deleteUsers\n` +
      `  GET  ${url}/health\n` +
      `  GET  ${url}/features\n` +
      `  GET  ${url}/metrics\n` +
      (flags.upstream === undefined ? '' : '  everything else: the upstream transformer\n') +
      (flags.workers > 1 ? `  ${flags.workers} workers\n` : '') +
      `Point rudder-server at it: DEST_TRANSFORM_URL=${url}\n` +
      'ready\n',
  );
}
