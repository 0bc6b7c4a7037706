// Part 6 block J (meter values), charging-station cases; the configuration state is given on the
// command line of the case's own station, and the cases run concurrently. Clock-aligned intervals
// are the shortest the device model allows (1 s; 0 switches them off): their times are exact.
// Sampled intervals are 2 s: a sample is taken when a timer fires, which on a loaded machine may be
// late by a few hundred ms, and a 1 s interval would leave no margin to tell one interval from
// another. The station has one EVSE and reports no main power meter (EVSE 0), so during a
// transaction the clock-aligned values come only as TransactionEvents (TC_J_02_CS steps 3/4).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { beginValues, configuredMeasurands, firstContexts, hasMeasurands, spacedBy } from './support/meter-values.js';
import {
  authorized,
  type Booted,
  energyTransferStarted,
  evConnectedPreSession,
  stopAuthorizedRemote,
  withStation,
} from './support/states.js';
import { TestCsms } from './support/test-csms.js';

type Json = Record<string, unknown>;
const csms = new TestCsms();
before(() => csms.listen());
after(() => csms.close());

const ALIGNED_INTERVAL_S = 1;
const SAMPLED_INTERVAL_S = 2;
/** A sample taken when a timer fires may be this late (timer precision on a loaded machine). */
const TIMER_TOLERANCE_MS = 600;
/**
 * Part 6 <Configured transaction duration>: the test scenario lets the transaction run this long
 * before it stops it (TC_J_03_CS, TC_J_10_CS); a few collection intervals.
 */
const TRANSACTION_DURATION_MS = 5_000;

/** Reusable State EnergyTransferStarted (EVConnectedPreSession, Authorized); returns the transactionId. */
async function charging(cs: Booted, idToken: string): Promise<string> {
  await evConnectedPreSession(cs, 1);
  await authorized(cs, idToken);
  const started = await energyTransferStarted(cs);
  return String((started.transactionInfo as Json).transactionId);
}

/**
 * Reusable State ParkingBayUnoccupied after <Configured transaction duration>: StopAuthorized
 * (remote) ends the transaction (TxStopPoint Authorized), EVDisconnected unplugs; there is no
 * parking bay sensor. Returns the TransactionEventRequest with eventType Ended.
 */
async function stoppedAfterDuration(cs: Booted, transactionId: string): Promise<Json> {
  await new Promise((resolve) => setTimeout(resolve, TRANSACTION_DURATION_MS));
  const ended = await stopAuthorizedRemote(cs, transactionId);
  assert.equal(ended.eventType, 'Ended', 'StopAuthorized: the transaction ends (TxStopPoint Authorized)');
  await cs.station.post('/api/evses/1/unplug');
  return ended;
}

const times = (values: Json[]): number[] => values.map((v) => Date.parse(String(v.timestamp)));

describe('Part 6 J – Meter values', { concurrency: true }, () => {
  it('TC_J_01_CS – Clock-aligned Meter Values - No transaction ongoing', () =>
    withStation(csms, 'CONF-J01', [`AlignedDataCtrlr/Interval=${ALIGNED_INTERVAL_S}`], async (cs) => {
      const measurands = await configuredMeasurands(cs, 'AlignedDataCtrlr', 'Measurands');
      const values: Json[] = [];
      for (let i = 0; i < 3; i++) {
        const mv = await cs.link.next('MeterValues');
        for (const value of mv.meterValue as Json[]) {
          const sampled = value.sampledValue as Json[];
          assert.equal(sampled[0]!.context, 'Sample.Clock', `step 1: MeterValuesRequest ${i + 1} sampledValue[0].context Sample.Clock`);
          hasMeasurands(value, measurands, `step 1: MeterValuesRequest ${i + 1}`);
          values.push(value);
        }
      }
      spacedBy(times(values), ALIGNED_INTERVAL_S, 0, 'MeterValuesRequest timestamps');
    }));

  it('TC_J_02_CS – Clock-aligned Meter Values - Transaction ongoing', () =>
    withStation(
      csms,
      'CONF-J02',
      [`AlignedDataCtrlr/Interval=${ALIGNED_INTERVAL_S}`, 'AlignedDataCtrlr/SendDuringIdle=false'],
      async (cs) => {
        const measurands = await configuredMeasurands(cs, 'AlignedDataCtrlr', 'Measurands');
        const transactionId = await charging(cs, 'J02TOKEN');
        const events: Json[] = [];
        for (let i = 0; i < 3; i++) {
          const t = await cs.link.next(
            'TransactionEvent',
            (p) => p.triggerReason === 'MeterValueClock' && (p.transactionInfo as Json).transactionId === transactionId,
          );
          const [value] = t.meterValue as Json[];
          assert.equal(t.eventType, 'Updated', `step 3: TransactionEventRequest ${i + 1} eventType Updated`);
          assert.equal(
            (value!.sampledValue as Json[])[0]!.context,
            'Sample.Clock',
            `step 3: TransactionEventRequest ${i + 1} meterValue[0].sampledValue[0].context Sample.Clock`,
          );
          hasMeasurands(value!, measurands, `step 3: TransactionEventRequest ${i + 1} meterValue[0]`);
          events.push(t);
        }
        spacedBy(times(events), ALIGNED_INTERVAL_S, 0, 'TransactionEventRequest timestamps');
        spacedBy(times(events.map((t) => (t.meterValue as Json[])[0]!)), ALIGNED_INTERVAL_S, 0, 'clock-aligned meterValue timestamps');
      },
    ));

  it('TC_J_03_CS – Clock-aligned Meter Values - EventType Ended', () =>
    withStation(
      csms,
      'CONF-J03',
      [
        `AlignedDataCtrlr/TxEndedInterval=${ALIGNED_INTERVAL_S}`,
        'SampledDataCtrlr/TxEndedMeasurands=',
        'AlignedDataCtrlr/SendDuringIdle=false',
      ],
      async (cs) => {
        const measurands = await configuredMeasurands(cs, 'AlignedDataCtrlr', 'TxEndedMeasurands');
        const ended = await stoppedAfterDuration(cs, await charging(cs, 'J03TOKEN'));
        const values = (ended.meterValue as Json[] | undefined) ?? [];
        assert.ok(values.length > 0, 'post scenario: the TransactionEventRequest with eventType Ended contains meterValue');
        // Not validated by Part 6, but the spacing below needs more than one: the transaction ran
        // several intervals.
        assert.ok(values.length >= 2, `post scenario: a value per aligned interval of the transaction (${values.length})`);
        assert.deepEqual(
          firstContexts(values),
          values.map(() => 'Sample.Clock'),
          'post scenario: sampledValue[0].context Sample.Clock',
        );
        for (const [i, value] of values.entries()) hasMeasurands(value, measurands, `post scenario: meterValue[${i}]`);
        spacedBy(times(values), ALIGNED_INTERVAL_S, 0, 'meterValue timestamps');
      },
    ));

  it('TC_J_07_CS – Sampled Meter Values - EventType Started - EVSE known', () =>
    withStation(csms, 'CONF-J07', ['TxCtrlr/TxStartPoint=EVConnected'], async (cs) => {
      const measurands = await configuredMeasurands(cs, 'SampledDataCtrlr', 'TxStartedMeasurands');
      await evConnectedPreSession(cs, 1); // ParkingBayOccupied is optional and there is no sensor
      const started = await cs.link.next('TransactionEvent', (p) => p.eventType === 'Started');
      assert.equal(started.triggerReason, 'CablePluggedIn', 'EVConnectedPreSession step 3: triggerReason CablePluggedIn');
      await authorized(cs, 'J07TOKEN');
      await energyTransferStarted(cs);
      const values = (started.meterValue as Json[] | undefined) ?? [];
      assert.ok(values.length > 0, 'post scenario: the TransactionEventRequest with eventType Started contains meterValue');
      beginValues(values, measurands);
    }));

  it('TC_J_08_CS – Sampled Meter Values - Context Transaction.Begin - EVSE not known', () =>
    withStation(csms, 'CONF-J08', ['TxCtrlr/TxStartPoint=Authorized'], async (cs) => {
      const measurands = await configuredMeasurands(cs, 'SampledDataCtrlr', 'TxStartedMeasurands');
      // EnergyTransferStarted, before it Reusable State Authorized: the card at the station's
      // reader, no cable yet. TxStartPoint Authorized: the transaction starts before its EVSE is
      // known to be used (the EV is not connected), E01.FR.16/E01.FR.17.
      await authorized(cs, 'J08TOKEN');
      const started = await cs.link.next('TransactionEvent', (p) => p.eventType === 'Started');
      const transactionId = (started.transactionInfo as Json).transactionId;
      const ofTx = (): Json[] =>
        cs.link.received('TransactionEvent').filter((p) => (p.transactionInfo as Json).transactionId === transactionId);
      const beforePlug = ofTx().length;
      await energyTransferStarted(cs, { plug: true }); // part 1: EVConnectedPreSession
      const events = ofTx();
      const first = events.findIndex((p) => p.evse !== undefined);
      assert.ok(first >= 0, 'post scenario: a TransactionEventRequest of the transaction contains evse');
      assert.ok(
        first >= beforePlug && events[first]!.triggerReason === 'CablePluggedIn',
        'post scenario: the first TransactionEventRequest containing evse is sent during EVConnectedPreSession',
      );
      const values = (events[first]!.meterValue as Json[] | undefined) ?? [];
      assert.ok(values.length > 0, 'post scenario: the first TransactionEventRequest containing evse contains meterValue');
      beginValues(values, measurands);
    }));

  it('TC_J_09_CS – Sampled Meter Values - EventType Updated', () =>
    withStation(csms, 'CONF-J09', [`SampledDataCtrlr/TxUpdatedInterval=${SAMPLED_INTERVAL_S}`], async (cs) => {
      const measurands = await configuredMeasurands(cs, 'SampledDataCtrlr', 'TxUpdatedMeasurands');
      const transactionId = await charging(cs, 'J09TOKEN');
      const events: Json[] = [];
      for (let i = 0; i < 3; i++) {
        const t = await cs.link.next(
          'TransactionEvent',
          (p) => p.triggerReason === 'MeterValuePeriodic' && (p.transactionInfo as Json).transactionId === transactionId,
        );
        const values = t.meterValue as Json[];
        assert.deepEqual(
          firstContexts(values),
          values.map(() => 'Sample.Periodic'),
          `step 1: TransactionEventRequest ${i + 1} sampledValue[0].context Sample.Periodic`,
        );
        for (const value of values) hasMeasurands(value, measurands, `step 1: TransactionEventRequest ${i + 1}`);
        events.push(t);
      }
      spacedBy(times(events), SAMPLED_INTERVAL_S, TIMER_TOLERANCE_MS, 'TransactionEventRequest timestamps');
    }));

  it('TC_J_10_CS – Sampled Meter Values - EventType Ended', () =>
    withStation(
      csms,
      'CONF-J10',
      [`SampledDataCtrlr/TxEndedInterval=${SAMPLED_INTERVAL_S}`, 'AlignedDataCtrlr/TxEndedMeasurands='],
      async (cs) => {
        const measurands = await configuredMeasurands(cs, 'SampledDataCtrlr', 'TxEndedMeasurands');
        const ended = await stoppedAfterDuration(cs, await charging(cs, 'J10TOKEN'));
        const values = (ended.meterValue as Json[] | undefined) ?? [];
        assert.ok(values.length > 0, 'post scenario: the TransactionEventRequest with eventType Ended contains meterValue');
        const contexts = firstContexts(values);
        // The value taken at the start of the transaction (Transaction.Begin) is part of the Ended
        // values (SampledDataCtrlr.TxEndedMeasurands: "every TxEndedInterval seconds from the start").
        const periodic = values.filter((_, i) => contexts[i] === 'Sample.Periodic');
        assert.equal(contexts.at(-1), 'Transaction.End', 'post scenario: one meterValue has context Transaction.End (the last)');
        assert.ok(periodic.length >= 2, `post scenario: Sample.Periodic values every interval of the transaction (${periodic.length})`);
        assert.deepEqual(
          contexts.slice(contexts[0] === 'Transaction.Begin' ? 1 : 0, -1),
          periodic.map(() => 'Sample.Periodic'),
          'post scenario: sampledValue[0].context Sample.Periodic between the values of the start and the end',
        );
        for (const [i, value] of values.entries()) hasMeasurands(value, measurands, `post scenario: meterValue[${i}]`);
        const sampledFromStart = values.filter((_, i) => contexts[i] !== 'Transaction.End');
        spacedBy(times(sampledFromStart), SAMPLED_INTERVAL_S, TIMER_TOLERANCE_MS, 'meterValue timestamps from the start');
      },
    ));
});
