/**
 * Prometheus metrics across the workers of `serve --workers N` (node:cluster): any worker may get
 * the scrape, so it asks the primary, whose prom-client `AggregatorRegistry` collects every
 * worker's registry over the cluster's IPC channel and sums them (counters, histograms, and gauges
 * such as requests in flight; docs/metrics.md). One scrape then sees the whole server, whichever
 * worker answers it.
 */
import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const ASK = 'kustomer-destination:metrics';
const ANSWER = 'kustomer-destination:metrics-answer';
/** prom-client gives up on a worker that has not answered within 5 s; the primary answers within that. */
const ANSWER_TIMEOUT_MS = 10_000;

interface Ask {
  type: typeof ASK;
  id: number;
}
interface Answer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

export interface MetricsText {
  contentType: string;
  text: string;
}

/**
 * In a worker: registers `registry` for the primary's aggregation, and returns what answers a
 * scrape: the whole cluster's metrics, as the primary aggregates them.
 */
export function clusterMetricsOfWorker(registry: Registry): () => Promise<MetricsText> {
  // Constructed for its side effect: prom-client's listener that hands this worker's metrics over.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  const waiting = new Map<number, (answer: Answer) => void>();
  let next = 0;
  process.on('message', (message: Partial<Answer>) => {
    if (message?.type !== ANSWER || typeof message.id !== 'number') return;
    waiting.get(message.id)?.(message as Answer);
  });
  return () =>
    new Promise((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('the primary did not answer with the metrics'));
      }, ANSWER_TIMEOUT_MS);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (answer.text === undefined) reject(new Error(answer.error ?? 'no metrics'));
        else
          resolve({ contentType: AggregatorRegistry.PROMETHEUS_CONTENT_TYPE, text: answer.text });
      });
      process.send?.({ type: ASK, id } satisfies Ask);
    });
}

/** In the primary: answers the workers' scrapes with every worker's metrics, aggregated. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: Partial<Ask>) => {
    if (message?.type !== ASK || typeof message.id !== 'number') return;
    const id = message.id;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id, text } satisfies Answer),
      (error: unknown) => worker.send({ type: ANSWER, id, error: String(error) } satisfies Answer),
    );
  });
}
