// How the local CSMS answers each of the 25 station-to-CSMS actions: permissive defaults
// for a development back end (boot as configured, every id token Accepted, notifications
// acknowledged). The route table is checked by the compiler to cover every action.

import {
  STATION_TO_CSMS_ACTIONS,
  type AuthorizeRequest,
  type AuthorizeResponse,
  type CsmsToStationAction,
  type IdTokenInfoType,
  type IdTokenType,
  type RegistrationStatusEnumType,
  type RequestOf,
  type ResponseOf,
  type StationToCsmsAction,
} from '../generated/ocpp201/index.js';
import type { RpcEndpoint } from '../rpc/endpoint.js';
import { OcppError } from '../rpc/errors.js';
import { levelingProfile } from './charging-needs.js';
import { standInExiResponse } from './exi.js';
import { getCertificateStatus } from './ocsp.js';
import { admits } from './registration.js';
import type { CsmsStore } from './store.js';
import { withTariffText, type CsmsTariff, type TariffMeter } from './tariff.js';

/** Changeable at run time; read at each request. */
export interface CsmsSettings {
  bootStatus: RegistrationStatusEnumType;
  /** BootNotification interval when Accepted: the heartbeat interval. */
  heartbeatIntervalS: number;
  /** BootNotification interval when Pending or Rejected: when to retry the boot. */
  bootRetryIntervalS: number;
  /**
   * IdTokenInfo to answer for particular idTokens (compared case-insensitively) in
   * AuthorizeResponse and TransactionEventResponse; any other token is Accepted.
   */
  idTokens?: Record<string, IdTokenInfoType>;
  /** How long the CSMS takes to answer TransactionEvents, ms: a slow CSMS, for tests of what is in flight. */
  transactionAnswerDelayMs?: number;
  /** I: the tariff told to drivers (personalMessage) and charged (totalCost, CostUpdated); none: no cost information. */
  tariff?: CsmsTariff;
}

export interface CsmsContext {
  stationId: string;
  store: CsmsStore;
  settings: CsmsSettings;
  now(): number;
  /** I: the energy of running transactions, for their cost. */
  tariffMeter?: TariffMeter;
  /** Sends a call to the station once the present answer has gone out; absent where the CSMS cannot call. */
  callLater?<A extends CsmsToStationAction>(action: A, payload: RequestOf<A>): void;
}

export type CsmsHandler<A extends StationToCsmsAction> = (
  request: RequestOf<A>,
  ctx: CsmsContext,
) => ResponseOf<A> | Promise<ResponseOf<A>>;

const currentTime = (ctx: CsmsContext): string => new Date(ctx.now()).toISOString();
const accepted = { idTokenInfo: { status: 'Accepted' } } as const;

/** The configured answer for a token, else Accepted. */
export function idTokenInfoFor(idToken: IdTokenType, settings: CsmsSettings | undefined): { idTokenInfo: IdTokenInfoType } {
  const wanted = idToken.idToken.toLowerCase();
  const entry = Object.entries(settings?.idTokens ?? {}).find(([token]) => token.toLowerCase() === wanted);
  const answer = entry ? { idTokenInfo: entry[1] } : accepted;
  return settings?.tariff ? { idTokenInfo: withTariffText(answer.idTokenInfo, settings.tariff) } : answer;
}

/**
 * C07.FR.13/14: a contract (eMAID with its certificate hash data or chain) also gets a
 * certificateStatus. This CSMS has no OCSP client, so it takes the certificate as valid: Accepted
 * for an accepted eMAID, ContractCancelled for one it refuses.
 */
function authorizeAnswer(request: AuthorizeRequest, settings: CsmsSettings): AuthorizeResponse {
  const answer = idTokenInfoFor(request.idToken, settings);
  if (!request.iso15118CertificateHashData && !request.certificate) return answer;
  return { ...answer, certificateStatus: answer.idTokenInfo.status === 'Accepted' ? 'Accepted' : 'ContractCancelled' };
}

export const routes = {
  Authorize: (request, ctx) => authorizeAnswer(request, ctx.settings),
  BootNotification: (_request, ctx) => {
    const status = ctx.settings.bootStatus;
    ctx.store.recordBootAnswer(ctx.stationId, status);
    const { heartbeatIntervalS, bootRetryIntervalS } = ctx.settings;
    return { currentTime: currentTime(ctx), status, interval: status === 'Accepted' ? heartbeatIntervalS : bootRetryIntervalS };
  },
  ClearedChargingLimit: () => ({}),
  // No vendor extension is known here.
  DataTransfer: () => ({ status: 'UnknownVendorId' }),
  FirmwareStatusNotification: () => ({}),
  // M01/M02: no contract certificate pool behind this CSMS. It answers with a stand-in EXI
  // response (exi.ts) so that an EV's certificate installation can be walked through end to end.
  Get15118EVCertificate: (request) => ({ status: 'Accepted', exiResponse: standInExiResponse(request.action) }),
  // M06: asks the OCSP responder the certificate names (ocsp.ts).
  GetCertificateStatus: (request) => getCertificateStatus(request.ocspRequestData),
  Heartbeat: (_request, ctx) => ({ currentTime: currentTime(ctx) }),
  LogStatusNotification: () => ({}),
  MeterValues: () => ({}),
  NotifyChargingLimit: () => ({}),
  NotifyCustomerInformation: () => ({}),
  NotifyDisplayMessages: () => ({}),
  // K15/K17: the needs levelled into a TxProfile that follows the answer; without a way to send
  // it (or a transaction to bind it to) no schedule can be promised (K15.FR.04).
  NotifyEVChargingNeeds: (request, ctx) => {
    const chargingProfile = ctx.callLater && levelingProfile(ctx.stationId, request, ctx.store, ctx.now());
    if (!chargingProfile) return { status: 'Rejected' };
    ctx.callLater!('SetChargingProfile', { evseId: request.evseId, chargingProfile });
    return { status: 'Accepted' };
  },
  NotifyEVChargingSchedule: () => ({ status: 'Accepted' }),
  NotifyEvent: () => ({}),
  NotifyMonitoringReport: () => ({}),
  NotifyReport: () => ({}),
  PublishFirmwareStatusNotification: () => ({}),
  ReportChargingProfiles: () => ({}),
  ReservationStatusUpdate: () => ({}),
  SecurityEventNotification: () => ({}),
  // Accepted: the certificate itself would follow in a CertificateSigned call (A02/A03).
  SignCertificate: () => ({ status: 'Accepted' }),
  StatusNotification: () => ({}),
  // E: idTokenInfo answers the id token the event carries, if any; I: the cost so far.
  TransactionEvent: (request, ctx?: CsmsContext) => ({
    ...(request.idToken ? idTokenInfoFor(request.idToken, ctx?.settings) : {}),
    ...ctx?.tariffMeter?.onTransactionEvent(ctx.stationId, request, ctx.settings.tariff),
  }),
} satisfies { [A in StationToCsmsAction]: CsmsHandler<A> };

/** Registers every route on a station's endpoint, recording each request and gating on the boot status. */
export function installHandlers(endpoint: RpcEndpoint<CsmsToStationAction, StationToCsmsAction>, ctx: CsmsContext): void {
  for (const action of STATION_TO_CSMS_ACTIONS) install(endpoint, action, ctx);
}

function install<A extends StationToCsmsAction>(
  endpoint: RpcEndpoint<CsmsToStationAction, StationToCsmsAction>,
  action: A,
  ctx: CsmsContext,
): void {
  const route = routes[action] as unknown as CsmsHandler<A>;
  endpoint.handle(action, (request) => {
    ctx.store.recordRequest(ctx.stationId, action, request);
    if (!admits(ctx.store, ctx.stationId, action)) {
      throw new OcppError('SecurityError', `${action} refused: the station is not accepted (BootNotification first)`);
    }
    const delayMs = action === 'TransactionEvent' ? (ctx.settings.transactionAnswerDelayMs ?? 0) : 0;
    if (delayMs <= 0) return route(request, ctx);
    return new Promise((resolve) => setTimeout(() => resolve(route(request, ctx)), delayMs));
  });
}
