// Reusable states of Part 6 (§2.18) as functions. Each walks the state's steps against the test
// CSMS and asserts its tool validations, with the state's name and step in every message.

import assert from 'node:assert/strict';
import { type StationOptions, type StationProcess, startStation } from './station-process.js';
import type { StationLink, TestCsms } from './test-csms.js';
import { type HashData, sameHashData } from './certificates.js';

export interface Booted {
  station: StationProcess;
  link: StationLink;
  boot: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/**
 * Reusable State Booted, by power cycle (the manual action): starts the station process and
 * checks steps 3-8: BootNotification, every connector Available, SecurityEventNotification
 * StartupOfTheDevice or ResetOrReboot. The station connects to the CSMS's first endpoint
 * unless `csmsUrl` names another.
 */
export async function booted(csms: TestCsms, options: Omit<StationOptions, 'csmsUrl'> & { csmsUrl?: string }): Promise<Booted> {
  const link = csms.link(options.id);
  const station = await startStation({ ...options, csmsUrl: options.csmsUrl ?? csms.url });
  const boot = await link.next('BootNotification');
  await connectorsAvailable(link, options.evses ?? 1, 'Booted');
  return { station, link, boot };
}

/** Booted steps 5 and 7, after any (re)boot: all connectors Available, the startup security event. */
export async function connectorsAvailable(link: StationLink, evses: number, where: string): Promise<void> {
  for (let evseId = 1; evseId <= evses; evseId++) {
    const s = await link.next('StatusNotification', (p) => p.evseId === evseId);
    assert.equal(s.connectorStatus, 'Available', `${where} step 5: StatusNotificationRequest evse ${evseId} connectorStatus Available`);
    assert.notEqual(s.connectorId, 0, `${where} step 5: StatusNotificationRequest connectorId not 0`);
  }
}

/** Booted step 7: SecurityEventNotificationRequest type StartupOfTheDevice or ResetOrReboot. */
export async function startupSecurityEvent(link: StationLink, where: string): Promise<Json> {
  const e = await link.next('SecurityEventNotification', (p) => p.type === 'StartupOfTheDevice' || p.type === 'ResetOrReboot');
  assert.match(String(e.type), /^(StartupOfTheDevice|ResetOrReboot)$/, `${where} step 7: SecurityEventNotificationRequest type`);
  return e;
}

/** Reusable State EVConnectedPreSession: the cable is plugged in; step 1 StatusNotification Occupied. */
export async function evConnectedPreSession(b: Booted, evseId = 1): Promise<void> {
  await b.station.post(`/api/evses/${evseId}/plug`, {});
  const s = await b.link.next('StatusNotification', (p) => p.evseId === evseId && p.connectorStatus === 'Occupied');
  assert.equal(s.connectorStatus, 'Occupied', 'EVConnectedPreSession step 1: StatusNotificationRequest connectorStatus Occupied');
}

/** Reusable State Authorized (local): a card at the reader; step 1 AuthorizeRequest with that idToken. */
export async function authorized(b: Booted, idToken: string, evseId = 1): Promise<Json> {
  await b.station.post('/api/idtoken', { idToken, type: 'ISO14443', evseId });
  const a = await b.link.next('Authorize', (p) => (p.idToken as Json | undefined)?.idToken === idToken);
  assert.equal((a.idToken as Json).type, 'ISO14443', 'Authorized step 1: AuthorizeRequest idToken.type');
  return a;
}

/**
 * Reusable State EnergyTransferStarted, once Authorized. Part 1 (`plug`: the EV is not connected
 * yet): the cable is plugged in; step 1 StatusNotification Occupied, step 3 TransactionEventRequest
 * triggerReason CablePluggedIn with chargingState EVConnected. Part 2, step 9: a
 * TransactionEventRequest of its own, triggerReason ChargingStateChanged, chargingState Charging.
 * Returns that last event.
 */
export async function energyTransferStarted(b: Booted, options: { plug?: boolean; evseId?: number; ev?: Json } = {}): Promise<Json> {
  const evseId = options.evseId ?? 1;
  if (options.plug) {
    await b.station.post(`/api/evses/${evseId}/plug`, options.ev ? { ev: options.ev } : {});
    const s = await b.link.next('StatusNotification', (p) => p.evseId === evseId && p.connectorStatus === 'Occupied');
    assert.equal(s.connectorStatus, 'Occupied', 'EnergyTransferStarted step 1: StatusNotificationRequest connectorStatus Occupied');
    const t = await b.link.next('TransactionEvent', (p) => p.triggerReason === 'CablePluggedIn');
    assert.equal((t.transactionInfo as Json).chargingState, 'EVConnected', 'EnergyTransferStarted step 3: chargingState EVConnected');
  }
  const t = await b.link.next('TransactionEvent', (p) => (p.transactionInfo as Json | undefined)?.chargingState === 'Charging');
  assert.equal(t.triggerReason, 'ChargingStateChanged', 'EnergyTransferStarted step 9: triggerReason ChargingStateChanged');
  assert.equal(t.eventType, 'Updated', 'EnergyTransferStarted step 9: an event of its own (Updated)');
  return t;
}

/**
 * Reusable State Unavailable: ChangeAvailability Inoperative for the station (no evseId), an EVSE
 * or a connector; step 2 Accepted, step 3 StatusNotification Unavailable for each connector of it.
 */
export async function unavailable(b: Booted, connectors: [number, number][], evseId?: number, connectorId?: number): Promise<void> {
  const evse = evseId === undefined ? undefined : connectorId === undefined ? { id: evseId } : { id: evseId, connectorId };
  const res = (await b.link.call(
    'ChangeAvailability',
    evse ? { operationalStatus: 'Inoperative', evse } : { operationalStatus: 'Inoperative' },
  )) as Json;
  assert.equal(res.status, 'Accepted', 'Unavailable step 2: ChangeAvailabilityResponse status Accepted');
  for (const [e, c] of connectors) {
    const s = await b.link.next('StatusNotification', (p) => p.evseId === e && p.connectorId === c && p.connectorStatus === 'Unavailable');
    assert.equal(s.connectorStatus, 'Unavailable', `Unavailable step 3: StatusNotificationRequest evse ${e} connector ${c} Unavailable`);
  }
}

/**
 * Reusable State Authorized (remote): RequestStartTransaction with the idToken; step 2 Accepted;
 * the station's next TransactionEventRequest carries triggerReason RemoteStart and the remoteStartId
 * (Part 6 §2.2 general tool validations). Returns that TransactionEventRequest.
 */
export async function authorizedRemote(b: Booted, idToken: string, remoteStartId: number, evseId = 1): Promise<Json> {
  const res = (await b.link.call('RequestStartTransaction', { idToken: { idToken, type: 'ISO14443' }, remoteStartId, evseId })) as Json;
  assert.equal(res.status, 'Accepted', 'Authorized (remote) step 2: RequestStartTransactionResponse status Accepted');
  const t = await b.link.next('TransactionEvent', (p) => p.triggerReason === 'RemoteStart');
  assert.equal(
    (t.transactionInfo as Json).remoteStartId,
    remoteStartId,
    'Authorized (remote): TransactionEventRequest transactionInfo.remoteStartId',
  );
  return t;
}

/** Reusable State StopAuthorized (remote, Main B): RequestStopTransaction; step 2 Accepted; step 3 triggerReason RemoteStop. */
export async function stopAuthorizedRemote(b: Booted, transactionId: string): Promise<Json> {
  const res = (await b.link.call('RequestStopTransaction', { transactionId })) as Json;
  assert.equal(res.status, 'Accepted', 'StopAuthorized step 2: RequestStopTransactionResponse status Accepted');
  const t = await b.link.next(
    'TransactionEvent',
    (p) => (p.transactionInfo as Json).transactionId === transactionId && p.triggerReason === 'RemoteStop',
  );
  assert.equal(t.triggerReason, 'RemoteStop', 'StopAuthorized step 3: TransactionEventRequest triggerReason RemoteStop');
  return t;
}

/**
 * Where Part 6 has the tool wait a while to see that the station sends nothing more: ask for a
 * Heartbeat and wait for it. The station sends its messages in order, so what it would have sent
 * in reaction to earlier answers is in by then.
 */
export async function quiescent(b: Booted): Promise<void> {
  const before = b.link.received('Heartbeat').length;
  await b.link.call('TriggerMessage', { requestedMessage: 'Heartbeat' });
  await b.link.next('Heartbeat', () => b.link.received('Heartbeat').length > before);
}

/** Memory State CertificateInstalled (§2.19): InstallCertificate of `type`; step 2 Accepted. */
export async function certificateInstalled(
  b: Booted,
  certificateType: string,
  certificate: string,
  where = 'CertificateInstalled',
): Promise<void> {
  const res = (await b.link.call('InstallCertificate', { certificateType, certificate })) as Json;
  assert.equal(res.status, 'Accepted', `${where} step 2: InstallCertificateResponse status Accepted`);
}

/**
 * Reusable State GetInstalledCertificates: GetInstalledCertificateIds for `types` (omitted when
 * undefined); step 2 Accepted, and for each expected certificate an entry of its type whose hash
 * data names it. Returns the chain.
 */
export async function getInstalledCertificates(
  b: Booted,
  types: string[] | undefined,
  expected: { type: string; hashData: HashData }[],
  where = 'GetInstalledCertificates',
): Promise<Json[]> {
  const res = (await b.link.call('GetInstalledCertificateIds', types ? { certificateType: types } : {})) as Json;
  assert.equal(res.status, 'Accepted', `${where} step 2: GetInstalledCertificateIdsResponse status Accepted`);
  const chain = (res.certificateHashDataChain as Json[] | undefined) ?? [];
  for (const { type, hashData } of expected) {
    const entry = chain.find((e) => e.certificateType === type && sameHashData(e.certificateHashData as Json, hashData));
    assert.ok(entry, `${where} step 2: certificateHashDataChain has the ${type} with its hash data (${JSON.stringify(chain)})`);
  }
  return chain;
}

/**
 * The configuration state of the Part 6 cases with an offline period during a transaction:
 * meter values every second, a reconnect back-off of 2 s (greater than that interval, no random
 * part) and an OfflineThreshold of back-off + 60 s.
 */
export const OFFLINE_QUEUEING = [
  'SampledDataCtrlr/TxUpdatedMeasurands=Energy.Active.Import.Register',
  'SampledDataCtrlr/TxUpdatedInterval=1',
  'OCPPCommCtrlr/OfflineThreshold=62',
  'OCPPCommCtrlr/RetryBackOffWaitMinimum=2',
  'OCPPCommCtrlr/RetryBackOffRandomRange=0',
];

/**
 * Part 6 E11/E14 "The OCTT closes the WebSocket connection AND does not accept a reconnect. The
 * OCTT waits RetryBackOffWaitMinimum seconds before accepting a reconnection attempt": the
 * connection is closed right after a TransactionEventRequest was answered (nothing in flight),
 * `whileOffline` runs (manual actions of the offline period), the station's next attempt (one
 * RetryBackOffWaitMinimum after the close, or later) is refused, the one after it is let in.
 * `beforeReconnect` runs while that attempt waits, the station still offline. Resolves once the
 * station is connected again.
 */
export async function offlinePeriod(
  b: Booted,
  steps: { whileOffline?: () => Promise<void>; beforeReconnect?: () => Promise<void> } = {},
): Promise<void> {
  const seen = Math.max(-1, ...b.link.received('TransactionEvent').map((p) => Number((p.seqNo as number | undefined) ?? -1)));
  await b.link.next('TransactionEvent', (p) => p.triggerReason === 'MeterValuePeriodic' && Number(p.seqNo) > seen);
  await b.link.goOffline();
  await stationOffline(b);
  await steps.whileOffline?.();
  await b.link.nextRefused();
  b.link.acceptReconnect(steps.beforeReconnect);
  await b.link.whenConnected(60_000);
}

/**
 * The station learns of a closed connection a moment after the tool closed it; what a driver does
 * "while offline" comes once the station itself reports no connection (control API state).
 */
export async function stationOffline(b: Booted, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await b.station.get<{ connected: boolean }>('/api/state')).connected) {
    if (Date.now() > until) throw new Error(`${b.link.id} still reports a connection ${timeoutMs} ms after the close`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A case on a station of its own: booted on `csms` with the configuration state `set`, `body`
 * runs, then every frame of the session must have been valid against the schemas; the station is
 * disposed whatever the outcome.
 */
export async function withStation(csms: TestCsms, id: string, set: string[], body: (cs: Booted) => Promise<void>): Promise<void> {
  const cs = await booted(csms, { id, set });
  try {
    await body(cs);
    assert.deepEqual(cs.link.complaints, [], 'every frame valid against the schemas');
  } catch (error) {
    if (error instanceof Error) {
      const log = cs.station.output().trimEnd().split('\n').slice(-15).join('\n');
      error.message += `\n${id}: the last frames the tool saw\n${trace(cs)}\n${id}: the station's last log lines\n${log}`;
    }
    throw error;
  } finally {
    await cs.station.dispose();
  }
}

/** One line per frame of the session's end, for a failure message: what the case waited among. */
function trace(cs: Booted, last = 25): string {
  const t0 = cs.link.frames[0]?.at ?? 0;
  return cs.link.frames
    .slice(-last)
    .map((f) => {
      const p = f.payload;
      const tx = p.transactionInfo as Json | undefined;
      const gist = [p.eventType, p.triggerReason, tx?.chargingState, p.seqNo, p.connectorStatus, p.status].filter((v) => v !== undefined);
      return `  +${f.at - t0} ms ${f.direction === 'station' ? '→' : '←'} ${f.action} ${gist.join(' ')}`;
    })
    .join('\n');
}
