// B09 SetNetworkProfile: a profile the station could not work with is Rejected before it is
// stored, so that no CSMS can brick the station with it (the next reboot would use it).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeBlockContext } from '../../../test/support/block-context.js';
import type { NetworkConnectionProfileType } from '../../generated/ocpp201/index.js';
import { storedProfile } from './network-profiles.js';
import { setNetworkProfile } from './set-network-profile.js';

const profile = (edit: Partial<NetworkConnectionProfileType> = {}): NetworkConnectionProfileType => ({
  ocppVersion: 'OCPP20',
  ocppTransport: 'JSON',
  ocppCsmsUrl: 'ws://csms.example/ocpp',
  messageTimeout: 30,
  securityProfile: 0,
  ocppInterface: 'Wired0',
  ...edit,
});

describe('B09 SetNetworkProfile content checks', () => {
  it('B09.FR.02 – messageTimeout -1, 0 or 4294967296 s: Rejected InvalidNetworkConf, nothing stored; 1 and 3600 s Accepted', () => {
    for (const messageTimeout of [-1, 0, 3601, 4294967296]) {
      const { ctx } = makeBlockContext({ id: `CS-B09-${messageTimeout}`, call: async () => ({}) });
      const response = setNetworkProfile({ configurationSlot: 1, connectionData: profile({ messageTimeout }) }, ctx);
      assert.equal(response.status, 'Rejected', `messageTimeout ${messageTimeout}`);
      assert.equal(response.statusInfo?.reasonCode, 'InvalidNetworkConf');
      assert.match(response.statusInfo?.additionalInfo ?? '', /messageTimeout/);
      assert.equal(storedProfile(ctx.state, 1), undefined, 'B09.FR.02 – not stored');
    }
    for (const messageTimeout of [1, 3600]) {
      const { ctx } = makeBlockContext({ id: `CS-B09-${messageTimeout}`, call: async () => ({}) });
      const response = setNetworkProfile({ configurationSlot: 1, connectionData: profile({ messageTimeout }) }, ctx);
      assert.equal(response.status, 'Accepted', `B09.FR.01 – messageTimeout ${messageTimeout}`);
      assert.equal(storedProfile(ctx.state, 1)?.messageTimeout, messageTimeout);
    }
  });
});
