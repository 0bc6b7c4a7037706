// `ocpp-station fleet --shard I/N` as a load test across machines runs it: two processes of the
// built CLI, shards 1/2 and 2/2 of one --count, against one CSMS, each with its /metrics endpoint.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { type LocalCsms, startLocalCsms } from '../csms/local-csms.js';
import { poll } from '../../test/support/wait.js';

const MAIN = new URL('./main.js', import.meta.url).pathname;

interface Shard {
  child: ChildProcess;
  stdout: () => string;
  metricsUrl: string;
}

async function startShard(csms: LocalCsms, shard: string): Promise<Shard> {
  const child = spawn(
    process.execPath,
    [MAIN, 'fleet', '--count', '10', '--shard', shard, '--csms', csms.url, '--metrics-port', '0', '--ramp-per-s', '200'],
    { env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  const metricsUrl = await poll(`shard ${shard} to print its metrics URL`, () => {
    assert.equal(child.exitCode, null, `shard ${shard} exited early: ${text}`);
    return /^metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)$/m.exec(text)?.[1];
  });
  return { child, stdout: () => text, metricsUrl };
}

/** The value of `name` with label shard="<shard>" in the Prometheus text of `url`. */
async function metric(url: string, name: string, shard: string): Promise<number> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  const line = new RegExp(`^${name}\\{shard="${shard.replace('/', '\\/')}"\\} (\\d+)$`, 'm').exec(await response.text());
  assert.ok(line, `${url} has ${name}{shard="${shard}"}`);
  return Number(line[1]);
}

async function stop(shard: Shard): Promise<string> {
  if (shard.child.exitCode === null) {
    const exited = once(shard.child, 'exit');
    shard.child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0, shard.stdout());
  }
  return shard.stdout();
}

describe('ocpp-station fleet --shard: two processes share one fleet', () => {
  let csms: LocalCsms;
  const shards: Shard[] = [];
  before(async () => {
    csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
  });
  after(async () => {
    for (const shard of shards) if (shard.child.exitCode === null) shard.child.kill('SIGKILL');
    await csms.close();
  });

  const acceptedIds = (): string[] =>
    csms.store
      .list()
      .filter((station) => station.registration === 'Accepted')
      .map((station) => station.id)
      .sort();

  it('shards 1/2 and 2/2 of --count 10 make disjoint halves of the ids, and their /metrics add up to 10 accepted', async () => {
    // Shard 1 alone first: the ids the CSMS then sees are the ones shard 1 made.
    const first = await startShard(csms, '1/2');
    shards.push(first);
    await poll('shard 1/2 to report 5 accepted', async () =>
      (await metric(first.metricsUrl, 'ocpp_fleet_accepted', '1/2')) === 5 ? true : undefined,
    );
    const firstIds = await poll('the CSMS to accept 5 stations', () => {
      const ids = acceptedIds();
      return ids.length === 5 ? ids : undefined;
    });
    assert.deepEqual(firstIds, ['FLEET-00001', 'FLEET-00002', 'FLEET-00003', 'FLEET-00004', 'FLEET-00005']);
    assert.match(first.stdout(), /^shard 1\/2: FLEET-00001\.\.FLEET-00005 \(5 of 10\)$/m);

    const second = await startShard(csms, '2/2');
    shards.push(second);
    const allIds = await poll('the CSMS to accept 10 stations', () => {
      const ids = acceptedIds();
      return ids.length === 10 ? ids : undefined;
    });
    const secondIds = allIds.filter((id) => !firstIds.includes(id));
    assert.equal(new Set(allIds).size, 10, 'the CSMS sees 10 distinct station ids');
    assert.equal(secondIds.length, 5, 'shard 2/2 made 5 ids none of which shard 1/2 made');
    assert.deepEqual(secondIds, ['FLEET-00006', 'FLEET-00007', 'FLEET-00008', 'FLEET-00009', 'FLEET-00010']);
    assert.match(second.stdout(), /^shard 2\/2: FLEET-00006\.\.FLEET-00010 \(5 of 10\)$/m);

    await poll('shard 2/2 to report 5 accepted', async () =>
      (await metric(second.metricsUrl, 'ocpp_fleet_accepted', '2/2')) === 5 ? true : undefined,
    );
    const accepted =
      (await metric(first.metricsUrl, 'ocpp_fleet_accepted', '1/2')) + (await metric(second.metricsUrl, 'ocpp_fleet_accepted', '2/2'));
    assert.equal(accepted, 10, 'ocpp_fleet_accepted of the two shards adds up to --count');
    assert.equal(await metric(first.metricsUrl, 'ocpp_fleet_stations', '1/2'), 5);
    assert.ok((await metric(second.metricsUrl, 'ocpp_fleet_frames_out_total', '2/2')) >= 5, 'each station sent at least its boot');
    assert.equal((await fetch(first.metricsUrl.replace('/metrics', '/'))).status, 404);

    const [firstOut, secondOut] = [await stop(first), await stop(second)];
    assert.match(firstOut, /^summary: shard=1\/2 .*stations=5 accepted=5 /m);
    assert.match(secondOut, /^summary: shard=2\/2 .*stations=5 accepted=5 /m);
  });
});
