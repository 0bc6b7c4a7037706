// `npm run report:fleet-demo`: the load-test report of a 5-minute run of 1,000 stations with
// charging sessions against the built-in CSMS, heartbeat every 60 s. Writes report.json and
// report.html into $FLEET_REPORT_DIR (default ./fleet-report/). Uses the whole machine for 5 min.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.env.FLEET_REPORT_DIR ?? 'fleet-report');
mkdirSync(dir, { recursive: true });
const cli = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
const args = [
  ...['fleet', '--count', '1000', '--sessions', '--duration', '300', '--ramp-per-s', '100'],
  ...['--set', 'OCPPCommCtrlr/HeartbeatInterval=60'],
  ...['--report', join(dir, 'report.json'), '--report-html', join(dir, 'report.html')],
];
const { status } = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
if (status === 0) process.stdout.write(`report: ${join(dir, 'report.json')}, ${join(dir, 'report.html')}\n`);
process.exit(status ?? 1);
