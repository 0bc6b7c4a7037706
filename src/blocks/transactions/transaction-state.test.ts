import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TX_POINTS, stopConditions, type Env, type TxConfig, type TxPoint } from './transaction-facts.js';
import { transition } from './transaction-state.js';
import { initialState, type Cause, type Emit, type EvseState } from './transaction-types.js';

const env0: Env = {
  bay: false,
  connected: false,
  signed: false,
  evDrawing: true,
  contactor: false,
  operative: true,
  fault: false,
  lockFailed: false,
};
const token = { idToken: 'CARD', type: 'ISO14443' as const };
const auth = { idToken: token, at: '2026-01-01T00:00:00.000Z', reported: false };

function subsets(): TxPoint[][] {
  const out: TxPoint[][] = [];
  for (let mask = 1; mask < 1 << TX_POINTS.length; mask++) out.push(TX_POINTS.filter((_, i) => mask & (1 << i)));
  return out;
}

/** Runs a scenario; returns every event emitted. */
function run(config: TxConfig, steps: [Partial<Env>, Cause][]): Emit[] {
  let state: EvseState = initialState();
  let env = env0;
  const emits: Emit[] = [];
  let n = 0;
  for (const [change, cause] of steps) {
    env = { ...env, ...change };
    const step = transition(state, env, cause, config, `tx-${n++}`, '2026-01-01T00:00:00.000Z');
    state = step.state;
    emits.push(...step.emits);
  }
  return emits;
}

/** The power path closes after the step that decided to offer energy: the engine hears of it as a new input. */
const contactorCloses: [Partial<Env>, Cause] = [{ contactor: true }, { kind: 'state' }];

const plugCardUnplug: [Partial<Env>, Cause][] = [
  [{ connected: true, bay: true }, { kind: 'cable' }],
  [{}, { kind: 'authorized', auth }],
  contactorCloses,
  [{}, { kind: 'periodic' }],
  [{ connected: false, bay: false, evDrawing: false }, { kind: 'cable' }],
];

describe('E01/E06 transaction state machine', () => {
  it('E01.FR.01-06, E06.FR.01-07 – every TxStartPoint subset × TxStopPoint subset: one Started, seqNo from 0, Ended iff a stop condition was lost', () => {
    let combinations = 0;
    for (const start of subsets()) {
      for (const stop of subsets()) {
        combinations++;
        const emits = run({ start, stop, stopOnEvDisconnect: true }, plugCardUnplug);
        const label = `start ${start.join(',')} stop ${stop.join(',')}`;
        const startable = start.some((p) => p !== 'DataSigned');
        assert.equal(emits.filter((e) => e.eventType === 'Started').length, startable ? 1 : 0, label);
        if (!startable) continue;
        assert.deepEqual(
          emits.map((e) => e.seqNo),
          emits.map((_, i) => i),
          label,
        );
        assert.equal(emits[0]!.eventType, 'Started', label);
        assert.ok(
          emits.some((e) => e.idToken?.idToken === 'CARD'),
          `${label}: E03.FR.01 idToken once`,
        );
        assert.equal(emits.filter((e) => e.idToken).length, 1, `${label}: idToken only once`);
        const ends = stopConditions(stop).length > 0;
        assert.equal(emits.at(-1)!.eventType === 'Ended', ends, label);
        assert.equal(emits.filter((e) => e.eventType === 'Ended').length, ends ? 1 : 0, label);
      }
    }
    assert.equal(combinations, 63 * 63);
  });

  it('DataSigned starts only with a signed meter value (E01.FR.04); it has no meaning as a stop point (errata E06.FR.05)', () => {
    const emits = run({ start: ['DataSigned'], stop: ['DataSigned'], stopOnEvDisconnect: true }, [
      [{ connected: true, signed: true }, { kind: 'signed' }],
      [{ connected: false, signed: false }, { kind: 'cable' }],
    ]);
    assert.deepEqual(
      emits.map((e) => [e.eventType, e.triggerReason]),
      [
        ['Started', 'SignedDataReceived'],
        ['Updated', 'EVCommunicationLost'],
      ],
    );
  });

  it('E03.FR.05 – EVConnectionTimeOut ends (Timeout); E03.FR.15 – with ParkingBayOccupancy it deauthorizes only', () => {
    const ended = run({ start: ['Authorized'], stop: ['EVConnected'], stopOnEvDisconnect: true }, [
      [{}, { kind: 'authorized', auth }],
      [{}, { kind: 'evConnectTimeout' }],
    ]);
    assert.deepEqual(
      ended.map((e) => [e.eventType, e.triggerReason, e.stoppedReason]),
      [
        ['Started', 'Authorized', undefined],
        ['Ended', 'EVConnectTimeout', 'Timeout'],
      ],
    );
    const bay = run({ start: ['Authorized'], stop: ['ParkingBayOccupancy'], stopOnEvDisconnect: true }, [
      [{}, { kind: 'authorized', auth }],
      [{}, { kind: 'evConnectTimeout' }],
    ]);
    assert.deepEqual(
      bay.map((e) => [e.eventType, e.triggerReason]),
      [
        ['Started', 'Authorized'],
        ['Updated', 'EVConnectTimeout'],
      ],
    );
  });

  it('E07 – stop by card with TxStopPoint EVConnected: Updated StopAuthorized, then Ended on unplug with stoppedReason Local', () => {
    const emits = run({ start: ['PowerPathClosed'], stop: ['EVConnected'], stopOnEvDisconnect: true }, [
      [{ connected: true }, { kind: 'cable' }],
      [{}, { kind: 'authorized', auth }],
      contactorCloses,
      [{}, { kind: 'stopAuthorized', idToken: token }],
      [{ contactor: false }, { kind: 'state' }],
      [{ connected: false }, { kind: 'cable' }],
    ]);
    assert.deepEqual(
      emits.map((e) => [e.eventType, e.triggerReason, e.chargingState, e.stoppedReason]),
      [
        ['Started', 'Authorized', 'EVConnected', undefined],
        ['Updated', 'ChargingStateChanged', 'Charging', undefined],
        // Part 6 EVConnectedPostSession: the change of state in its own event after StopAuthorized.
        ['Updated', 'StopAuthorized', undefined, undefined],
        ['Updated', 'ChargingStateChanged', 'EVConnected', undefined],
        ['Ended', 'EVCommunicationLost', 'Idle', 'Local'],
      ],
    );
  });

  it('Part 6 EnergyTransferStarted (E01.FR.18) – authorized first: CablePluggedIn with EVConnected, then ChargingStateChanged Charging once energy flows', () => {
    const emits = run({ start: ['PowerPathClosed'], stop: ['EVConnected', 'Authorized'], stopOnEvDisconnect: true }, [
      [{ evDrawing: false }, { kind: 'authorized', auth }],
      [{ connected: true, bay: true }, { kind: 'cable' }],
      [{ contactor: true }, { kind: 'state' }],
      [{ evDrawing: true }, { kind: 'state' }],
    ]);
    assert.deepEqual(
      emits.map((e) => [e.eventType, e.triggerReason, e.chargingState]),
      [
        ['Started', 'CablePluggedIn', 'EVConnected'],
        ['Updated', 'ChargingStateChanged', 'Charging'],
      ],
    );
  });

  it('E01.FR.16/17 – started before the EV connected (TxStartPoint Authorized): evse and the Transaction.Begin values come in the CablePluggedIn event, once', () => {
    const emits = run({ start: ['Authorized'], stop: ['Authorized'], stopOnEvDisconnect: true }, [
      [{}, { kind: 'authorized', auth }],
      [{ connected: true, bay: true }, { kind: 'cable' }],
      contactorCloses,
      [{}, { kind: 'periodic' }],
    ]);
    assert.deepEqual(
      emits.map((e) => [e.eventType, e.triggerReason, e.evse, e.meter]),
      [
        ['Started', 'Authorized', false, 'none'],
        ['Updated', 'CablePluggedIn', true, 'begin'],
        ['Updated', 'ChargingStateChanged', false, 'none'],
        ['Updated', 'MeterValuePeriodic', false, 'periodic'],
      ],
    );
  });

  it('E01.FR.19/20 – an EV that has not drawn yet is EVConnected; once it has, a pause is SuspendedEV', () => {
    const emits = run({ start: ['EVConnected'], stop: ['EVConnected'], stopOnEvDisconnect: true }, [
      [{ connected: true, bay: true, evDrawing: false }, { kind: 'cable' }],
      [{}, { kind: 'authorized', auth }],
      [{ contactor: true }, { kind: 'state' }],
      [{ evDrawing: true }, { kind: 'state' }],
      [{ evDrawing: false }, { kind: 'state' }],
      [{ evDrawing: true }, { kind: 'state' }],
    ]);
    assert.deepEqual(
      emits.map((e) => [e.triggerReason, e.chargingState]),
      [
        ['CablePluggedIn', 'EVConnected'],
        ['Authorized', undefined],
        ['ChargingStateChanged', 'Charging'],
        ['ChargingStateChanged', 'SuspendedEV'],
        ['ChargingStateChanged', 'Charging'],
      ],
    );
  });

  it('E01.FR.18 – a change of state caused by another trigger comes in its own ChargingStateChanged (EVSE inoperative at authorization)', () => {
    const emits = run({ start: ['EVConnected'], stop: ['EVConnected'], stopOnEvDisconnect: true }, [
      [{ connected: true, bay: true }, { kind: 'cable' }],
      [{ fault: true }, { kind: 'authorized', auth }],
    ]);
    assert.deepEqual(
      emits.map((e) => [e.triggerReason, e.chargingState, e.idToken?.idToken]),
      [
        ['CablePluggedIn', 'EVConnected', undefined],
        ['Authorized', undefined, 'CARD'],
        ['ChargingStateChanged', 'SuspendedEVSE', undefined],
      ],
    );
  });

  it('TxStartPoint EVConnected – a transaction stopped by card with the cable still in starts no new one until the cable is plugged again', () => {
    const config: TxConfig = { start: ['EVConnected'], stop: ['Authorized'], stopOnEvDisconnect: true };
    const emits = run(config, [
      [{ connected: true, bay: true }, { kind: 'cable' }],
      [{}, { kind: 'authorized', auth }],
      [{}, { kind: 'stopAuthorized', idToken: token }],
      [{ fault: true }, { kind: 'state' }],
      [{ fault: false }, { kind: 'state' }],
      [{ connected: false, bay: false }, { kind: 'cable' }],
      [{ connected: true, bay: true }, { kind: 'cable' }],
    ]);
    assert.deepEqual(
      emits.map((e) => `${e.eventType} ${e.triggerReason} ${e.transactionId}`),
      ['Started CablePluggedIn tx-0', 'Updated Authorized tx-0', 'Ended StopAuthorized tx-0', 'Started CablePluggedIn tx-6'],
    );
  });

  it('F02.FR.21 – after a remote start the Started event has RemoteStart and the remoteStartId', () => {
    const emits = run({ start: ['EVConnected'], stop: ['EVConnected'], stopOnEvDisconnect: true }, [
      [{}, { kind: 'authorized', auth: { ...auth, remoteStartId: 5 } }],
      [{ connected: true }, { kind: 'cable' }],
    ]);
    assert.equal(emits[0]!.triggerReason, 'RemoteStart');
    assert.equal(emits[0]!.remoteStartId, 5);
  });

  it('F06.FR.07/11 – a triggered TransactionEventRequest (triggerReason Trigger) names its EVSE, with the chargingState', () => {
    const emits = run({ start: ['PowerPathClosed'], stop: ['EVConnected'], stopOnEvDisconnect: true }, [
      [{ connected: true }, { kind: 'authorized', auth }],
      contactorCloses,
      [{}, { kind: 'trigger' }],
    ]);
    const triggered = emits.at(-1)!;
    assert.deepEqual([triggered.triggerReason, triggered.evse, triggered.chargingState], ['Trigger', true, 'Charging']);
  });

  it('power loss and Immediate reset end the transaction (PowerLoss / ImmediateReset); TC_B_22: the EV still plugged is EVConnected', () => {
    for (const [kind, trigger, reason] of [
      ['powerLoss', 'AbnormalCondition', 'PowerLoss'],
      ['reset', 'ResetCommand', 'ImmediateReset'],
    ] as const) {
      const emits = run({ start: ['PowerPathClosed'], stop: ['EVConnected'], stopOnEvDisconnect: true }, [
        [{ connected: true }, { kind: 'authorized', auth }],
        contactorCloses,
        [{}, { kind }],
      ]);
      assert.equal(emits.at(-2)!.chargingState, 'Charging');
      const ended = emits.at(-1)!;
      assert.deepEqual(
        [ended.eventType, ended.triggerReason, ended.stoppedReason, ended.chargingState, ended.idToken],
        ['Ended', trigger, reason, 'EVConnected', undefined],
      );
    }
  });
});

describe('E05.FR.11 cable held for its owner, E03.FR.03 reservationId', () => {
  const config: TxConfig = { start: ['PowerPathClosed'], stop: ['EVConnected', 'Authorized'], stopOnEvDisconnect: true };
  const plugged: Env = { ...env0, connected: true, bay: true };

  function after(steps: [Env, Cause][]): { state: EvseState; emits: Emit[] } {
    let state = initialState();
    const emits: Emit[] = [];
    for (const [env, cause] of steps) {
      const step = transition(state, env, cause, config, 'tx', '2026-01-01T00:00:00.000Z');
      state = step.state;
      emits.push(...step.emits);
    }
    return { state, emits };
  }

  it('E05.FR.10 – the Ended Deauthorized event carries chargingState EVConnected, unchanged since Started (Part 6 Deauthorized step 3)', () => {
    const { emits } = after([
      [plugged, { kind: 'cable' }],
      [plugged, { kind: 'authorized', auth }],
      [plugged, { kind: 'deauthorized' }],
    ]);
    assert.deepEqual(
      emits.map((e) => `${e.eventType} ${e.triggerReason} ${e.chargingState}`),
      ['Started Authorized EVConnected', 'Ended Deauthorized EVConnected'],
    );
  });

  it('E05.FR.10/11 – a DeAuthorized end with the cable in keeps it held for the token; release and unplug free it', () => {
    const ended = after([
      [plugged, { kind: 'cable' }],
      [plugged, { kind: 'authorized', auth }],
      [plugged, { kind: 'deauthorized' }],
    ]);
    assert.deepEqual(
      ended.emits.map((e) => `${e.eventType} ${e.triggerReason} ${e.stoppedReason ?? ''}`),
      ['Started Authorized ', 'Ended Deauthorized DeAuthorized'],
    );
    assert.deepEqual(ended.state.cableHeldFor, token);
    const released = transition(ended.state, plugged, { kind: 'release' }, config, 'tx2', '2026-01-01T00:00:00.000Z');
    assert.equal(released.state.cableHeldFor, undefined);
    assert.deepEqual(released.emits, [], 'nothing is sent, nothing starts');
    const unplugged = transition(ended.state, env0, { kind: 'cable' }, config, 'tx2', '2026-01-01T00:00:00.000Z');
    assert.equal(unplugged.state.cableHeldFor, undefined);
    const local = after([
      [plugged, { kind: 'cable' }],
      [plugged, { kind: 'authorized', auth }],
      [plugged, { kind: 'stopAuthorized', idToken: token }],
    ]);
    assert.equal(local.state.cableHeldFor, undefined, 'only a DeAuthorized end holds the cable');
  });

  it('E09.FR.02/03 – the EV side disconnect deauthorizes; UnlockOnEVSideDisconnect false holds the cable for the owner, even with the EV gone, until release', () => {
    const lost = (unlockOnEvDisconnect: boolean): { state: EvseState; emits: Emit[] } => {
      let state = initialState();
      const emits: Emit[] = [];
      const steps: [Env, Cause][] = [
        [plugged, { kind: 'cable' }],
        [plugged, { kind: 'authorized', auth }],
        [env0, { kind: 'cable' }],
      ];
      for (const [env, cause] of steps) {
        const step = transition(state, env, cause, { ...config, unlockOnEvDisconnect }, 'tx', '2026-01-01T00:00:00.000Z');
        state = step.state;
        emits.push(...step.emits);
      }
      return { state, emits };
    };
    const unlocked = lost(true);
    assert.equal(unlocked.emits.at(-1)?.triggerReason, 'EVCommunicationLost');
    assert.equal(unlocked.state.auth, null, 'E09.FR.01 – deauthorized');
    assert.equal(unlocked.state.cableHeldFor, undefined, 'E09.FR.02 – nothing holds the cable: it is unlocked');
    const held = lost(false);
    assert.equal(held.state.auth, null, 'E09.FR.01 – deauthorized');
    assert.deepEqual(held.state.cableHeldFor, token, 'E09.FR.03 – held for the owner');
    const cfg: TxConfig = { ...config, unlockOnEvDisconnect: false };
    const still = transition(held.state, env0, { kind: 'state' }, cfg, 'tx2', '2026-01-01T00:00:00.000Z');
    assert.deepEqual(still.state.cableHeldFor, token, 'E09.FR.03 – the EV being gone does not end the hold');
    const released = transition(still.state, env0, { kind: 'release' }, cfg, 'tx2', '2026-01-01T00:00:00.000Z');
    assert.equal(released.state.cableHeldFor, undefined, 'E09.FR.03 – the owner presented the token: unlocked');
    assert.deepEqual(released.emits, [], 'nothing is sent, nothing starts');
  });

  it('E03.FR.03/H01.FR.15 – the reservationId of the authorization goes in the first event after it, once', () => {
    const { emits } = after([
      [plugged, { kind: 'cable' }],
      [plugged, { kind: 'authorized', auth: { ...auth, reservationId: 7 } }],
      [plugged, { kind: 'periodic' }],
    ]);
    assert.deepEqual(
      emits.map((e) => e.reservationId),
      [7, undefined],
    );
  });
});

describe('E15 End of charging process 15118', () => {
  const charging: [Partial<Env>, Cause][] = [
    [{ connected: true, bay: true }, { kind: 'cable' }],
    [{}, { kind: 'authorized', auth }],
    contactorCloses,
  ];
  const evStops: [Partial<Env>, Cause] = [{ evDrawing: false }, { kind: 'stopAuthorized', byEv: true }];

  it('E15.FR.04 – TxStopPoint with Authorized: Ended, StopAuthorized, StoppedByEV, chargingState EVConnected, no idToken', () => {
    const config: TxConfig = { start: ['PowerPathClosed'], stop: ['EVConnected', 'Authorized'], stopOnEvDisconnect: true };
    const last = run(config, [...charging, evStops]).at(-1);
    assert.deepEqual(
      [last?.eventType, last?.triggerReason, last?.stoppedReason, last?.chargingState, last?.idToken],
      ['Ended', 'StopAuthorized', 'StoppedByEV', 'EVConnected', undefined],
    );
  });

  it('E15.FR.05 – TxStopPoint without Authorized: Updated, StopAuthorized, chargingState EVConnected; the unplug ends it StoppedByEV', () => {
    const config: TxConfig = { start: ['PowerPathClosed'], stop: ['EVConnected'], stopOnEvDisconnect: true };
    const emits = run(config, [...charging, evStops, [{ connected: false, bay: false }, { kind: 'cable' }]]);
    const stop = emits.find((e) => e.triggerReason === 'StopAuthorized');
    assert.deepEqual([stop?.eventType, stop?.chargingState], ['Updated', 'EVConnected']);
    assert.deepEqual([emits.at(-1)?.eventType, emits.at(-1)?.stoppedReason], ['Ended', 'StoppedByEV']);
  });
});
