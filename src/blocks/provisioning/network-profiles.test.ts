import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeviceModel } from '../../device-model/device-model.js';
import { DM } from '../../generated/ocpp201/dm-catalog.js';
import type { NetworkConnectionProfileType } from '../../generated/ocpp201/index.js';
import { defaultDescription } from '../../description/station-description.js';
import { openDatabase } from '../../store/database.js';
import { StationScope } from '../../store/scope.js';
import { StationState } from '../../store/station-state.js';
import { allowedSlots, SlotRotation, storeProfile } from './network-profiles.js';

const profile = (url: string): NetworkConnectionProfileType => ({
  ocppVersion: 'OCPP20',
  ocppTransport: 'JSON',
  ocppCsmsUrl: url,
  messageTimeout: 30,
  securityProfile: 0,
  ocppInterface: 'Wired0',
});

function setup(priority: string) {
  const db = new StationScope(openDatabase(':memory:'));
  const dm = DeviceModel.open(db, {
    description: defaultDescription(1),
    overrides: { [DM.OCPPCommCtrlr.NetworkConfigurationPriority]: priority },
  });
  return { dm, state: new StationState(db) };
}

describe('B10 network profile slots', () => {
  it('B09.FR.05 – the slots are the valuesList of NetworkConfigurationPriority', () => {
    assert.deepEqual(allowedSlots(setup('0').dm), [0, 1, 2]);
  });

  it('B10.FR.03/04/08 – priority order from the first entry, the next slot after the attempts per slot, then round again', () => {
    const { dm, state } = setup('2,1,0');
    storeProfile(state, 2, profile('ws://two.example/ocpp'));
    const rotation = new SlotRotation(dm, state, () => 2);
    // Slot 1 has no profile and is skipped; slot 0 without a profile is the command line.
    assert.equal(rotation.current.slot, 2);
    assert.equal(rotation.current.profile?.ocppCsmsUrl, 'ws://two.example/ocpp');
    assert.equal(rotation.failed(), false);
    assert.equal(rotation.failed(), true);
    assert.deepEqual(rotation.current, { slot: 0 });
    rotation.failed();
    rotation.opened(); // a success starts the count over
    assert.equal(rotation.failed(), false);
    assert.equal(rotation.failed(), true);
    assert.equal(rotation.current.slot, 2);
  });

  it('B10.FR.07/08 – every entry failed: the slot of the last successful connection for its attempts, then the whole list again', () => {
    const { dm, state } = setup('1,0');
    storeProfile(state, 1, profile('ws://new.example/ocpp'));
    dm.set(DM.OCPPCommCtrlr.ActiveNetworkProfile, '0'); // connected on slot 0 before the reboot
    const rotation = new SlotRotation(dm, state, () => 1);
    assert.equal(rotation.current.slot, 1, 'B10.FR.04: the first entry first');
    rotation.failed();
    assert.equal(rotation.current.slot, 0);
    rotation.failed();
    assert.equal(rotation.current.slot, 0, 'B10.FR.07: back to the last successful profile, not round to the new one');
    rotation.failed();
    assert.equal(rotation.current.slot, 1, 'B10.FR.08: the fallback failed too; the list from its first entry');
    rotation.failed();
    rotation.failed();
    assert.equal(rotation.current.slot, 0, 'B10.FR.07 again after the next round');
  });

  it('B10.FR.07 – a connection makes its slot the one to fall back to', () => {
    const { dm, state } = setup('1,0');
    storeProfile(state, 1, profile('ws://new.example/ocpp'));
    const rotation = new SlotRotation(dm, state, () => 1);
    rotation.opened(); // on slot 1
    rotation.failed();
    assert.equal(rotation.current.slot, 0);
    rotation.failed();
    assert.equal(rotation.current.slot, 1, 'every entry failed: slot 1, where the last connection was made');
  });

  it('without any usable slot the command line is used', () => {
    const { dm, state } = setup('1');
    const rotation = new SlotRotation(dm, state, () => 3);
    assert.deepEqual(rotation.current, { slot: 0 });
    assert.equal(rotation.failed(), false);
  });
});
