import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Group } from './group.js';

let nextId = 0;
/** A TransactionEvent Started of `identity` relayed through the group; returns its message id. */
function started(group: Group, identity: string, transactionId: string, idToken: string, evseId = 1): string {
  const messageId = `m${nextId++}`;
  group.stationCall(identity, messageId, 'TransactionEvent', {
    eventType: 'Started',
    transactionInfo: { transactionId },
    evse: { id: evseId },
    idToken: { idToken, type: 'ISO14443' },
  });
  return messageId;
}

const evse = (group: Group, identity: string, transactionId: string) => group.members.get(identity)!.get(transactionId)!;
const shareOf = (group: Group, identity: string, transactionId: string) => group.shares().get(identity)?.get(transactionId);

describe('K03 what a Local Controller learns from the frames it relays', () => {
  it('K03.FR.05 – the chargingPriority of a TransactionEventResponse is for that transaction only, not for the token', () => {
    const group = new Group(11_000);
    group.join('CS1');
    const first = started(group, 'CS1', 'T1', 'CARD');
    const changed = group.csmsResult('CS1', first, { chargingPriority: 7, idTokenInfo: { status: 'Accepted', chargingPriority: 2 } });
    assert.equal(changed, true, 'a new priority re-balances the group');
    assert.equal(group.priorityOf(evse(group, 'CS1', 'T1')), 7, 'the transaction has the priority of its TransactionEventResponse');

    const second = started(group, 'CS1', 'T2', 'card', 2);
    group.csmsResult('CS1', second, { idTokenInfo: { status: 'Accepted' } });
    assert.equal(group.priorityOf(evse(group, 'CS1', 'T2')), 2, "the token's next transaction has the token's priority, not 7");
  });

  it("K03.FR.05 – a TransactionEventResponse's priority overrules the token's from the AuthorizeResponse", () => {
    const group = new Group(11_000);
    group.join('CS1');
    group.stationCall('CS1', 'a1', 'Authorize', { idToken: { idToken: 'CARD', type: 'ISO14443' } });
    group.csmsResult('CS1', 'a1', { idTokenInfo: { status: 'Accepted', chargingPriority: 3 } });
    const tx = started(group, 'CS1', 'T1', 'CARD');
    assert.equal(group.priorityOf(evse(group, 'CS1', 'T1')), 3, "the token's priority before the response");
    group.csmsResult('CS1', tx, { chargingPriority: -2, idTokenInfo: { status: 'Accepted' } });
    assert.equal(group.priorityOf(evse(group, 'CS1', 'T1')), -2);
  });

  it('K03.FR.06 – a transaction without a known chargingPriority has 0', () => {
    const group = new Group(11_000);
    group.join('CS1');
    const tx = started(group, 'CS1', 'T1', 'CARD');
    assert.equal(group.csmsResult('CS1', tx, { idTokenInfo: { status: 'Accepted' } }), false, 'nothing changed');
    assert.equal(group.priorityOf(evse(group, 'CS1', 'T1')), 0);
  });

  it('K03.FR.02 – a member whose link dropped keeps the limit it was given; the others share only the rest', () => {
    const group = new Group(11_000);
    for (const id of ['CS1', 'CS2']) group.join(id);
    started(group, 'CS1', 'T1', 'A');
    started(group, 'CS2', 'T2', 'B');
    evse(group, 'CS1', 'T1').sentW = shareOf(group, 'CS1', 'T1')!;
    evse(group, 'CS2', 'T2').sentW = shareOf(group, 'CS2', 'T2')!;
    assert.equal(evse(group, 'CS2', 'T2').sentW, 5500);

    group.leave('CS2');
    assert.equal(shareOf(group, 'CS2', 'T2'), 5500, 'offline, CS2 goes on charging under its TxProfile');
    assert.equal(shareOf(group, 'CS1', 'T1'), 5500, 'so CS1 is not raised into it');
    group.limitW = 8000;
    assert.equal(shareOf(group, 'CS1', 'T1'), 2500, 'a lower group limit comes out of what is left');

    group.join('CS2');
    assert.equal(shareOf(group, 'CS2', 'T2'), 4000, 'back online, CS2 shares again');
    group.stationCall('CS2', 'e1', 'TransactionEvent', { eventType: 'Ended', transactionInfo: { transactionId: 'T2' } });
    assert.equal(shareOf(group, 'CS1', 'T1'), 8000, 'its queued Ended frees its share');
  });

  it('a member that drops without a transaction is forgotten', () => {
    const group = new Group(11_000);
    group.join('CS1');
    group.leave('CS1');
    assert.equal(group.members.has('CS1'), false);
  });
});

describe('K03.FR.02 what an EV draws tells the Local Controller its demand', () => {
  const meter = (w: number) => [{ sampledValue: [{ measurand: 'Power.Active.Import', value: w }] }];
  const reading = (group: Group, w: number) =>
    group.stationCall('CS1', `mv${nextId++}`, 'MeterValues', { evseId: 1, meterValue: meter(w) });

  it('an EV that settles below its limit is given what it draws plus the headroom; one still ramping up is not', () => {
    const group = new Group(11_000);
    group.join('CS1');
    started(group, 'CS1', 'T1', 'A');
    const tx = evse(group, 'CS1', 'T1');
    tx.sentW = 11_000;
    assert.equal(reading(group, 4000), false, 'one reading: it may be ramping up');
    assert.equal(tx.demandW, Number.POSITIVE_INFINITY);
    assert.equal(reading(group, 7000), false, 'still rising');
    assert.equal(reading(group, 7100), true, 'two readings that agree: settled at 7 kW');
    assert.equal(tx.demandW, 7600);
  });

  it('a reading from before a limit was raised does not count towards settling under the new one', () => {
    const group = new Group(11_000);
    group.join('CS1');
    started(group, 'CS1', 'T1', 'A');
    const tx = evse(group, 'CS1', 'T1');
    tx.sentW = 5500;
    reading(group, 5500);
    tx.sentW = 11_000;
    tx.drawnSinceLimitW = undefined; // as the controller does when it sends a limit
    assert.equal(reading(group, 5500), false, 'the EV has not reacted yet');
    assert.equal(tx.demandW, Number.POSITIVE_INFINITY);
  });
});

describe('K03.FR.07 the minChargingRate the CSMS sets tells the Local Controller the least worth giving', () => {
  /** A SetChargingProfile from the CSMS to `identity`, relayed through the group. */
  const setProfile = (group: Group, identity: string, request: Record<string, unknown>) =>
    group.csmsCall(identity, 'SetChargingProfile', request);
  const txProfile = (transactionId: string, schedule: Record<string, unknown>, evseId = 1) => ({
    evseId,
    chargingProfile: {
      id: 7,
      stackLevel: 0,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      transactionId,
      chargingSchedule: [{ id: 1, chargingSchedulePeriod: [{ startPeriod: 0, limit: 22_000 }], ...schedule }],
    },
  });
  const txDefault = (evseId: number, minChargingRate: number) => ({
    evseId,
    chargingProfile: {
      id: 8,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: [{ id: 1, chargingRateUnit: 'W', minChargingRate, chargingSchedulePeriod: [{ startPeriod: 0, limit: 22_000 }] }],
    },
  });

  it('K03.FR.07 – a TxProfile with minChargingRate in W: the transaction gets at least that or 0, the other gets what it leaves', () => {
    const group = new Group(7000);
    for (const id of ['CS1', 'CS2']) group.join(id);
    started(group, 'CS1', 'T1', 'A');
    started(group, 'CS2', 'T2', 'B');
    assert.equal(shareOf(group, 'CS1', 'T1'), 3500);
    assert.equal(setProfile(group, 'CS1', txProfile('T1', { chargingRateUnit: 'W', minChargingRate: 4140 })), true, 're-balance');
    assert.equal(evse(group, 'CS1', 'T1').minW, 4140);
    assert.equal(shareOf(group, 'CS1', 'T1'), 0, '3.5 kW is below its minimum: suspended');
    assert.equal(shareOf(group, 'CS2', 'T2'), 7000, 'the other gets the whole limit');
    group.limitW = 11_000;
    assert.equal(shareOf(group, 'CS1', 'T1'), 5500, 'enough for its minimum: it charges again');
  });

  it('K03.FR.07 – in A: times 230 V and the numberPhases of the first period, 3 when not given', () => {
    const group = new Group(11_000);
    group.join('CS1');
    started(group, 'CS1', 'T1', 'A', 1);
    started(group, 'CS1', 'T2', 'B', 2);
    setProfile(group, 'CS1', txProfile('T1', { chargingRateUnit: 'A', minChargingRate: 6 }));
    assert.equal(evse(group, 'CS1', 'T1').minW, 6 * 230 * 3);
    const onePhase = [{ startPeriod: 0, limit: 16, numberPhases: 1 }];
    setProfile(group, 'CS1', txProfile('T2', { chargingRateUnit: 'A', minChargingRate: 6.5, chargingSchedulePeriod: onePhase }, 2));
    assert.equal(evse(group, 'CS1', 'T2').minW, 6.5 * 230);
  });

  it('K03.FR.07 – a TxDefaultProfile: for the transaction on its EVSE, or on every EVSE of that station for EVSE 0, never another station', () => {
    const group = new Group(11_000);
    for (const id of ['CS1', 'CS2']) group.join(id);
    started(group, 'CS1', 'T1', 'A', 1);
    started(group, 'CS1', 'T2', 'B', 2);
    started(group, 'CS2', 'T3', 'C', 1);
    assert.equal(setProfile(group, 'CS1', txDefault(2, 2000)), true);
    assert.deepEqual([evse(group, 'CS1', 'T1').minW, evse(group, 'CS1', 'T2').minW], [undefined, 2000]);
    assert.equal(setProfile(group, 'CS1', txDefault(0, 3000)), true);
    assert.deepEqual([evse(group, 'CS1', 'T1').minW, evse(group, 'CS1', 'T2').minW], [3000, 3000]);
    assert.equal(evse(group, 'CS2', 'T3').minW, undefined, 'CS2 is not told');
    assert.equal(setProfile(group, 'CS1', txDefault(0, 3000)), false, 'the same minimum again changes nothing');
  });

  it('K03.FR.07 – what does not tell a minimum changes nothing: no minChargingRate, a ChargingStationMaxProfile, an unknown transaction, another action', () => {
    const group = new Group(11_000);
    group.join('CS1');
    started(group, 'CS1', 'T1', 'A');
    setProfile(group, 'CS1', txProfile('T1', { chargingRateUnit: 'W', minChargingRate: 4140 }));
    assert.equal(setProfile(group, 'CS1', txProfile('T1', { chargingRateUnit: 'W' })), false, 'a later profile without one');
    assert.equal(evse(group, 'CS1', 'T1').minW, 4140, "the minimum is the EV's: it stays");
    const max = txDefault(0, 9000);
    max.chargingProfile.chargingProfilePurpose = 'ChargingStationMaxProfile';
    assert.equal(setProfile(group, 'CS1', max), false, "a station limit says nothing of an EV's minimum");
    assert.equal(setProfile(group, 'CS1', txProfile('T9', { chargingRateUnit: 'W', minChargingRate: 9000 })), false);
    assert.equal(setProfile(group, 'CS9', txProfile('T1', { chargingRateUnit: 'W', minChargingRate: 9000 })), false, 'not a member');
    assert.equal(group.csmsCall('CS1', 'RequestStopTransaction', { transactionId: 'T1' }), false);
    assert.equal(evse(group, 'CS1', 'T1').minW, 4140);
  });

  it('K03.FR.07 – the minimum ends with its transaction: the next one on that EVSE has none', () => {
    const group = new Group(3000);
    group.join('CS1');
    started(group, 'CS1', 'T1', 'A');
    setProfile(group, 'CS1', txProfile('T1', { chargingRateUnit: 'W', minChargingRate: 4140 }));
    assert.equal(shareOf(group, 'CS1', 'T1'), 0);
    group.stationCall('CS1', 'e1', 'TransactionEvent', { eventType: 'Ended', transactionInfo: { transactionId: 'T1' } });
    started(group, 'CS1', 'T2', 'B');
    assert.equal(shareOf(group, 'CS1', 'T2'), 3000);
  });

  it('K03.FR.07 – a RequestStartTransaction with a TxProfile: its minimum goes to the transaction that starts with its remoteStartId, on that station only', () => {
    const group = new Group(7000);
    for (const id of ['CS1', 'CS2']) group.join(id);
    const { chargingProfile } = txProfile('ignored', { chargingRateUnit: 'W', minChargingRate: 4140 });
    const request = { remoteStartId: 42, evseId: 1, idToken: { idToken: 'R', type: 'Central' }, chargingProfile };
    assert.equal(group.csmsCall('CS1', 'RequestStartTransaction', request), false, 'no transaction yet: nothing changes');
    group.stationCall('CS2', 'm-other', 'TransactionEvent', {
      eventType: 'Started',
      transactionInfo: { transactionId: 'T2', remoteStartId: 42 },
      evse: { id: 1 },
    });
    assert.equal(evse(group, 'CS2', 'T2').minW, undefined, 'the same remoteStartId on another station is another start');
    group.stationCall('CS1', 'm-remote', 'TransactionEvent', {
      eventType: 'Started',
      transactionInfo: { transactionId: 'T1', remoteStartId: 42 },
      evse: { id: 1 },
    });
    assert.equal(evse(group, 'CS1', 'T1').minW, 4140);
    assert.equal(shareOf(group, 'CS1', 'T1'), 0, '3.5 kW is below its minimum: suspended');
    assert.equal(shareOf(group, 'CS2', 'T2'), 7000);
  });
});
