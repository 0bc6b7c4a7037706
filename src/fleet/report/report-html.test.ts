// The HTML report stands on its own: no script, nothing fetched, the plots and the table inline.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fleetReport } from './fleet-report.js';
import { reportHtml } from './report-html.js';
import { RUN, sampleStats } from './report.test-harness.js';

describe('fleet report: the HTML page', () => {
  const html = reportHtml(fleetReport(sampleStats(), { ...RUN, csmsUrl: 'ws://h/ocpp', stopReason: '<img src=x>' }));

  it('is one self-contained page: inline style, no script, no external resource', () => {
    assert.match(html, /^<!doctype html>\n<html lang="en"><head><meta charset="utf-8">/);
    assert.match(html, /<style>[^<]*\.bar\.p95/);
    assert.doesNotMatch(html, /<script|<link|<[^>]*\ssrc=|@import|url\(/i);
    // The only URLs: the SVG namespace and the CSMS the run was against.
    const urls = (html.match(/\b(?:https?|wss?):\/\/[^\s"<&]+/g) ?? []).filter((u) => u !== 'http://www.w3.org/2000/svg');
    assert.deepEqual([...new Set(urls)], ['ws://h/ocpp']);
  });

  it('has the latency plot, both plots over time and the table with a row per action and the total', () => {
    for (const id of ['latency-chart', 'throughput-chart', 'latency-timeline-chart', 'actions', 'run']) {
      assert.match(html, new RegExp(`data-testid="${id}"`), id);
    }
    for (const action of ['Heartbeat', 'BootNotification', 'StatusNotification', 'all']) {
      assert.match(html, new RegExp(`<tr[^>]* data-action="${action}">`), action);
    }
    assert.match(html, /InternalError=1/);
  });

  it('escapes what came from outside', () => {
    assert.match(html, /stopped: &#60;img src=x&#62;/);
  });
});
