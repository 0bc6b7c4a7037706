// `ocpp-station fleet --metrics-port P`: the fleet's stats as Prometheus metrics on
// http://127.0.0.1:P/metrics, so that a load test across machines is watched from one Prometheus.
// Values are read from the fleet when scraped (one Fleet.stats() per scrape), never on a timer;
// with --workers, that is the sum of the stats each worker thread posts every second.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';
import type { FleetStats } from './fleet.js';

export interface FleetMetricsSource {
  stats(): FleetStats;
  /** Stations this process runs (its shard's slice). */
  readonly slice: { size: number };
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

type Read = (stats: FleetStats) => number;

const GAUGES: [name: string, help: string, read: Read][] = [
  ['started', 'Stations started so far', (s) => s.started],
  ['connected', 'Stations whose WebSocket is open', (s) => s.connected],
  ['accepted', 'Stations whose last BootNotification was Accepted', (s) => s.accepted],
  ['transactions', 'Transactions ongoing', (s) => s.transactions],
  ['queued_messages', 'Messages waiting in the outboxes of the stations', (s) => s.queuedMessages],
  ['sessions_active', 'Charging sessions begun (EV plugged) and not ended', (s) => s.sessionsStarted - s.sessionsEnded],
  ['scenarios_running', 'Stations whose --scenario is running', (s) => s.scenariosRunning],
];

const COUNTERS: [name: string, help: string, read: Read][] = [
  ['frames_in_total', 'OCPP-J frames received by the stations', (s) => s.framesIn],
  ['frames_out_total', 'OCPP-J frames sent by the stations', (s) => s.framesOut],
  ['sessions_started_total', 'Charging sessions begun (EV plugged)', (s) => s.sessionsStarted],
  ['sessions_ended_total', 'Charging sessions ended (EV unplugged)', (s) => s.sessionsEnded],
  ['scenarios_passed_total', 'Stations whose --scenario passed', (s) => s.scenariosPassed],
  ['scenarios_failed_total', 'Stations whose --scenario failed', (s) => s.scenariosFailed],
];

/** A registry of the fleet's metrics, each labelled with the shard ("1/2"). */
export function fleetRegistry(fleet: FleetMetricsSource, shard: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ shard });
  // Every collect callback of one scrape reads the same snapshot: stats() walks all stations.
  let snapshot: FleetStats | undefined;
  const current = (): FleetStats => {
    snapshot ??= fleet.stats();
    queueMicrotask(() => {
      snapshot = undefined;
    });
    return snapshot;
  };
  new Gauge({
    name: 'ocpp_fleet_stations',
    help: 'Stations this process runs (its shard of --count)',
    registers: [registry],
    collect() {
      this.set(fleet.slice.size);
    },
  });
  for (const [name, help, read] of GAUGES) {
    new Gauge({
      name: `ocpp_fleet_${name}`,
      help,
      registers: [registry],
      collect() {
        this.set(read(current()));
      },
    });
  }
  for (const [name, help, read] of COUNTERS) {
    new Counter({
      name: `ocpp_fleet_${name}`,
      help,
      registers: [registry],
      // The stations count; the counter mirrors their sum, which only grows.
      collect() {
        this.reset();
        this.inc(read(current()));
      },
    });
  }
  return registry;
}

/** Serves GET /metrics on 127.0.0.1:port (0: a free port). */
export async function startMetricsServer(registry: Registry, port: number): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
