// The dashboard's files as the control API serves them: the page, its modules and style sheet,
// under a policy that lets nothing else run, and no other name.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeControlTarget as FakeStation } from '../../test/support/fake-control-target.js';
import { ControlApi } from './http-api.js';

let api: ControlApi;
let base: string;

before(async () => {
  api = new ControlApi(new FakeStation());
  base = `http://127.0.0.1:${await api.listen(0)}`;
});
after(() => api.close());

describe('GET / and the dashboard files', () => {
  it('serves the dashboard page with a policy that allows only its own files and no inline script', async () => {
    const response = await fetch(`${base}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /require-trusted-types-for 'script'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const html = await response.text();
    for (const id of ['registration', 'link', 'evses', 'idtoken-present', 'power-chart', 'trace', 'trace-filter', 'queued', 'csms-url']) {
      assert.ok(html.includes(`data-testid="${id}"`), id);
    }
    assert.doesNotMatch(html, /(src|href)="https?:/);
    assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /<style|\sstyle=/, 'no inline style');
  });

  it('serves the page modules and style sheet it refers to, and nothing else by name', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const referenced = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!);
    assert.deepEqual(referenced.sort(), ['/main.js', '/style.css']);
    const main = await fetch(`${base}/main.js`);
    assert.equal(main.status, 200);
    assert.match(main.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(main.headers.get('x-content-type-options'), 'nosniff');
    // Every module main.js imports, directly or not, is served too.
    const pending = [await main.text()];
    const seen = new Set<string>();
    while (pending.length > 0) {
      for (const [, name] of pending.pop()!.matchAll(/from '\.\/([a-z-]+\.js)'/g)) {
        if (seen.has(name!)) continue;
        seen.add(name!);
        const module = await fetch(`${base}/${name}`);
        assert.equal(module.status, 200, name);
        pending.push(await module.text());
      }
    }
    assert.ok(seen.has('dom.js') && seen.has('chart.js') && seen.has('trace.js'), [...seen].join());
    assert.match((await fetch(`${base}/style.css`)).headers.get('content-type') ?? '', /^text\/css/);
    for (const path of ['/main.js.map', '/../package.json', '/%2e%2e/package.json', '/index.html/x', '/nothing.js']) {
      assert.equal((await fetch(`${base}${path}`)).status, 404, path);
    }
    assert.equal((await fetch(`${base}/main.js`, { method: 'POST' })).status, 405);
  });
});
