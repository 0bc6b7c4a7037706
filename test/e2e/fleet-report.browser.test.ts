// The HTML report of a real fleet run in a real browser: `ocpp-station fleet --sessions
// --report-html` against its built-in CSMS, the page opened from disk in Chromium. Proves that
// it shows the latency plot with bars for the actions the stations sent, the plots over time,
// that it loads nothing beyond itself and runs no script, and that it renders to a screenshot.
// FLEET_REPORT_HTML=FILE checks that report instead of a fresh run (the 5-minute demo's, from
// `npm run report:fleet-demo`); FLEET_REPORT_SCREENSHOT=FILE keeps the screenshot.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { openPage } from '../support/chromium.js';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let scratch: string;
let browser: BrowserContext | undefined;
let page: Page;
let reportUrl: string;
const pageProblems: string[] = [];

/** A short real run: 10 stations with sessions, a heartbeat every second. */
function runFleet(html: string): Promise<void> {
  return new Promise((done, fail) => {
    const args = ['fleet', '--count', '10', '--sessions', '--duration', '6', '--ramp-per-s', '100'];
    args.push('--set', 'OCPPCommCtrlr/HeartbeatInterval=1', '--report-html', html);
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 20_000 });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data));
    child.on('close', (status) => (status === 0 ? done() : fail(new Error(`fleet exited ${status}: ${stderr}`))));
  });
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'fleet-report-browser-'));
  const given = process.env.FLEET_REPORT_HTML;
  const html = given ? resolve(given) : join(scratch, 'report.html');
  if (!given) await runFleet(html);
  reportUrl = pathToFileURL(html).href;
  ({ browser, page } = await openPage(join(scratch, 'profile'), {
    viewport: { width: 1100, height: 900 },
    allowed: (url) => url === reportUrl,
    problems: pageProblems,
  }));
});

after(async () => {
  await browser?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('HTML report of a fleet run', { timeout: 60_000 }, () => {
  it('shows the latency plot with p50/p95/p99/max bars, drawn, for the actions the stations sent', async () => {
    await page.goto(reportUrl);
    const chart = page.getByTestId('latency-chart');
    assert.ok(await chart.isVisible());
    for (const action of ['BootNotification', 'StatusNotification', 'Heartbeat', 'SecurityEventNotification']) {
      for (const stat of ['p50', 'p95', 'p99', 'max']) {
        const bar = chart.locator(`rect[data-action="${action}"][data-stat="${stat}"]`);
        assert.equal(await bar.count(), 1, `${action} ${stat}`);
        assert.ok(Number(await bar.getAttribute('data-ms')) > 0, `${action} ${stat} has a value`);
        const box = await bar.boundingBox();
        assert.ok(box && box.width >= 1 && box.height > 0, `${action} ${stat} is drawn: ${JSON.stringify(box)}`);
      }
    }
  });

  it('shows throughput and response time over the run as lines, and the table with a row per action', async () => {
    const throughput = page.locator('[data-testid="throughput-chart"] path[data-series="perS"]');
    assert.match((await throughput.getAttribute('d')) ?? '', /^M[\d.]+ [\d.]+(L[\d.]+ [\d.]+){3,}/);
    const p95 = page.locator('[data-testid="latency-timeline-chart"] path[data-series="p95Ms"]');
    assert.match((await p95.getAttribute('d')) ?? '', /L/);
    const heartbeats = Number(await page.locator('[data-testid="actions"] tr[data-action="Heartbeat"] td').nth(1).textContent());
    assert.ok(heartbeats >= 10, `heartbeats: ${heartbeats}`);
    assert.equal(await page.locator('[data-testid="actions"] tr[data-action="all"]').count(), 1);
  });

  it('runs no script, loads nothing beyond itself, and renders to a screenshot', async () => {
    assert.equal(await page.locator('script').count(), 0);
    assert.deepEqual(pageProblems, []);
    const file = process.env.FLEET_REPORT_SCREENSHOT ?? join(scratch, 'report.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.ok(statSync(file).size > 10_000, `screenshot of ${statSync(file).size} bytes`);
  });
});
