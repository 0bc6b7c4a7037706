// The dashboard in a real browser against the real product: `ocpp-station run` with its
// built-in CSMS, driven through Chromium. Proves the page shows registration and connector
// state, that its buttons and card reader reach the station, that its power chart opens with the
// station's recent history, that it shows the tariff, the running and the final cost of a session,
// that the OCPP trace opens a frame as JSON and filters by action, that the monitoring panel
// shows a monitor the CSMS set and the event it raised, and that an EVSE card lists a charging
// profile the CSMS set and draws the limit of its schedule ahead.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { openPage } from '../support/chromium.js';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let scratch: string;
let station: ChildProcess | undefined;
let stationOutput = '';
let browser: BrowserContext | undefined;
let page: Page;
let dashboard: string;
const pageProblems: string[] = [];

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'dashboard-browser-'));
  dashboard = await startStation(join(scratch, 'data'));
  ({ browser, page } = await openPage(join(scratch, 'profile'), {
    allowed: (url) => url.startsWith(dashboard) || url.startsWith('data:'),
    problems: pageProblems,
  }));
});

after(async () => {
  await browser?.close();
  await stopStation();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('dashboard of a running station', { timeout: 90_000 }, () => {
  it('shows the station registered and both EVSEs available', async () => {
    await page.goto(dashboard);
    await waitForAttribute('registration', 'data-value', 'Accepted');
    await waitForAttribute('evse-1-connector-1-status', 'data-status', 'Available');
    await waitForAttribute('evse-2-connector-1-status', 'data-status', 'Available');
    assert.equal(await page.getByTestId('link').textContent(), 'Connected');
    assert.match((await page.getByTestId('csms-url').textContent()) ?? '', /^wss?:\/\//);
    await page.waitForSelector('[data-testid="frame"][data-action="BootNotification"][data-direction="out"]');
  });

  it('plugging in EVSE 1 makes its connector Occupied', async () => {
    await page.getByTestId('evse-1-plug').click();
    await waitForAttribute('evse-1-connector-1-status', 'data-status', 'Occupied');
    assert.equal(await page.getByTestId('evse-2-connector-1-status').getAttribute('data-status'), 'Available');
  });

  it('presenting a card at EVSE 1 makes the station send Authorize or TransactionEvent', async () => {
    const framesBefore = await page.getByTestId('frame').count();
    await page.getByTestId('idtoken-input').fill('04A2B3C4D5E6F7');
    await page.getByTestId('idtoken-evse').selectOption('1');
    await page.getByTestId('idtoken-present').click();
    await explainOnTimeout(
      page.waitForFunction(
        (skip) =>
          Array.from(document.querySelectorAll<HTMLElement>('[data-testid="frame"]'))
            .slice(skip)
            .some((f) => f.dataset.direction === 'out' && ['Authorize', 'TransactionEvent'].includes(f.dataset.action ?? '')),
        framesBefore,
      ),
      'an Authorize or TransactionEvent frame after the card was presented',
    );
  });

  it('I01.FR.03 – the tariff text of the built-in CSMS is shown on the card of EVSE 1 once the token is accepted', async () => {
    await explainOnTimeout(
      page.waitForFunction(() => (document.querySelector('[data-testid="evse-1-tariff"]')?.textContent ?? '').includes('/kWh')),
      'the tariff text on EVSE 1',
    );
    assert.equal(await page.getByTestId('evse-2-tariff').textContent(), '\u2013', 'EVSE 2 shows no tariff');
  });

  it('the power chart of a page opened later shows the power EVSE 1 drew before it opened', async () => {
    await explainOnTimeout(
      page.waitForFunction(() => /^[1-9]/.test(document.querySelector('[data-testid="evse-1-power"]')?.textContent ?? '')),
      'EVSE 1 drawing power',
    );
    const later = await browser!.newPage();
    later.on('pageerror', (error) => pageProblems.push(`page error (second page): ${error.message}`));
    try {
      const opened = Date.now();
      await later.goto(dashboard);
      const line = later.locator('[data-testid="power-chart"] polyline[data-evse="1"]:not([data-powered-since=""])');
      await line.waitFor({ timeout: 10_000 });
      const since = Number(await line.getAttribute('data-powered-since'));
      assert.ok(
        since < opened,
        `the line shows power since ${new Date(since).toISOString()}, the page opened ${new Date(opened).toISOString()}`,
      );
      assert.ok(Number(await line.getAttribute('data-peak-w')) > 0);
      assert.equal(await later.locator('[data-testid="power-chart"] polyline[data-evse="2"]').count(), 1);
    } finally {
      await later.close();
    }
  });

  it('I02/I03 – the running cost, then the final cost of the session, are on the card of EVSE 1 and on screen', async () => {
    const cost = page.getByTestId('evse-1-cost');
    await waitForAttribute('evse-1-cost', 'data-kind', 'running');
    assert.match((await cost.textContent()) ?? '', /^\d+\.\d\d EUR$/, 'the running cost with its currency');
    const running = await cost.screenshot();
    // The same card again ends the transaction (TxStopPoint Authorized); the Ended answer's totalCost is final.
    await page.getByTestId('idtoken-input').fill('04A2B3C4D5E6F7');
    await page.getByTestId('idtoken-evse').selectOption('1');
    await page.getByTestId('idtoken-present').click();
    await waitForAttribute('evse-1-cost', 'data-kind', 'final');
    assert.match((await cost.textContent()) ?? '', /^\d+\.\d\d EUR \(final\)$/, 'the final cost with its currency');
    const final = await cost.screenshot();
    for (const png of [running, final]) assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.notDeepEqual(final, running, 'the screen shows the final cost where the running cost was');
    assert.match((await page.getByTestId('evse-1-tariff').textContent()) ?? '', /\/kWh/, 'the tariff stays beside the final cost');
  });

  it('C02 – the Start button of EVSE 2 starts a transaction there without a card', async () => {
    await page.getByTestId('evse-2-plug').click();
    await waitForAttribute('evse-2-connector-1-status', 'data-status', 'Occupied');
    await page.getByTestId('evse-2-start').click();
    await explainOnTimeout(page.getByTestId('evse-2-tx-id').waitFor(), 'a transaction on EVSE 2');
  });

  it('the keypad sends the PIN typed there as an idToken of type KeyCode', async () => {
    const framesBefore = await page.getByTestId('frame').count();
    await page.getByTestId('keypad-input').fill('4711');
    await page.getByTestId('keypad-enter').click();
    await explainOnTimeout(
      page.waitForFunction(
        (skip) =>
          Array.from(document.querySelectorAll<HTMLElement>('[data-testid="frame"]'))
            .slice(skip)
            .some((f) => f.dataset.direction === 'out' && f.dataset.action === 'Authorize' && /"KeyCode"/.test(f.textContent ?? '')),
        framesBefore,
      ),
      'an Authorize frame with the KeyCode 4711',
    );
    assert.equal(await page.getByTestId('keypad-input').inputValue(), '', 'the keypad is cleared after Enter');
  });

  it('a trace row opens to show its frame as indented JSON', async () => {
    const row = page.locator('[data-testid="frame"][data-action="BootNotification"][data-direction="out"]').first();
    const json = row.getByTestId('frame-json');
    assert.equal(await json.isVisible(), false, 'closed at first');
    await row.getByTestId('frame-summary').click();
    await json.waitFor({ state: 'visible' });
    const text = (await json.textContent()) ?? '';
    assert.match(text, /^\[\n {2}2,\n {2}"[^"]+",\n {2}"BootNotification",\n {2}\{\n {4}"/);
    const frame = JSON.parse(text) as [number, string, string, { reason?: string; chargingStation?: unknown }];
    assert.equal(frame[2], 'BootNotification');
    assert.ok(frame[3].reason && frame[3].chargingStation, text);
  });

  it('the trace filtered by action shows only that action, its calls and their results', async () => {
    const filter = page.getByTestId('trace-filter');
    const offered = await filter.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    assert.ok(offered.includes('BootNotification') && offered.includes('StatusNotification'), offered.join());
    const all = await page.getByTestId('frame').count();
    await filter.selectOption('BootNotification');
    const shown = page.locator('[data-testid="frame"]:visible');
    const actions = await shown.evaluateAll((rows) =>
      rows.map((r) => `${(r as HTMLElement).dataset.action} ${(r as HTMLElement).dataset.kind}`),
    );
    assert.ok(actions.includes('BootNotification call') && actions.includes('BootNotification result'), actions.join());
    assert.deepEqual(new Set(actions.map((a) => a.split(' ')[0])), new Set(['BootNotification']));
    assert.ok(actions.length < all, `${actions.length} of ${all} frames shown`);
    await filter.selectOption('');
    // Frames keep coming (EVSE 2 charges): compare two counts taken while none arrived in between.
    const until = Date.now() + 5_000;
    let counts: number[] = [];
    do {
      counts = [await page.getByTestId('frame').count(), await shown.count(), await page.getByTestId('frame').count()];
    } while (!(counts[0] === counts[2] && counts[1] === counts[2]) && Date.now() < until);
    assert.equal(counts[1], counts[2], `every frame shown again (${counts.join(' / ')})`);
  });

  it('a fault on EVSE 1 shows Faulted', async () => {
    await page.getByTestId('evse-1-fault').click();
    await waitForAttribute('evse-1-connector-1-status', 'data-status', 'Faulted');
    assert.equal(await page.getByTestId('evse-1-fault').getAttribute('aria-pressed'), 'true');
  });

  it('Dashboard: monitors and last events (N02/N07) – a monitor the CSMS set and the event it raised show in the Monitoring panel with their severity', async () => {
    // The station's own hard-wired monitor is there from the start.
    assert.equal(await page.getByTestId('monitor-1-origin').textContent(), 'hard-wired');
    assert.equal(await page.getByTestId('monitor-1-severity').textContent(), '2 System Failure');
    const response = await csmsCall<{ setMonitoringResult: { id?: number; status: string }[] }>('SetVariableMonitoring', {
      setMonitoringData: [
        { type: 'Delta', value: 1, severity: 3, component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } },
      ],
    });
    const [result] = response?.setMonitoringResult ?? [];
    assert.equal(result?.status, 'Accepted', JSON.stringify(response));
    const monitor = `monitor-${result!.id}`;
    await explainOnTimeout(page.getByTestId(monitor).waitFor(), `the row of ${monitor}`);
    assert.deepEqual(await page.getByTestId(monitor).locator('td').allTextContents(), [
      String(result!.id),
      'EVSE 1',
      'AvailabilityState',
      'Delta',
      '1',
      '3 Critical',
      'no',
      'CSMS',
    ]);
    // EVSE 1 is faulted (the test before): its fault cleared changes its AvailabilityState, the monitor trips.
    await page.getByTestId('evse-1-fault').click();
    const event = page.locator(`[data-testid^="monitoring-event-"][data-delivery="delivered"]:has-text("EVSE 1 / AvailabilityState")`);
    await explainOnTimeout(event.waitFor(), 'the NotifyEvent of the monitor, delivered, in the panel');
    const text = (await event.textContent()) ?? '';
    assert.match(text, /^3 Critical/, `the event leads with its severity: ${text}`);
    assert.match(text, new RegExp(`Delta \u00b7 CustomMonitor \u00b7 monitor ${result!.id}`), text);
    const id = (await event.getAttribute('data-testid'))!;
    assert.equal(await page.getByTestId(`${id}-severity`).getAttribute('data-severity'), '3');
    assert.equal(await page.getByTestId(`${id}-delivery`).textContent(), 'delivered');
    const png = await page.getByTestId('monitoring').screenshot();
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  });

  it('Dashboard: charging profiles and the schedule ahead (K01/K08) – a TxDefaultProfile the CSMS set for all EVSEs is listed on the card of EVSE 1 and its limit drawn right of now', async () => {
    const response = await csmsCall<{ status: string }>('SetChargingProfile', {
      evseId: 0,
      chargingProfile: {
        id: 301,
        stackLevel: 1,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: [{ id: 301, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7000 }] }],
      },
    });
    assert.equal(response?.status, 'Accepted', `step 1: SetChargingProfile: ${JSON.stringify(response)}`);
    const item = page.getByTestId('evse-1-profile-301');
    await explainOnTimeout(item.waitFor(), 'step 2: the profile 301 on the card of EVSE 1');
    assert.equal(await item.getAttribute('data-purpose'), 'TxDefaultProfile');
    assert.equal(await page.getByTestId('evse-1-profile-301-purpose').textContent(), 'Tx default');
    assert.equal(await page.getByTestId('evse-1-profile-301-stack-level').textContent(), 'stack 1');
    assert.match((await page.getByTestId('evse-1-profile-301-meta').textContent()) ?? '', /^#301 · station · Relative · W$/);
    assert.equal(await page.getByTestId('evse-2-profile-301').count(), 1, 'step 2: a station default reaches EVSE 2 too');
    assert.equal(await page.getByTestId('evse-1-external-limit').textContent(), 'none');
    // The limit ahead: one step at 7,000 W over the next ten minutes, right of the "now" line.
    const line = page.locator('[data-testid="evse-1-chart"] [data-testid="evse-1-schedule-line"][data-limits-w="7000"]');
    await explainOnTimeout(line.waitFor({ state: 'attached' }), 'step 3: the schedule line of EVSE 1 at 7,000 W');
    assert.match((await line.getAttribute('d')) ?? '', /^M240,[\d.]+ L600,[\d.]+$/, 'step 3: from now to +10 min');
    assert.equal(await page.locator('[data-testid="evse-1-chart"] [data-testid="evse-1-power-line"]').count(), 1);
    const png = await page.getByTestId('evse-1').screenshot();
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  });

  it('renders to a PNG screenshot, with no script error and no request outside the station', async () => {
    const file = join(scratch, 'dashboard.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    assert.ok(png.length > 1000, `screenshot of ${png.length} bytes`);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.deepEqual(pageProblems, []);
  });
});

/** A call of the built-in CSMS to the station, through the CSMS's HTTP API (the `csms api:` line of the CLI); its response. */
async function csmsCall<T>(action: string, payload: object): Promise<T | undefined> {
  const csmsApi = /^csms api: (http:\/\/\S+)$/m.exec(stationOutput)?.[1];
  assert.ok(csmsApi, `the station names its CSMS API:\n${stationOutput}`);
  const stationId = (await page.getByTestId('station-id').textContent()) ?? '';
  const answer = await fetch(`${csmsApi}/api/stations/${encodeURIComponent(stationId)}/call/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return ((await answer.json()) as { response?: T }).response;
}

async function waitForAttribute(testId: string, attribute: string, value: string): Promise<void> {
  await explainOnTimeout(page.waitForSelector(`[data-testid="${testId}"][${attribute}="${value}"]`), `${testId} ${attribute}=${value}`);
}

/** A timeout says what was awaited, what the page shows instead, and its error line. */
async function explainOnTimeout(waiting: Promise<unknown>, what: string): Promise<void> {
  try {
    await waiting;
  } catch (error) {
    const shown = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-testid]'))
        .filter((e) => e.dataset.status !== undefined || ['registration', 'link', 'error'].includes(e.dataset.testid ?? ''))
        .map((e) => `${e.dataset.testid}=${e.textContent}`)
        .join(', '),
    );
    throw new Error(
      `waiting for ${what}: ${(error as Error).message.split('\n')[0]}\npage shows: ${shown}\nstation output:\n${stationOutput.slice(-2000)}`,
    );
  }
}

/** Starts `ocpp-station run` and resolves with the dashboard URL it prints. */
function startStation(dataDir: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [CLI, 'run', '--http', '0', '--evses', '2', '--data-dir', dataDir, '--set', 'SampledDataCtrlr/TxUpdatedInterval=2'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    },
  );
  station = child;
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no dashboard line within 15 s:\n${stationOutput}`)), 15_000);
    const collect = (chunk: Buffer): void => {
      stationOutput += chunk.toString();
      const found = /^dashboard: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stationOutput);
      if (found) {
        clearTimeout(timer);
        resolvePromise(found[1]!);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ocpp-station run exited with ${code} before it served the dashboard:\n${stationOutput}`));
    });
  });
}

async function stopStation(): Promise<void> {
  const child = station;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(force);
}
