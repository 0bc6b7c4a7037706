// `ocpp-station local-controller --csms URL --port P [--group-limit-w W] [--own-connection]
// [--data-dir DIR] [--http P] [--id ID]`: a K03 Local Controller on 127.0.0.1 in front of a CSMS.
// Stations connect to it as they would to the CSMS; it relays their frames and keeps the group
// within W watts and, with --own-connection, within the limit the CSMS sets on its own connection
// (a station without EVSEs named ID). Runs until SIGINT or SIGTERM.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalControllerApi } from '../local-controller/http-api.js';
import { LocalController } from '../local-controller/local-controller.js';
import { createLogger } from '../log/logger.js';
import { ControllerStation } from '../station/controller-station.js';
import { checkCsmsUrl, portOption } from './command-options.js';
import { UsageError } from './usage-error.js';

export interface LocalControllerCommandOptions {
  csmsUrl: string;
  port: number;
  /** The configured group limit, W; none: only the one the CSMS sets on the own connection. */
  groupLimitW?: number;
  /** The controller's own connection to the CSMS, with its data directory. */
  own?: { dataDir: string };
  /** The HTTP API's port; none: no API. */
  httpPort?: number;
  id: string;
}

export function parseLocalControllerArgs(argv: string[]): LocalControllerCommandOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        csms: { type: 'string' },
        port: { type: 'string' },
        'group-limit-w': { type: 'string' },
        'own-connection': { type: 'boolean' },
        'data-dir': { type: 'string' },
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
  const ownConnection = values['own-connection'] === true;
  const limitText = text(values, 'group-limit-w');
  if (limitText === undefined && !ownConnection)
    throw new UsageError('--group-limit-w is required, unless --own-connection lets the CSMS set the group limit');
  const groupLimitW = limitText === undefined ? undefined : Number(limitText);
  if (limitText !== undefined && (!/^\d+(\.\d+)?$/.test(limitText) || !Number.isFinite(groupLimitW)))
    throw new UsageError(`--group-limit-w ${limitText}: expected watts, a number of 0 or more`);
  const id = text(values, 'id') ?? 'LC';
  if (!/^[A-Za-z0-9*\-_=+|@.]{1,48}$/.test(id)) throw new UsageError(`--id ${id}: 1 to 48 characters of A-Z a-z 0-9 * - _ = + | @ .`);
  const dataDir = text(values, 'data-dir');
  if (dataDir !== undefined && !ownConnection) throw new UsageError('--data-dir is for --own-connection');
  const httpPort = portOption('--http', text(values, 'http'));
  return {
    csmsUrl,
    port,
    id,
    ...(groupLimitW === undefined ? {} : { groupLimitW }),
    ...(ownConnection ? { own: { dataDir: resolve(dataDir ?? `.ocpp-station/${id}`) } } : {}),
    ...(httpPort === undefined ? {} : { httpPort }),
  };
}

export async function runLocalControllerCommand(argv: string[]): Promise<void> {
  const options = parseLocalControllerArgs(argv);
  const log = createLogger({ name: 'local-controller' });
  let own: ControllerStation | undefined;
  if (options.own) {
    mkdirSync(options.own.dataDir, { recursive: true, mode: 0o700 });
    own = new ControllerStation({
      id: options.id,
      csmsUrl: options.csmsUrl,
      dbFile: join(options.own.dataDir, 'station.db'),
      log: log.child({ own: options.id }),
    });
  }
  const controller = new LocalController({
    id: options.id,
    csmsUrl: options.csmsUrl,
    ...(options.groupLimitW === undefined ? {} : { groupLimitW: options.groupLimitW }),
    ...(own ? { own } : {}),
    warn: (message, detail) => log.warn(detail, message),
  });
  const api = new LocalControllerApi(controller, (error) => log.error({ err: error }, 'API request failed'));
  const port = await controller.listen(options.port);
  const apiPort = options.httpPort === undefined ? undefined : await api.listen(options.httpPort);
  own?.start();
  log.info({ id: options.id, csms: options.csmsUrl, groupLimitW: options.groupLimitW }, 'listening');
  process.stdout.write(
    `local-controller: ws://127.0.0.1:${port}/ocpp\n${apiPort === undefined ? '' : `api: http://127.0.0.1:${apiPort}/\n`}`,
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log.info({ signal }, 'stopping');
      Promise.all([api.close(), controller.close(), own?.stop()]).then(
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

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string') throw new UsageError(`--${name} is required`);
  return value;
}

function text(values: Record<string, string | boolean | undefined>, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
