// `ocpp-station local-controller --csms URL --port P --group-limit-w W [--http P] [--id ID]`:
// a K03 Local Controller on 127.0.0.1 in front of a CSMS. Stations connect to it as they would to
// the CSMS; it relays their frames and keeps the group within W watts. Runs until SIGINT or SIGTERM.

import { parseArgs } from 'node:util';
import { LocalControllerApi } from '../local-controller/http-api.js';
import { LocalController } from '../local-controller/local-controller.js';
import { createLogger } from '../log/logger.js';
import { checkCsmsUrl, portOption } from './command-options.js';
import { UsageError } from './usage-error.js';

export interface LocalControllerCommandOptions {
  csmsUrl: string;
  port: number;
  groupLimitW: number;
  /** The HTTP API's port; none: no API. */
  httpPort?: number;
  id: string;
}

export function parseLocalControllerArgs(argv: string[]): LocalControllerCommandOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        csms: { type: 'string' },
        port: { type: 'string' },
        'group-limit-w': { type: 'string' },
        http: { type: 'string' },
        id: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const csmsUrl = required(values, 'csms');
  checkCsmsUrl(csmsUrl);
  const port = portOption('--port', required(values, 'port'));
  const limitText = required(values, 'group-limit-w');
  const groupLimitW = Number(limitText);
  if (!/^\d+(\.\d+)?$/.test(limitText) || !Number.isFinite(groupLimitW))
    throw new UsageError(`--group-limit-w ${limitText}: expected watts, a number of 0 or more`);
  const id = values.id ?? 'LC';
  if (!/^[A-Za-z0-9*\-_=+|@.]{1,48}$/.test(id)) throw new UsageError(`--id ${id}: 1 to 48 characters of A-Z a-z 0-9 * - _ = + | @ .`);
  const httpPort = portOption('--http', values.http);
  return { csmsUrl, port, groupLimitW, id, ...(httpPort === undefined ? {} : { httpPort }) };
}

export async function runLocalControllerCommand(argv: string[]): Promise<void> {
  const options = parseLocalControllerArgs(argv);
  const log = createLogger({ name: 'local-controller' });
  const controller = new LocalController({
    id: options.id,
    csmsUrl: options.csmsUrl,
    groupLimitW: options.groupLimitW,
    warn: (message, detail) => log.warn(detail, message),
  });
  const api = new LocalControllerApi(controller, (error) => log.error({ err: error }, 'API request failed'));
  const port = await controller.listen(options.port);
  const apiPort = options.httpPort === undefined ? undefined : await api.listen(options.httpPort);
  log.info({ id: options.id, csms: options.csmsUrl, groupLimitW: options.groupLimitW }, 'listening');
  process.stdout.write(
    `local-controller: ws://127.0.0.1:${port}/ocpp\n${apiPort === undefined ? '' : `api: http://127.0.0.1:${apiPort}/\n`}`,
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log.info({ signal }, 'stopping');
      Promise.all([api.close(), controller.close()]).then(
        () => resolve(),
        (error: unknown) => {
          log.error({ err: error }, 'close failed');
          resolve();
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function required(values: Record<string, string | undefined>, name: string): string {
  const value = values[name];
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}
