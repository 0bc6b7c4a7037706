// I02-I05 against the local CSMS with a tariff over a real WebSocket: a session whose link goes
// down before it ends shows the fallback total-cost message on the station's display (I05.FR.02),
// and once the link is back the replayed Ended event reaches the CSMS once and is answered with the
// final cost of the whole transaction (I03.FR.02), which the display does not show any more (I03
// remarks: the driver has likely left).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCsms, type LocalCsms } from '../../src/csms/local-csms.js';
import { DM } from '../../src/generated/ocpp201/dm-catalog.js';
import type { TransactionEventRequest } from '../../src/generated/ocpp201/index.js';
import { quiet } from '../support/quiet.js';
import { fixedBackOff, makeTestStation } from '../support/test-station.js';
import { waitFor } from '../support/wait.js';

const TARIFF = { text: '0.30/kWh', pricePerKWh: 0.3 };
const FALLBACK = 'Your invoice follows by mail.';
/** The first reconnect attempt comes exactly this long (fake clock) after the link dropped. */
const BACK_OFF_S = 5;

let csms: LocalCsms;
before(async () => {
  csms = await startLocalCsms({ heartbeatIntervalS: 3600, tariff: TARIFF, costUpdatedIntervalMs: 0 });
});
after(() => csms.close());

const events = (id: string): TransactionEventRequest[] =>
  (csms.store.requests(id) ?? []).filter((r) => r.action === 'TransactionEvent').map((r) => r.request as TransactionEventRequest);

/** The CSMS's answer to the station's call with this frame text's messageId, from the CSMS's frame log. */
function answerTo(id: string, predicate: (payload: TransactionEventRequest) => boolean): Record<string, unknown> | undefined {
  const frames = (csms.store.frames(id) ?? []).map((f) => ({ direction: f.direction, frame: JSON.parse(f.text) as unknown[] }));
  const call = frames.find(
    (f) =>
      f.direction === 'in' && f.frame[0] === 2 && f.frame[2] === 'TransactionEvent' && predicate(f.frame[3] as TransactionEventRequest),
  );
  const result = call && frames.find((f) => f.direction === 'out' && f.frame[0] === 3 && f.frame[1] === call.frame[1]);
  return result?.frame[2] as Record<string, unknown> | undefined;
}

const registerWh = (e: TransactionEventRequest): number =>
  Number(e.meterValue?.at(-1)?.sampledValue.find((s) => !s.measurand || s.measurand === 'Energy.Active.Import.Register')?.value);

describe('I03/I05 cost across a lost link', () => {
  it('I05.FR.02 – ended offline: the fallback message is shown; I03.FR.02 – the final cost arrives with the replayed Ended event', async () => {
    const id = 'I05-A';
    const t = makeTestStation({
      id,
      csmsUrl: csms.url,
      overrides: {
        [DM.TariffCostCtrlr.TotalCostFallbackMessage]: FALLBACK,
        ...fixedBackOff(BACK_OFF_S),
      },
    });
    t.station.start();
    try {
      await waitFor(() => t.snapshot().registration === 'Accepted', 'accepted');
      await quiet(t);
      t.hardware.plug(1);
      t.hardware.presentToken('CARD-1');
      await waitFor(() => events(id).some((e) => e.transactionInfo.chargingState === 'Charging'), 'charging');
      assert.equal(t.snapshot().evses[0]?.cost?.tariffText, TARIFF.text, 'I01.FR.03: the tariff text while charging');
      // The CSMS has the Charging event; its answer may still be on the way, and ten minutes on the
      // fake clock would time it out.
      await quiet(t);
      t.clock.advance(600_000); // ten minutes of charging
      await quiet(t);

      csms.server.session(id)?.close(1001);
      await waitFor(() => !t.snapshot().connected, 'offline');
      t.hardware.presentToken('CARD-1'); // TxStopPoint Authorized: the same card ends it
      await quiet(t);
      assert.equal(t.station.blocks.transactions.view(1)?.transactionId, undefined, 'the transaction ended offline');
      const shown = t.snapshot().evses[0]?.cost;
      assert.deepEqual({ total: shown?.total, tariffText: shown?.tariffText }, { total: null, tariffText: FALLBACK }, 'I05.FR.02');

      // The reconnect back-off and whatever is due before it; then only real time, so that the
      // connection attempt's own timeout cannot fire while the socket opens on a busy machine.
      t.clock.advance(BACK_OFF_S * 1000);
      await waitFor(() => t.snapshot().connected, 'reconnected', 15_000);
      await waitFor(() => events(id).some((e) => e.eventType === 'Ended'), 'the Ended event replayed', 15_000);
      await quiet(t);
      const all = events(id);
      const started = all.find((e) => e.eventType === 'Started')!;
      const ended = all.filter((e) => e.eventType === 'Ended');
      assert.equal(ended.length, 1, 'the Ended event reaches the CSMS exactly once');
      assert.equal(ended[0]!.offline, true, 'E04.FR.03: created offline');
      const expected = Math.round(((registerWh(ended[0]!) - registerWh(started)) / 1000) * TARIFF.pricePerKWh * 100) / 100;
      assert.ok(expected > 0, `energy was charged: ${registerWh(started)} -> ${registerWh(ended[0]!)} Wh`);
      const answer = answerTo(id, (p) => p.eventType === 'Ended');
      assert.equal(answer?.totalCost, expected, 'I03.FR.02: the final cost of the whole transaction');
      assert.equal(t.snapshot().evses[0]?.cost?.tariffText, FALLBACK, 'I03 remarks: the late cost is not shown to a driver who has left');
    } finally {
      await t.stop();
    }
  });
});
