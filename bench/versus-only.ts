/**
 * `npm run bench:versus`: section 6 alone (serve beside rudder-transformer), printed, and its
 * figures merged into bench/results.json under `results["versus rudder-transformer"]`.
 */
import { fileURLToPath } from 'node:url';
import { assertBuilt } from './processes.js';
import { Report } from './report.js';
import { benchVersusRudder, reportVersus, rudderTransformerDir } from './versus-rudder.js';

assertBuilt();
const dir = rudderTransformerDir();
if (dir === undefined) {
  throw new Error(
    'No built rudder-transformer: set RUDDER_TRANSFORMER_DIR or build one beside the project',
  );
}
const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
const runs = await benchVersusRudder({ dir, seconds, clients: [8, 64] });
const report = new Report();
reportVersus(report, runs);
report.print();
report.mergeInto(fileURLToPath(new URL('./results.json', import.meta.url)), {
  'versus rudder-transformer': runs,
});
