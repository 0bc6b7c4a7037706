// `ocpp-station fleet --workers N` as users run it: a child process of the built CLI whose
// stations run on worker threads, against the built-in CSMS it starts.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createCa } from '../../test/support/pki.js';
import { poll } from '../../test/support/wait.js';

const MAIN = new URL('./main.js', import.meta.url).pathname;

interface Fleet {
  child: ChildProcess;
  stdout: () => string;
  line: (pattern: RegExp) => Promise<string>;
}

function startFleet(args: string[]): Fleet {
  const child = spawn(process.execPath, [MAIN, 'fleet', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  const line = (pattern: RegExp) =>
    poll(`the fleet to print ${pattern}`, () => {
      assert.equal(child.exitCode, null, `the fleet exited early: ${text}`);
      return pattern.exec(text)?.[1];
    });
  return { child, stdout: () => text, line };
}

/** The value of `name` in the Prometheus text of `url`. */
async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  const line = new RegExp(`^${name}\\{shard="1/1"\\} (\\d+)$`, 'm').exec(text);
  assert.ok(line, `${url} has ${name}`);
  return Number(line[1]);
}

interface CsmsStation {
  id: string;
  registration: string | null;
}

describe('ocpp-station fleet --workers: the stations of one process spread over worker threads', () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('--count 40 --workers 2: the built-in CSMS accepts 40 distinct ids, each booted once; /metrics and the summary add up both workers', async () => {
    const fleet = startFleet(['--count', '40', '--workers', '2', '--ramp-per-s', '200', '--duration', '120', '--metrics-port', '0']);
    children.push(fleet.child);
    const api = await fleet.line(/^csms api: (http:\/\/127\.0\.0\.1:\d+)\/$/m);
    const metrics = await fleet.line(/^metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)$/m);

    const accepted = await poll('the CSMS to accept 40 stations', async () => {
      const stations = (await (await fetch(`${api}/api/stations`)).json()) as CsmsStation[];
      const ids = stations.filter((s) => s.registration === 'Accepted').map((s) => s.id);
      return ids.length === 40 ? ids.sort() : undefined;
    });
    assert.deepEqual(
      accepted,
      Array.from({ length: 40 }, (_, i) => `FLEET-${String(i + 1).padStart(5, '0')}`),
      'FLEET-00001..FLEET-00040, none missing, none twice',
    );
    for (const id of accepted) {
      const log = (await (await fetch(`${api}/api/stations/${id}/log`)).json()) as { direction: string; text: string }[];
      const boots = log.filter((frame) => frame.direction === 'in' && /^\[2,"[^"]*","BootNotification"/.test(frame.text));
      assert.equal(boots.length, 1, `${id} booted once: one worker made it`);
    }

    // Workers post their stats every second: /metrics reaches the sum of both.
    await poll('/metrics to count 40 accepted', async () => ((await metric(metrics, 'ocpp_fleet_accepted')) === 40 ? true : undefined));
    assert.equal(await metric(metrics, 'ocpp_fleet_stations'), 40);
    assert.equal(await metric(metrics, 'ocpp_fleet_started'), 40);
    assert.equal(await metric(metrics, 'ocpp_fleet_connected'), 40);
    assert.ok((await metric(metrics, 'ocpp_fleet_frames_out_total')) >= 40, 'every station sent at least its boot');

    const exited = once(fleet.child, 'exit');
    fleet.child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0, fleet.stdout());
    assert.match(fleet.stdout(), /^stopped \(SIGTERM\)$/m);
    assert.match(fleet.stdout(), /^summary: workers=2 .*stations=40 accepted=40 all-accepted-after=\d+\.\ds /m);
  });

  it('--mo-root FILE: every station of every worker has the MO root installed (GetInstalledCertificateIds)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fleet-roots-')), 'mo-root.pem');
    writeFileSync(file, (await createCa({ commonName: 'Test MO Root' })).cert);
    const fleet = startFleet(['--count', '2', '--workers', '2', '--ramp-per-s', '100', '--duration', '120', '--mo-root', file]);
    children.push(fleet.child);
    const api = await fleet.line(/^csms api: (http:\/\/127\.0\.0\.1:\d+)\/$/m);
    for (const id of ['FLEET-00001', 'FLEET-00002']) {
      await poll(`${id} Accepted`, async () => {
        const station = (await (await fetch(`${api}/api/stations/${id}`)).json()) as CsmsStation;
        return station.registration === 'Accepted' ? true : undefined;
      });
      const answer = (await (
        await fetch(`${api}/api/stations/${id}/call/GetInstalledCertificateIds`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ certificateType: ['MORootCertificate'] }),
        })
      ).json()) as { ok: boolean; response: { status: string; certificateHashDataChain?: unknown[] } };
      assert.equal(answer.response.status, 'Accepted', `${id}: ${JSON.stringify(answer)}`);
      assert.equal(answer.response.certificateHashDataChain?.length, 1, `${id} has the one MO root`);
    }
    fleet.child.kill('SIGTERM');
    await once(fleet.child, 'exit');
  });

  it('a bad --set refused by the workers\u2019 stations: one line and exit code 2', () => {
    const { status, stderr } = spawnSync(process.execPath, [MAIN, 'fleet', '--count', '4', '--workers', '2', '--set', 'Foo/Bar=1'], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    assert.equal(status, 2, stderr);
    assert.equal(stderr, 'ocpp-station: --set Foo/Bar: no such variable\n');
  });
});
