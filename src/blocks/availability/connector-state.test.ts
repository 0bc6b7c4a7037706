import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectorStatus, type ConnectorFacts } from './connector-state.js';

const base: ConnectorFacts = { faulted: false, operative: true, plugged: false, transaction: false, reserved: false };
const keys = Object.keys(base) as (keyof ConnectorFacts)[];

/** The expected status written independently, as a table of rules in spec order. */
function expected(f: ConnectorFacts): string {
  if (f.faulted) return 'Faulted';
  if (f.transaction) return 'Occupied';
  if (!f.operative) return 'Unavailable';
  if (f.reserved) return 'Reserved';
  return f.plugged ? 'Occupied' : 'Available';
}

describe('G01 connector status', () => {
  it('G01.FR.01 – every combination of facts gives one valid ConnectorStatus', () => {
    const valid = new Set(['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted']);
    for (let mask = 0; mask < 1 << keys.length; mask++) {
      const facts = Object.fromEntries(keys.map((k, i) => [k, Boolean(mask & (1 << i))])) as unknown as ConnectorFacts;
      const status = connectorStatus(facts);
      assert.ok(valid.has(status));
      assert.equal(status, expected(facts), JSON.stringify(facts));
    }
  });

  it('G01.FR.03 – plugging in makes an available connector Occupied; G01.FR.04 – unplugging makes it Available', () => {
    assert.equal(connectorStatus({ ...base, plugged: true }), 'Occupied');
    assert.equal(connectorStatus(base), 'Available');
  });

  it('G01.FR.05 – unplugging a connector scheduled to become Unavailable makes it Unavailable', () => {
    assert.equal(connectorStatus({ ...base, operative: false, plugged: true }), 'Unavailable');
    assert.equal(connectorStatus({ ...base, operative: false }), 'Unavailable');
  });

  it('G03.FR.05 – an Inoperative change waits while a transaction runs', () => {
    assert.equal(connectorStatus({ ...base, operative: false, plugged: true, transaction: true }), 'Occupied');
  });

  it('G03.FR.06 – a faulted connector stays Faulted when its EVSE becomes Inoperative', () => {
    assert.equal(connectorStatus({ ...base, faulted: true, operative: false }), 'Faulted');
  });

  it('G03.FR.09 – a reserved connector stays Reserved when a cable is plugged without the matching IdToken', () => {
    assert.equal(connectorStatus({ ...base, reserved: true }), 'Reserved');
    assert.equal(connectorStatus({ ...base, reserved: true, plugged: true }), 'Reserved');
  });
});
