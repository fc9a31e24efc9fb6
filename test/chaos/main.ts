// `npm run chaos [-- --short]`: the reliability suite of issue 12 (docs/reliability.md).
import { connectors } from '../support/repo-connectors.js';
import { fullPlan, shortPlan } from './plans.js';
import { runChaos } from './run-chaos.js';

const short = process.argv.includes('--short');
const report = await runChaos(short ? shortPlan() : fullPlan(), connectors);
for (const line of report.lines) console.log(line);
process.exit(report.passed ? 0 : 1);
