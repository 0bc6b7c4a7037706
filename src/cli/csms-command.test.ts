import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { RawStation } from '../../test/support/raw-station.js';
import { parseCsmsArgs } from './csms-command.js';
import { UsageError } from './usage-error.js';

describe('ocpp-station csms options', () => {
  it('defaults to --port 9000 and --http 9100', () => {
    assert.deepEqual(parseCsmsArgs([]), { port: 9000, httpPort: 9100 });
    assert.deepEqual(parseCsmsArgs(['--port', '0', '--http=8080']), { port: 0, httpPort: 8080 });
  });

  it('throws a UsageError for unknown, incomplete or out-of-range options', () => {
    for (const argv of [['--bogus'], ['--port'], ['--port', 'abc'], ['--http', '70000'], ['extra'], ['--port', '-1']]) {
      assert.throws(() => parseCsmsArgs(argv), UsageError, argv.join(' '));
    }
  });
});

describe('ocpp-station csms process', () => {
  it('prints its URLs, serves stations, and stops cleanly on SIGTERM', async () => {
    const module = new URL('./csms-command.js', import.meta.url).href;
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import(${JSON.stringify(module)}).then((m) => m.runCsmsCommand(['--port', '0', '--http', '0']))`],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    while (!/api: .*\n/.test(out)) {
      const [chunk] = (await once(child.stdout, 'data')) as [string];
      out += chunk;
    }
    const csmsUrl = /^csms: (ws:\/\/127\.0\.0\.1:\d+\/ocpp)$/m.exec(out)?.[1];
    const apiUrl = /^api: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out)?.[1];
    assert.ok(csmsUrl && apiUrl, out);

    const station = await RawStation.connect(`${csmsUrl}/CS1`);
    const stations = (await (await fetch(new URL('api/stations', apiUrl))).json()) as { id: string }[];
    assert.deepEqual(
      stations.map((s) => s.id),
      ['CS1'],
    );

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    assert.equal((await station.closed).code, 1001);
    assert.deepEqual(await exited, [0, null]);
  });
});
