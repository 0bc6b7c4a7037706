// The built-in local CSMS: an OcppServer answering every station request with the defaults
// of handlers.ts, a store of what stations did, and the HTTP API to look at them and send
// them calls. Used by `ocpp-station csms`, by `ocpp-station run` without --csms, and by tests.

import type { AddressInfo } from 'node:net';
import { systemClock, type Clock, type TimerHandle } from '../clock/clock.js';
import type {
  CsmsToStationAction,
  IdTokenInfoType,
  RegistrationStatusEnumType,
  RequestOf,
  ResponseOf,
} from '../generated/ocpp201/index.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { LocalCallError } from '../rpc/errors.js';
import { OcppServer, type OcppServerOptions } from '../rpc/server.js';
import { installHandlers, type CsmsSettings } from './handlers.js';
import { createHttpApi } from './http-api.js';
import { noteAcceptedCall } from './registration.js';
import { CsmsStore } from './store.js';
import { TariffMeter, type CsmsTariff } from './tariff.js';

export interface LocalCsmsOptions {
  /** OCPP WebSocket port; 0 (the default) picks a free one. */
  port?: number;
  /** HTTP API port; 0 (the default) picks a free one. */
  httpPort?: number;
  host?: string;
  heartbeatIntervalS?: number;
  bootRetryIntervalS?: number;
  bootStatus?: RegistrationStatusEnumType;
  /** Answers for particular idTokens (Authorize, TransactionEvent); any other is Accepted. */
  idTokens?: Record<string, IdTokenInfoType>;
  /** Answers to TransactionEvents wait this long, ms (a slow CSMS). */
  transactionAnswerDelayMs?: number;
  /** I: tell drivers this tariff and charge by it; none: no cost information (the default). */
  tariff?: CsmsTariff;
  /** I02.FR.01: how often running transactions get a CostUpdated, ms; 0: never. Default 30 s. */
  costUpdatedIntervalMs?: number;
  callTimeoutMs?: number;
  /**
   * Part 4 §3.3: accept permessage-deflate from stations that offer it (errata 2025-09: a CSMS
   * shall support it). Off by default: a station that reconnects right after an answer can have
   * its new connection replace the session while the old link's last frame is still being
   * inflated, so that answer is lost.
   */
  compression?: boolean;
  log?: Logger;
  clock?: Clock;
  tls?: OcppServerOptions['tls'];
  authenticate?: OcppServerOptions['authenticate'];
}

export interface LocalCsms {
  /** Where stations connect, without the station id: `ws://127.0.0.1:P/ocpp`. */
  url: string;
  httpUrl: string;
  store: CsmsStore;
  server: OcppServer;
  settings: CsmsSettings;
  call<A extends CsmsToStationAction>(stationId: string, action: A, payload: RequestOf<A>): Promise<ResponseOf<A>>;
  setBootStatus(status: RegistrationStatusEnumType): void;
  /** The IdTokenInfo to answer for `idToken` from now on; undefined: Accepted again. */
  setIdTokenInfo(idToken: string, info: IdTokenInfoType | undefined): void;
  close(): Promise<void>;
}

export async function startLocalCsms(options: LocalCsmsOptions = {}): Promise<LocalCsms> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const store = new CsmsStore({ now: () => clock.now() });
  const settings: CsmsSettings = {
    bootStatus: options.bootStatus ?? 'Accepted',
    heartbeatIntervalS: options.heartbeatIntervalS ?? 300,
    bootRetryIntervalS: options.bootRetryIntervalS ?? 10,
    ...(options.idTokens ? { idTokens: { ...options.idTokens } } : {}),
    ...(options.transactionAnswerDelayMs ? { transactionAnswerDelayMs: options.transactionAnswerDelayMs } : {}),
    ...(options.tariff ? { tariff: { ...options.tariff } } : {}),
  };
  const tariffMeter = new TariffMeter();

  const server = new OcppServer({
    host,
    port: options.port ?? 0,
    clock,
    log,
    compression: options.compression ?? false,
    ...(options.callTimeoutMs !== undefined ? { callTimeoutMs: options.callTimeoutMs } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.authenticate ? { authenticate: options.authenticate } : {}),
    onTrace: (stationId, direction, text) => store.recordFrame(stationId, direction, text),
    onStation: (session) => {
      const stationId = session.id;
      store.connected(stationId);
      const callLater = <A extends CsmsToStationAction>(action: A, payload: RequestOf<A>): void => {
        setTimeout(
          () => call(stationId, action, payload).catch((error: unknown) => log.warn({ err: error, stationId, action }, 'call failed')),
          0,
        );
      };
      installHandlers(session.endpoint, { stationId, store, settings, now: () => clock.now(), tariffMeter, callLater });
      session.onClose(() => {
        // A replaced connection closes after its successor opened: the station is still online.
        if (server.session(stationId) !== undefined) return;
        store.disconnected(stationId);
      });
    },
  });

  async function call<A extends CsmsToStationAction>(stationId: string, action: A, payload: RequestOf<A>): Promise<ResponseOf<A>> {
    const session = server.session(stationId);
    if (!session) throw new LocalCallError('OCPP_ERR_OFFLINE', `station ${stationId} is not connected`);
    const response = await session.endpoint.call(action, payload);
    if ((response as { status?: unknown }).status === 'Accepted') noteAcceptedCall(store, stationId, action, payload);
    return response;
  }

  const http = createHttpApi({
    store,
    settings,
    isConnected: (stationId) => server.session(stationId) !== undefined,
    call: (stationId, action, payload) => call(stationId, action, payload as RequestOf<typeof action>),
  });

  // I02.FR.01: the running cost of each transaction, sent while it changes.
  const costIntervalMs = options.costUpdatedIntervalMs ?? 30_000;
  let costTimer: TimerHandle | undefined;
  const sendCosts = (): void => {
    for (const { stationId, request } of tariffMeter.costUpdates(settings.tariff, (id) => server.session(id) !== undefined)) {
      call(stationId, 'CostUpdated', request).catch((error: unknown) => log.warn({ err: error, stationId }, 'CostUpdated failed'));
    }
    costTimer = clock.setTimeout(sendCosts, costIntervalMs);
  };

  const { port } = await server.listen();
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.httpPort ?? 0, '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  if (costIntervalMs > 0) costTimer = clock.setTimeout(sendCosts, costIntervalMs);
  const httpPort = (http.address() as AddressInfo).port;
  const wsHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  return {
    url: `${options.tls ? 'wss' : 'ws'}://${wsHost}:${port}/ocpp`,
    httpUrl: `http://127.0.0.1:${httpPort}/`,
    store,
    server,
    settings,
    call,
    setBootStatus: (status) => {
      settings.bootStatus = status;
    },
    setIdTokenInfo: (idToken, info) => {
      const others = Object.entries(settings.idTokens ?? {}).filter(([token]) => token.toLowerCase() !== idToken.toLowerCase());
      settings.idTokens = Object.fromEntries(info ? [...others, [idToken, info]] : others);
    },
    close: async () => {
      clock.clearTimeout(costTimer);
      await Promise.all([
        server.close(),
        new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        }),
      ]);
    },
  };
}
