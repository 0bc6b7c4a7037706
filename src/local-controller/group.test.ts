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
