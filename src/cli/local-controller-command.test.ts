// `ocpp-station local-controller` as users run it: its options, and a real child process in front
// of the built-in CSMS with two real stations behind it, its group limit changed over its HTTP API;
// and one with TLS on both sides (Part 4 §6.5), with certificates made here.

import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCa, issueClientCert, issueServerCert, type Pem } from '../../test/support/pki.js';
import { quiet } from '../../test/support/quiet.js';
import { makeTestStation, type TestStation } from '../../test/support/test-station.js';
import { poll, waitFor } from '../../test/support/wait.js';
import { FakeClock } from '../clock/fake-clock.js';
import { type LocalCsms, startLocalCsms } from '../csms/local-csms.js';
import { DM } from '../generated/ocpp201/dm-catalog.js';
import { PROFILE_ID_BASE } from '../local-controller/local-controller.js';
import type { LocalControllerState } from '../local-controller/local-controller.js';
import { parseLocalControllerArgs } from './local-controller-command.js';
import { UsageError } from './usage-error.js';

const REQUIRED = ['--csms', 'ws://127.0.0.1:9000/ocpp', '--port', '9200', '--group-limit-w', '11000'];

describe('ocpp-station local-controller options', () => {
  it('takes --csms, --port and --group-limit-w; --http and --id are optional', () => {
    assert.deepEqual(parseLocalControllerArgs(REQUIRED), {
      csmsUrl: 'ws://127.0.0.1:9000/ocpp',
      port: 9200,
      groupLimitW: 11_000,
      id: 'LC',
    });
    assert.deepEqual(parseLocalControllerArgs([...REQUIRED, '--http=9201', '--id', 'SITE-7', '--group-limit-w', '7400.5']), {
      csmsUrl: 'ws://127.0.0.1:9000/ocpp',
      port: 9200,
      groupLimitW: 7400.5,
      httpPort: 9201,
      id: 'SITE-7',
    });
  });

  it('--own-connection: the group limit becomes optional, the data directory defaults to .ocpp-station/<id>', () => {
    const base = ['--csms', 'ws://127.0.0.1:9000/ocpp', '--port', '9200', '--own-connection'];
    assert.deepEqual(parseLocalControllerArgs([...base, '--id', 'SITE-7']), {
      csmsUrl: 'ws://127.0.0.1:9000/ocpp',
      port: 9200,
      id: 'SITE-7',
      own: { dataDir: resolve('.ocpp-station/SITE-7') },
    });
    assert.deepEqual(parseLocalControllerArgs([...base, '--data-dir', '/var/lib/lc', '--group-limit-w', '22000']).own, {
      dataDir: '/var/lib/lc',
    });
    assert.throws(() => parseLocalControllerArgs([...REQUIRED, '--data-dir', '/var/lib/lc']), /--data-dir is for --own-connection/);
    assert.deepEqual(parseLocalControllerArgs([...base, '--data-dir', '/lc', '--basic-auth-password', 'sixteen-chars-ok']).own, {
      dataDir: '/lc',
      basicAuthPassword: 'sixteen-chars-ok',
    });
    assert.throws(() => parseLocalControllerArgs([...REQUIRED, '--basic-auth-password', 'sixteen-chars-ok']), /is for --own-connection/);
    assert.throws(() => parseLocalControllerArgs([...base, '--basic-auth-password', 'short']), /16 to 40 characters/);
    assert.throws(() => parseLocalControllerArgs(['--csms', 'ws://127.0.0.1:9000/ocpp', '--port', '9200']), /--group-limit-w is required/);
  });

  it('throws a UsageError for missing, unknown, incomplete or out-of-range options', () => {
    const without = (name: string) => REQUIRED.filter((_, i) => REQUIRED[i] !== name && REQUIRED[i - 1] !== name);
    for (const argv of [
      [],
      without('--csms'),
      without('--port'),
      without('--group-limit-w'),
      [...REQUIRED, '--bogus'],
      [...REQUIRED, '--http'],
      [...REQUIRED, '--http', '70000'],
      [...REQUIRED, '--port', 'abc'],
      [...REQUIRED, '--group-limit-w=-1'],
      [...REQUIRED, '--group-limit-w', 'lots'],
      [...REQUIRED, '--group-limit-w', '1e400'],
      [...REQUIRED, '--csms', 'http://127.0.0.1:9000/ocpp'],
      [...REQUIRED, '--id', 'a:b'],
      [...REQUIRED, 'extra'],
    ]) {
      assert.throws(() => parseLocalControllerArgs(argv), UsageError, argv.join(' '));
    }
  });
});

describe('ocpp-station local-controller TLS options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocpp-lc-tls-'));
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  let ca: Pem;
  let server: Pem;
  let client: Pem;
  const f: Record<'ca' | 'cert' | 'key' | 'clientCert' | 'clientKey' | 'otherKey' | 'notPem' | 'none', string> = {
    ca: '',
    cert: '',
    key: '',
    clientCert: '',
    clientKey: '',
    otherKey: '',
    notPem: write('not.pem', 'hello'),
    none: join(dir, 'none.pem'),
  };
  before(async () => {
    ca = await createCa();
    server = await issueServerCert(ca);
    client = await issueClientCert(ca, { commonName: 'LC' });
    f.ca = write('ca.pem', ca.cert);
    f.cert = write('server.pem', server.cert);
    f.key = write('server.key', server.key);
    f.clientCert = write('client.pem', client.cert);
    f.clientKey = write('client.key', client.key);
    f.otherKey = write('other.key', (await issueServerCert(ca)).key);
  });
  const wss = ['--csms', 'wss://csms.example/ocpp', '--port', '9200', '--group-limit-w', '11000'];
  const fingerprint = (pem: string | undefined): string => new X509Certificate(pem ?? assert.fail('no certificate')).fingerprint256;

  it('Part 4 §6.5 – --tls-cert/--tls-key make it the TLS server of its stations, --tls-client-ca asks for their certificates; --ca and --client-cert/--client-key are its side as TLS client of the CSMS', () => {
    const options = parseLocalControllerArgs([
      ...wss,
      ...['--tls-cert', f.cert, '--tls-key', f.key, '--tls-client-ca', f.ca],
      ...['--ca', f.ca, '--client-cert', f.clientCert, '--client-key', f.clientKey],
    ]);
    assert.equal(fingerprint(options.stationTls?.cert), fingerprint(server.cert));
    assert.equal(options.stationTls?.key, server.key);
    assert.equal(fingerprint(options.stationTls?.clientCa), fingerprint(ca.cert));
    assert.equal(fingerprint(options.csmsTls?.ca), fingerprint(ca.cert));
    assert.equal(fingerprint(options.csmsTls?.clientCert), fingerprint(client.cert));
    assert.equal(options.csmsTls?.clientKey, client.key);

    const plain = parseLocalControllerArgs([...wss, '--tls-cert', f.cert, '--tls-key', f.key]);
    assert.equal(plain.stationTls?.clientCa, undefined, 'without --tls-client-ca no station certificate is asked for');
    assert.equal(plain.csmsTls, undefined, 'without --ca the system roots');
    assert.deepEqual(
      Object.keys(parseLocalControllerArgs([...wss, '--ca', f.ca]).csmsTls ?? {}),
      ['ca'],
      'trust without a client certificate',
    );
    assert.equal(parseLocalControllerArgs(wss).stationTls, undefined, 'without --tls-cert: ws://');
  });

  it('Part 4 §6.5 – a missing half of a pair, a client-side option without wss://, an unreadable or non-PEM file, or a key of another certificate: a UsageError naming the options', () => {
    const ws = ['--csms', 'ws://127.0.0.1:9000/ocpp', '--port', '9200', '--group-limit-w', '11000'];
    const cases: [string[], RegExp][] = [
      [[...wss, '--tls-cert', f.cert], /^--tls-cert and --tls-key go together$/],
      [[...wss, '--tls-key', f.key], /^--tls-cert and --tls-key go together$/],
      [[...wss, '--tls-client-ca', f.ca], /^--tls-client-ca needs --tls-cert and --tls-key$/],
      [[...wss, '--client-cert', f.clientCert], /^--client-cert and --client-key go together$/],
      [[...wss, '--client-key', f.clientKey], /^--client-cert and --client-key go together$/],
      [[...ws, '--ca', f.ca], /^--ca, --client-cert and --client-key need --csms wss:\/\/\.\.\.$/],
      [[...ws, '--client-cert', f.clientCert, '--client-key', f.clientKey], /need --csms wss:/],
      [[...wss, '--tls-cert', f.none, '--tls-key', f.key], /^--tls-cert .*none\.pem: ENOENT$/],
      [[...wss, '--tls-cert', f.cert, '--tls-key', f.none], /^--tls-key .*none\.pem: ENOENT$/],
      [[...wss, '--tls-cert', f.notPem, '--tls-key', f.key], /^--tls-cert .*not\.pem: no PEM certificate in the file$/],
      [[...wss, '--tls-cert', f.cert, '--tls-key', f.notPem], /^--tls-cert .*server\.pem \/ --tls-key .*not\.pem: /],
      [
        [...wss, '--tls-cert', f.cert, '--tls-key', f.otherKey],
        /^--tls-cert .*server\.pem \/ --tls-key .*other\.key: .*key values mismatch/,
      ],
      [[...wss, '--client-cert', f.clientCert, '--client-key', f.otherKey], /^--client-cert .* \/ --client-key .*other\.key: /],
      [[...wss, '--tls-cert', f.cert, '--tls-key', f.key, '--tls-client-ca', f.notPem], /^--tls-client-ca .*: no PEM certificate/],
      [[...wss, '--ca', f.notPem], /^--ca .*not\.pem: no PEM certificate in the file$/],
    ];
    for (const [argv, message] of cases) {
      assert.throws(
        () => parseLocalControllerArgs(argv),
        (error: unknown) => error instanceof UsageError && message.test(error.message),
        argv.join(' '),
      );
    }
  });
});

/** The command in a child process, once it has printed its start lines (`api:` with --http, else its own). */
async function spawnController(argv: string[]): Promise<{ child: ChildProcessWithoutNullStreams; out: string }> {
  const module = new URL('./local-controller-command.js', import.meta.url).href;
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `import(${JSON.stringify(module)}).then((m) => m.runLocalControllerCommand(${JSON.stringify(argv)}))`],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } },
  );
  let out = '';
  child.stdout.setEncoding('utf8');
  const done = argv.includes('--http') ? /api: .*\n/ : /local-controller: .*\n/;
  while (!done.test(out)) {
    const [chunk] = (await once(child.stdout, 'data')) as [string];
    out += chunk;
  }
  return { child, out };
}

async function stopController(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}

describe('ocpp-station local-controller process', () => {
  let csms: LocalCsms;
  let child: ChildProcessWithoutNullStreams;
  let controllerUrl: string;
  let apiUrl: string;
  let dataDir: string;
  before(async () => {
    csms = await startLocalCsms({ heartbeatIntervalS: 3600 });
    dataDir = join(mkdtempSync(join(tmpdir(), 'ocpp-lc-')), 'data');
    const argv = ['--csms', csms.url, '--port', '0', '--http', '0', '--group-limit-w', '11000', '--id', 'LC-TEST'];
    argv.push('--own-connection', '--data-dir', dataDir);
    let out: string;
    ({ child, out } = await spawnController(argv));
    controllerUrl = /^local-controller: (ws:\/\/127\.0\.0\.1:\d+\/ocpp)$/m.exec(out)?.[1] ?? assert.fail(out);
    apiUrl = /^api: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out)?.[1] ?? assert.fail(out);
  });
  after(async () => {
    await stopController(child);
    await csms.close();
  });

  const state = async (): Promise<LocalControllerState> =>
    (await (await fetch(new URL('api/state', apiUrl))).json()) as LocalControllerState;
  const setLimit = (body: string, contentType = 'application/json') =>
    fetch(new URL('api/group-limit', apiUrl), { method: 'POST', headers: { 'content-type': contentType }, body });
  /** The limit of each station's TxProfile from the controller, W. */
  const txProfileLimits = (stations: TestStation[]): number[] =>
    stations.map((t) => {
      const own = t.station.blocks.smartCharging
        .installed()
        .filter((p) => p.profile.chargingProfilePurpose === 'TxProfile' && p.profile.id >= PROFILE_ID_BASE);
      return own.length === 1 ? (own[0]!.profile.chargingSchedule[0]!.chargingSchedulePeriod[0]!.limit ?? -1) : -1;
    });

  it('K03.FR.01/02 – two stations boot through it to the CSMS, Accepted; POST /api/group-limit lowers the limit and their TxProfiles together stay within it; bad bodies get 400', async () => {
    const clock = new FakeClock();
    const stations = ['LCP-A', 'LCP-B'].map((id) => makeTestStation({ id, csmsUrl: controllerUrl, clock }));
    const settled = async (): Promise<void> => {
      for (const t of stations) await quiet(t);
    };
    try {
      for (const t of stations) t.station.start();
      for (const t of stations) await waitFor(() => t.snapshot().registration === 'Accepted' && t.snapshot().connected, 'booted');
      for (const id of ['LCP-A', 'LCP-B']) {
        assert.equal(csms.store.get(id)?.connected, true, `the CSMS sees ${id} connected`);
      }
      const first = await state();
      assert.equal(first.id, 'LC-TEST');
      assert.equal(first.groupLimitW, 11_000);
      await waitFor(() => csms.store.registration('LC-TEST') === 'Accepted', 'the controller registered on its own connection');
      assert.equal(statSync(dataDir).mode & 0o777, 0o700, 'its data directory is private');
      assert.ok(statSync(join(dataDir, 'station.db')).isFile(), 'its own station keeps its state there');
      assert.deepEqual(first.members.map((m) => [m.identity, m.connected, m.transactions.length]).sort(), [
        ['LCP-A', true, 0],
        ['LCP-B', true, 0],
      ]);

      for (const [index, t] of stations.entries()) {
        t.hardware.plug(1);
        await settled();
        t.hardware.presentToken(`CARD-P${index}`, 'ISO14443', 1);
        await waitFor(() => t.hardware.contactorClosed(1), 'power path closed');
        await settled();
      }
      await poll('both shares sent', async () => {
        await settled();
        return txProfileLimits(stations).every((w) => w === 5500) ? true : undefined;
      });

      const answer = await setLimit(JSON.stringify({ limitW: 9000 }));
      assert.equal(answer.status, 200);
      assert.equal(((await answer.json()) as LocalControllerState).groupLimitW, 9000);
      const limits = await poll('the lower limit shared out', async () => {
        await settled();
        const sent = txProfileLimits(stations);
        return sent.every((w) => w === 4500) ? sent : undefined;
      });
      assert.ok(limits.reduce((a, b) => a + b, 0) <= 9000, `TxProfiles ${limits.join(' + ')} W within 9000 W`);
      // The simulated EVs ramp up at 2 kW/s: a few seconds on the stations' clock.
      for (let s = 0; s < 5; s++) {
        clock.advance(1000);
        await settled();
      }
      const drawnW = stations.map((t) => Math.round(t.hardware.meter(1).powerW));
      assert.deepEqual(drawnW, [4500, 4500], 'K03.FR.03: the stations charge at what they were given');
      const shares = (await state()).members.flatMap((m) => m.transactions.map((t) => [t.shareW, t.limitW]));
      assert.deepEqual(shares, [
        [4500, 4500],
        [4500, 4500],
      ]);

      const bad: [string, string | undefined, RegExp][] = [
        ['not json', undefined, /not valid JSON/],
        ['{}', undefined, /limitW is missing/],
        ['{"limitW": -1}', undefined, /limitW -1 is negative/],
        ['{"limitW": "5000"}', undefined, /limitW must be a number/],
        ['{"limitW": null}', undefined, /limitW must be a number/],
        ['{"limitW": 5000, "limitA": 16}', undefined, /unknown field "limitA"/],
        ['[5000]', undefined, /JSON object/],
        ['{"limitW": 5000}', 'text/plain', /content-type must be application\/json/],
      ];
      for (const [body, contentType, reason] of bad) {
        const response = await setLimit(body, contentType);
        assert.equal(response.status, 400, body);
        assert.match(((await response.json()) as { error: string }).error, reason, body);
      }
      assert.equal((await state()).groupLimitW, 9000, 'a refused body changes nothing');
      assert.equal((await fetch(new URL('api/nothing', apiUrl))).status, 404);
      assert.equal((await fetch(new URL('api/group-limit', apiUrl))).status, 405);
    } finally {
      for (const t of stations) t.hardware.unplug(1);
      for (const t of stations) await t.stop();
    }

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    assert.deepEqual(await exited, [0, null]);
  });
});

describe('ocpp-station local-controller process over TLS', () => {
  it('Part 4 §6.5 – with --tls-* it listens on wss:// and admits a station with a certificate of --tls-client-ca; with --ca and --client-* it connects that station and its own connection to the wss:// CSMS with its own certificate', async () => {
    const siteCa = await createCa({ commonName: 'Site Root CA' });
    const csmsCa = await createCa({ commonName: 'CSMS Root CA' });
    const controllerServer = await issueServerCert(siteCa);
    const controllerClient = await issueClientCert(csmsCa, { commonName: 'LC-TLS-CLI' });
    const stationClient = await issueClientCert(siteCa, { commonName: 'LCT-A' });
    const csmsServer = await issueServerCert(csmsCa);
    const dir = mkdtempSync(join(tmpdir(), 'ocpp-lc-tls-'));
    const write = (name: string, text: string): string => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const presented: string[] = [];
    const tlsCsms = await startLocalCsms({
      heartbeatIntervalS: 3600,
      tls: { cert: csmsServer.cert, key: csmsServer.key, ca: csmsCa.cert, requestCert: true },
      authenticate: (info) => {
        presented.push(`${info.stationId} ${info.clientCertificate?.subject.CN ?? '-'}`);
        return info.clientCertificate?.subject.CN === 'LC-TLS-CLI';
      },
    });
    const argv = ['--csms', tlsCsms.url, '--port', '0', '--group-limit-w', '11000', '--id', 'LC-TLS-CLI', '--own-connection'];
    argv.push('--data-dir', join(dir, 'data'));
    argv.push('--tls-cert', write('server.pem', controllerServer.cert), '--tls-key', write('server.key', controllerServer.key));
    argv.push('--tls-client-ca', write('site-ca.pem', siteCa.cert), '--ca', write('csms-ca.pem', csmsCa.cert));
    argv.push('--client-cert', write('client.pem', controllerClient.cert), '--client-key', write('client.key', controllerClient.key));
    const { child, out } = await spawnController(argv);
    const station = makeTestStation({
      id: 'LCT-A',
      csmsUrl: /^local-controller: (wss:\/\/127\.0\.0\.1:\d+\/ocpp)$/m.exec(out)?.[1] ?? assert.fail(out),
      link: { ca: siteCa.cert, clientCert: stationClient.cert, clientKey: stationClient.key },
      overrides: { [DM.SecurityCtrlr.SecurityProfile]: '3' },
    });
    try {
      try {
        station.station.start();
        await waitFor(() => station.snapshot().registration === 'Accepted' && station.snapshot().connected, 'booted through it');
        await waitFor(() => tlsCsms.store.registration('LC-TLS-CLI') === 'Accepted', 'its own connection registered');
        assert.deepEqual(
          [...new Set(presented)].sort(),
          ['LC-TLS-CLI LC-TLS-CLI', 'LCT-A LC-TLS-CLI'],
          "the CSMS saw only the controller's own certificate",
        );
      } finally {
        await station.stop();
      }
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      assert.deepEqual(await exited, [0, null]);
    } finally {
      await stopController(child);
      await tlsCsms.close();
    }
  });
});
