// `ocpp-station csms [--port P] [--http P]`: the built-in local CSMS on 127.0.0.1
// (contract: station-cli-and-control-api.md). Runs until SIGINT or SIGTERM.

import { parseArgs } from 'node:util';
import { startLocalCsms } from '../csms/local-csms.js';
import { createLogger } from '../log/logger.js';
import { portOption } from './command-options.js';
import { UsageError } from './usage-error.js';

export interface CsmsCommandOptions {
  port: number;
  httpPort: number;
}

export function parseCsmsArgs(argv: string[]): CsmsCommandOptions {
  let values: { port?: string | undefined; http?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, http: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { port: portOption('--port', values.port, 9000), httpPort: portOption('--http', values.http, 9100) };
}

export async function runCsmsCommand(argv: string[]): Promise<void> {
  const { port, httpPort } = parseCsmsArgs(argv);
  const log = createLogger({ name: 'csms' });
  const csms = await startLocalCsms({ port, httpPort, log });
  process.stdout.write(`csms: ${csms.url}\napi: ${csms.httpUrl}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log.info({ signal }, 'stopping');
      csms.close().then(resolve, (error: unknown) => {
        log.error({ err: error }, 'close failed');
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
