// The station's own problems as monitor events, against the local CSMS over a real WebSocket: a
// hardware fault of an EVSE is its Problem variable, which the preconfigured monitor watches
// (Delta, severity 4): NotifyEvent when the fault comes and when it goes (N07.FR.18/19), besides
// the StatusNotification Faulted.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventDataType, NotifyEventRequest } from '../../src/generated/ocpp201/index.js';
import { useLocalCsms } from '../support/local-csms-suite.js';
import { quiet } from '../support/quiet.js';
import { waitFor } from '../support/wait.js';

const suite = useLocalCsms();

const events = (id: string): EventDataType[] =>
  (suite.csms.store.requests(id) ?? [])
    .filter((r) => r.action === 'NotifyEvent')
    .flatMap((r) => (r.request as NotifyEventRequest).eventData);

describe('N07 the station reports its own problems', () => {
  it('N07.FR.18/19 – a hardware fault of EVSE 1 and its end: NotifyEvent from the preconfigured EVSE Problem monitor naming the fault in techInfo, true then false', async () => {
    const id = 'N07-PROBLEM';
    const t = await suite.online(id);
    try {
      await quiet(t);
      t.hardware.setFault(1, 'GroundFailure');
      const raised = await waitFor(() => events(id).find((e) => e.actualValue === 'true'), 'the fault reported');
      assert.deepEqual(
        {
          component: raised.component,
          variable: raised.variable,
          trigger: raised.trigger,
          type: raised.eventNotificationType,
          monitor: raised.variableMonitoringId,
          techInfo: raised.techInfo,
        },
        {
          component: { name: 'EVSE', evse: { id: 1 } },
          variable: { name: 'Problem' },
          trigger: 'Delta',
          type: 'PreconfiguredMonitor',
          monitor: 101,
          techInfo: 'GroundFailure',
        },
      );
      t.hardware.setFault(1, false);
      await waitFor(() => events(id).some((e) => e.actualValue === 'false'), 'the end of the fault reported');
      await quiet(t);
      assert.deepEqual(
        events(id).map((e) => e.actualValue),
        ['true', 'false'],
        'one event for the fault, one for its end',
      );
    } finally {
      await t.stop();
    }
  });
});
