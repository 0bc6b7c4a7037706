// A first dashboard: link and registration state, connectors, and the live OCPP frame trace,
// fed by the server-sent events of GET /api/events.

export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OCPP station</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.3rem}.pill{display:inline-block;padding:.1rem .5rem;border-radius:1rem;background:#eee;margin-right:.5rem}
.ok{background:#d4f5d4}.bad{background:#f8d7d7}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}
#trace{font:12px ui-monospace,monospace;height:22rem;overflow:auto;background:#fafafa;border:1px solid #ddd;padding:.5rem;white-space:pre-wrap}
.in{color:#0a5}.out{color:#05a}
</style></head><body>
<h1>Charging station <span id="id"></span></h1>
<p><span id="link" class="pill">offline</span><span id="reg" class="pill">not registered</span></p>
<table><thead><tr><th>EVSE</th><th>Connector</th><th>Status</th></tr></thead><tbody id="connectors"></tbody></table>
<h2>OCPP trace</h2><div id="trace"></div>
<script>
const $ = (id) => document.getElementById(id);
function render(s) {
  $('id').textContent = s.id;
  $('link').textContent = s.connected ? 'connected' : 'offline';
  $('link').className = 'pill ' + (s.connected ? 'ok' : 'bad');
  $('reg').textContent = s.registration ?? 'not registered';
  $('reg').className = 'pill ' + (s.registration === 'Accepted' ? 'ok' : 'bad');
  $('connectors').replaceChildren(...s.evses.flatMap((e) => e.connectors.map((c) => {
    const tr = document.createElement('tr');
    for (const v of [e.id, c.id, c.status]) { const td = document.createElement('td'); td.textContent = v; tr.append(td); }
    tr.dataset.status = c.status;
    return tr;
  })));
}
const events = new EventSource('/api/events');
events.addEventListener('state', (e) => render(JSON.parse(e.data)));
events.addEventListener('frame', (e) => {
  const f = JSON.parse(e.data);
  const line = document.createElement('div');
  line.className = f.direction;
  line.textContent = (f.direction === 'in' ? '<- ' : '-> ') + f.text;
  $('trace').append(line);
  while ($('trace').childElementCount > 500) $('trace').firstChild.remove();
  $('trace').scrollTop = $('trace').scrollHeight;
});
</script></body></html>
`;
