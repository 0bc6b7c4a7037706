import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FleetStats } from './fleet.js';
import { fleetRegistry } from './fleet-metrics.js';

const STATS: FleetStats = {
  started: 4,
  connected: 3,
  accepted: 2,
  transactions: 1,
  queuedMessages: 7,
  framesIn: 40,
  framesOut: 50,
  sessionsStarted: 6,
  sessionsEnded: 5,
  scenariosPassed: 8,
  scenariosFailed: 9,
  scenariosRunning: 10,
};

describe('fleet metrics', () => {
  it('reads the fleet once per scrape and labels every sample with the shard', async () => {
    let reads = 0;
    let stats = STATS;
    const registry = fleetRegistry(
      {
        slice: { size: 5 },
        stats: () => {
          reads++;
          return stats;
        },
      },
      '2/3',
    );
    const text = await registry.metrics();
    assert.equal(reads, 1, 'one Fleet.stats() per scrape');
    for (const sample of [
      'ocpp_fleet_stations{shard="2/3"} 5',
      'ocpp_fleet_started{shard="2/3"} 4',
      'ocpp_fleet_connected{shard="2/3"} 3',
      'ocpp_fleet_accepted{shard="2/3"} 2',
      'ocpp_fleet_transactions{shard="2/3"} 1',
      'ocpp_fleet_queued_messages{shard="2/3"} 7',
      'ocpp_fleet_sessions_active{shard="2/3"} 1',
      'ocpp_fleet_frames_in_total{shard="2/3"} 40',
      'ocpp_fleet_frames_out_total{shard="2/3"} 50',
      'ocpp_fleet_sessions_started_total{shard="2/3"} 6',
      'ocpp_fleet_sessions_ended_total{shard="2/3"} 5',
      'ocpp_fleet_scenarios_running{shard="2/3"} 10',
      'ocpp_fleet_scenarios_passed_total{shard="2/3"} 8',
      'ocpp_fleet_scenarios_failed_total{shard="2/3"} 9',
    ]) {
      assert.ok(text.split('\n').includes(sample), `${sample} in\n${text}`);
    }
    assert.match(text, /^# TYPE ocpp_fleet_frames_in_total counter$/m);
    assert.match(text, /^# TYPE ocpp_fleet_accepted gauge$/m);

    // The next scrape reads the fleet again: counters follow the sum, not add to it.
    stats = { ...STATS, framesIn: 45 };
    const next = await registry.metrics();
    assert.equal(reads, 2);
    assert.ok(next.split('\n').includes('ocpp_fleet_frames_in_total{shard="2/3"} 45'), next);
  });
});
