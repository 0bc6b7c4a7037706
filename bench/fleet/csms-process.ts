// The built-in CSMS in a process of its own for `npm run bench:fleet`, so that what the fleet
// process measures is the stations alone. Prints its URL, then serves until killed.

import { startLocalCsms } from '../../src/csms/local-csms.js';
import { createLogger } from '../../src/log/logger.js';

const heartbeatIntervalS = Number(process.env.BENCH_HEARTBEAT_S ?? 10);
// Compression accepted, as Part 4 §3.3 asks of a CSMS: the fleet's stations offer it only with --compression.
const csms = await startLocalCsms({ heartbeatIntervalS, compression: true, log: createLogger({ name: 'bench-csms', level: 'error' }) });
process.stdout.write(`${JSON.stringify({ url: csms.url })}\n`);
