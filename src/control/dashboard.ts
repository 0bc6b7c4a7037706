// The dashboard: one self-contained page (no external assets, no network besides its own API)
// fed by the server-sent events of GET /api/events and driving the station through the POST
// routes. Stable data-testid attributes are part of its interface for browser tests.

import { createHash } from 'node:crypto';
import { DASHBOARD_LIVE_SCRIPT } from './dashboard-live-script.js';
import { DASHBOARD_SCRIPT } from './dashboard-script.js';
import { DASHBOARD_STYLE } from './dashboard-style.js';
import { ID_TOKEN_TYPES } from './request-body.js';

const SCRIPT = DASHBOARD_SCRIPT + DASHBOARD_LIVE_SCRIPT;

const typeOptions = ID_TOKEN_TYPES.map((type) => `<option value="${type}">${type}</option>`).join('');

export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OCPP charging station</title>
<link rel="icon" href="data:,">
<style>${DASHBOARD_STYLE}</style></head><body>
<header class="top">
  <h1>Charging station <span data-testid="station-id"></span></h1>
  <span class="field">Link <span class="pill" data-testid="link">Offline</span></span>
  <span class="field">Registration <span class="pill" data-testid="registration">Not registered</span></span>
  <span class="field">CSMS <code data-testid="csms-url">&ndash;</code></span>
  <span class="field">Queued messages <b data-testid="queued">&ndash;</b></span>
</header>
<main>
  <p id="stream" data-testid="stream" role="status" class="pill warn" hidden>Lost the connection to the station; reconnecting&hellip;</p>
  <p id="error" data-testid="error" role="alert"></p>
  <section aria-labelledby="evses-title"><h2 id="evses-title">EVSEs</h2><div id="evses" data-testid="evses"></div></section>
  <section class="panel" aria-labelledby="display-title">
    <h2 id="display-title">Display <span class="muted">(<span data-testid="display-count">0</span> shown)</span></h2>
    <ol id="display" class="display" data-testid="display-messages" aria-live="polite"></ol>
  </section>
  <section class="panel" aria-labelledby="reader-title">
    <h2 id="reader-title">Present a card</h2>
    <form class="card-reader" data-testid="idtoken-form">
      <label>Id token<input data-testid="idtoken-input" name="idToken" required maxlength="36" autocomplete="off" placeholder="e.g. 04A2B3C4D5"></label>
      <label>Type<select data-testid="idtoken-type" name="type"><option value="">Default</option>${typeOptions}</select></label>
      <label>Reader<select data-testid="idtoken-evse" name="evseId"><option value="">Any reader</option></select></label>
      <button type="submit" data-testid="idtoken-present">Present card</button>
    </form>
  </section>
  <section class="panel" aria-labelledby="chart-title">
    <h2 id="chart-title">Power, last 2 minutes</h2>
    <div class="muted axis">max <span data-testid="power-max">1,000 W</span></div>
    <svg class="chart" data-testid="power-chart" viewBox="0 0 600 160" preserveAspectRatio="none" role="img" aria-label="Power of each EVSE over the last two minutes"></svg>
    <div class="muted axis ends"><span>&minus;2 min</span><span>now</span></div>
    <div class="legend" data-testid="power-legend"></div>
  </section>
  <section class="panel" aria-labelledby="trace-title">
    <h2 id="trace-title">OCPP trace <span class="muted">(<span data-testid="trace-count">0</span> frames, last 500)</span></h2>
    <ol id="trace" data-testid="trace" aria-live="off"></ol>
  </section>
</main>
<script>${SCRIPT}</script>
</body></html>
`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Only this page's own script and style run; it may talk to its own origin and nothing else. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(DASHBOARD_STYLE)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
