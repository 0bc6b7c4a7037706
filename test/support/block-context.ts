// A station context for testing one functional block alone: the real device model and station
// state over an in-memory SQLite database (or one the test passes, to restart on it), a fake
// clock and real station events; no hardware, no queue, and a link that the test fakes through
// `online` and `call`.

import { FakeClock } from '../../src/clock/fake-clock.js';
import { DeviceModel } from '../../src/device-model/device-model.js';
import { silentLogger } from '../../src/log/logger.js';
import type { StationContext } from '../../src/kernel/context.js';
import { defaultDescription, type StationDescription } from '../../src/description/station-description.js';
import { StationEvents } from '../../src/kernel/events.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { StationScope } from '../../src/store/scope.js';
import { StationState } from '../../src/store/station-state.js';

export interface BlockContextOptions<P> {
  /** Station identity. */
  id: string;
  evses?: number;
  /** An existing database; a new in-memory one otherwise. */
  db?: Database;
  overrides?: Record<string, string>;
  /** Whether the link is up; always by default. */
  online?: () => boolean;
  /** The CSMS's answer to each call of the block (the block's own request type as `payload`). */
  call(action: string, payload: P): Promise<unknown>;
}

export interface BlockContext {
  ctx: StationContext;
  db: StationScope;
  clock: FakeClock;
  description: StationDescription;
  dm: DeviceModel;
  events: StationEvents;
}

export function makeBlockContext<P>(options: BlockContextOptions<P>): BlockContext {
  const db = new StationScope(options.db ?? openDatabase(':memory:'));
  const clock = new FakeClock();
  const description = defaultDescription(options.evses ?? 1);
  const dm = DeviceModel.open(db, { description, clock, overrides: options.overrides ?? {} });
  const events = new StationEvents();
  const ctx = {
    id: options.id,
    clock,
    log: silentLogger,
    description,
    dm,
    db,
    hal: undefined as never,
    state: new StationState(db),
    events,
    online: options.online ?? (() => true),
    registration: () => 'Accepted',
    now: () => new Date(clock.now()),
    adoptCsmsTime: () => undefined,
    reconnect: () => undefined,
    queued: () => [],
    reboot: () => undefined,
    trigger: () => undefined,
    queue: () => {
      throw new Error('not used');
    },
    call: options.call,
  } as unknown as StationContext;
  return { ctx, db, clock, description, dm, events };
}
