// A test station started and waited for: Accepted, connected, and quiet, so that a test begins
// from a station with nothing in flight.

import { quiet } from './quiet.js';
import { makeTestStation, type TestStation, type TestStationOptions } from './test-station.js';
import { waitFor } from './wait.js';

export async function bootedStation(options: TestStationOptions): Promise<TestStation> {
  const t = makeTestStation(options);
  t.station.start();
  await waitFor(() => t.snapshot().registration === 'Accepted' && t.snapshot().connected, `${options.id} booted`);
  await quiet(t);
  return t;
}
