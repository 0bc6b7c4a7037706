// Steps shared by the availability cases (block G): the way back from Unavailable, the post-scenario
// validation of every G case, and a power loss that keeps the station's durable state.

import assert from 'node:assert/strict';
import type { Booted } from './states.js';
import { startStation } from './station-process.js';
import type { TestCsms } from './test-csms.js';

type Json = Record<string, unknown>;

/** [evseId, connectorId] of every connector of a station with `evses` EVSEs of one connector each. */
export const allConnectors = (evses: number): [number, number][] => Array.from({ length: evses }, (_, i) => [i + 1, 1]);

/**
 * ChangeAvailability Operative for the station (no `evse`), an EVSE or a connector: step 2
 * Accepted, step 3 StatusNotification Available for each of `connectors`.
 */
export async function operative(b: Booted, step: string, connectors: [number, number][], evse?: Json): Promise<void> {
  const res = (await b.link.call(
    'ChangeAvailability',
    evse ? { operationalStatus: 'Operative', evse } : { operationalStatus: 'Operative' },
  )) as Json;
  assert.equal(res.status, 'Accepted', `step 2: ChangeAvailabilityResponse status Accepted (${step})`);
  for (const [e, c] of connectors) {
    const s = await b.link.next('StatusNotification', (p) => p.evseId === e && p.connectorId === c && p.connectorStatus === 'Available');
    assert.equal(s.connectorStatus, 'Available', `step 3: StatusNotificationRequest evse ${e} connector ${c} Available (${step})`);
  }
}

/** Post scenario validation of the G cases: a message reporting the state of each connector has been received. */
export function everyConnectorReported(b: Booted, connectors: [number, number][]): void {
  const reported = b.link.received('StatusNotification');
  for (const [e, c] of connectors) {
    assert.ok(
      reported.some((p) => p.evseId === e && p.connectorId === c),
      `post scenario: a StatusNotificationRequest for evse ${e} connector ${c} has been received`,
    );
  }
}

/**
 * Reusable State Booting after a power loss: the process is killed and started again on the same
 * data directory; returns once its BootNotificationRequest is in (checked by the case). What the
 * station sent before is dropped from the unread messages, so the case sees only the new boot.
 */
export async function powerCycled(b: Booted, csms: TestCsms, evses: number): Promise<Booted> {
  await b.station.kill();
  b.link.forget();
  const station = await startStation({ id: b.station.id, evses, csmsUrl: csms.url, dataDir: b.station.dataDir });
  const boot = await b.link.next('BootNotification');
  return { station, link: b.link, boot };
}
