// `ocpp-station local-controller --csms URL --port P [--group-limit-w W] [--own-connection]
// [--data-dir DIR] [--http P] [--id ID] [--tls-cert F --tls-key F [--tls-client-ca F]]
// [--ca F] [--client-cert F --client-key F]`: a K03 Local Controller on 127.0.0.1 in front of a
// CSMS. Stations connect to it as they would to the CSMS; it relays their frames and keeps the
// group within W watts and, with --own-connection, within the limit the CSMS sets on its own
// connection (a station without EVSEs named ID). TLS (Part 4 §6.5): --tls-* make it the TLS server
// of its stations, --ca and --client-* are its side as TLS client of a wss:// CSMS, for every
// relayed station and its own connection alike. Runs until SIGINT or SIGTERM.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalControllerApi } from '../local-controller/http-api.js';
import { LocalController } from '../local-controller/local-controller.js';
import type { CsmsSideTls, StationSideTls } from '../local-controller/relay-socket.js';
import { createLogger } from '../log/logger.js';
import { ControllerStation } from '../station/controller-station.js';
import { readCertificates, readKeyPair } from './certificate-options.js';
import { checkCsmsUrl, isBasicAuthPassword, portOption } from './command-options.js';
import { UsageError } from './usage-error.js';

export interface LocalControllerCommandOptions {
  csmsUrl: string;
  port: number;
  /** The configured group limit, W; none: only the one the CSMS sets on the own connection. */
  groupLimitW?: number;
  /** The controller's own connection to the CSMS: its data directory, and its Basic auth password (security profile 1/2). */
  own?: { dataDir: string; basicAuthPassword?: string };
  /** The HTTP API's port; none: no API. */
  httpPort?: number;
  id: string;
  /** wss:// towards the stations (--tls-cert, --tls-key, --tls-client-ca), PEM. */
  stationTls?: StationSideTls;
  /** Towards a wss:// CSMS (--ca, --client-cert, --client-key), PEM. */
  csmsTls?: CsmsSideTls;
}

type Values = Record<string, string | boolean | undefined>;

export function parseLocalControllerArgs(argv: string[]): LocalControllerCommandOptions {
  let values: Values;
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
        'basic-auth-password': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-client-ca': { type: 'string' },
        ca: { type: 'string' },
        'client-cert': { type: 'string' },
        'client-key': { type: 'string' },
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
  const password = text(values, 'basic-auth-password');
  if (password !== undefined && !ownConnection) throw new UsageError('--basic-auth-password is for --own-connection');
  if (password !== undefined && !isBasicAuthPassword(password)) throw new UsageError('--basic-auth-password must have 16 to 40 characters');
  const httpPort = portOption('--http', text(values, 'http'));
  const stationTls = stationSide(values);
  const csmsTls = csmsSide(values, csmsUrl);
  return {
    csmsUrl,
    port,
    id,
    ...(stationTls ? { stationTls } : {}),
    ...(csmsTls ? { csmsTls } : {}),
    ...(groupLimitW === undefined ? {} : { groupLimitW }),
    ...(ownConnection
      ? { own: { dataDir: resolve(dataDir ?? `.ocpp-station/${id}`), ...(password === undefined ? {} : { basicAuthPassword: password }) } }
      : {}),
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
      ...(options.own.basicAuthPassword === undefined ? {} : { basicAuthPassword: options.own.basicAuthPassword }),
      // It trusts the CSMS and presents itself as the relayed connections do.
      ...(options.csmsTls ? { link: options.csmsTls } : {}),
    });
  }
  const controller = new LocalController({
    id: options.id,
    csmsUrl: options.csmsUrl,
    ...(options.stationTls ? { stationTls: options.stationTls } : {}),
    ...(options.csmsTls ? { csmsTls: options.csmsTls } : {}),
    ...(options.groupLimitW === undefined ? {} : { groupLimitW: options.groupLimitW }),
    ...(own ? { own } : {}),
    warn: (message, detail) => log.warn(detail, message),
  });
  const api = new LocalControllerApi(controller, (error) => log.error({ err: error }, 'API request failed'));
  const port = await controller.listen(options.port);
  const apiPort = options.httpPort === undefined ? undefined : await api.listen(options.httpPort);
  own?.start();
  log.info({ id: options.id, csms: options.csmsUrl, groupLimitW: options.groupLimitW, tls: controller.scheme === 'wss' }, 'listening');
  process.stdout.write(
    `local-controller: ${controller.scheme}://127.0.0.1:${port}/ocpp\n${apiPort === undefined ? '' : `api: http://127.0.0.1:${apiPort}/\n`}`,
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

/** The controller as TLS server of its stations; none: plain ws://. */
function stationSide(values: Values): StationSideTls | undefined {
  const certFile = text(values, 'tls-cert');
  const keyFile = text(values, 'tls-key');
  const clientCaFile = text(values, 'tls-client-ca');
  if (certFile === undefined && keyFile === undefined) {
    if (clientCaFile !== undefined) throw new UsageError('--tls-client-ca needs --tls-cert and --tls-key');
    return undefined;
  }
  if (certFile === undefined || keyFile === undefined) throw new UsageError('--tls-cert and --tls-key go together');
  return {
    ...readKeyPair('--tls-cert', certFile, '--tls-key', keyFile),
    ...(clientCaFile === undefined ? {} : { clientCa: readCertificates('--tls-client-ca', clientCaFile).join('\n') }),
  };
}

/** The controller as TLS client of the CSMS; none: the system's roots and no client certificate. */
function csmsSide(values: Values, csmsUrl: string): CsmsSideTls | undefined {
  const caFile = text(values, 'ca');
  const certFile = text(values, 'client-cert');
  const keyFile = text(values, 'client-key');
  if (caFile === undefined && certFile === undefined && keyFile === undefined) return undefined;
  if (!csmsUrl.startsWith('wss://')) throw new UsageError('--ca, --client-cert and --client-key need --csms wss://...');
  if ((certFile === undefined) !== (keyFile === undefined)) throw new UsageError('--client-cert and --client-key go together');
  const pair =
    certFile !== undefined && keyFile !== undefined ? readKeyPair('--client-cert', certFile, '--client-key', keyFile) : undefined;
  return {
    ...(caFile === undefined ? {} : { ca: readCertificates('--ca', caFile).join('\n') }),
    ...(pair ? { clientCert: pair.cert, clientKey: pair.key } : {}),
  };
}

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string') throw new UsageError(`--${name} is required`);
  return value;
}

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
