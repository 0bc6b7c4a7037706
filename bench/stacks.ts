// The three stacks under test, each set up as N station connections to one CSMS on 127.0.0.1.
// A Stack hands out one `next()` per connection: it sends the next CALL of ROTATION and resolves
// once the CALLRESULT is back (and, for the RPC stacks, validated). Calls on one connection are
// sequential: OCPP-J allows one outstanding CALL per direction.

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { RPCClient, RPCServer } from 'ocpp-rpc';
import { systemClock } from '../src/clock/clock.js';
import type { CsmsToStationAction, StationToCsmsAction } from '../src/generated/ocpp201/index.js';
import { silentLogger } from '../src/log/logger.js';
import { RpcEndpoint, type EndpointOptions } from '../src/rpc/endpoint.js';
import { serializeCall, serializeCallResult } from '../src/rpc/frame.js';
import { precompileAll } from '../src/rpc/validator.js';
import { ROTATION, requests, responses, type BenchAction } from './payloads.js';

export interface Stack {
  /** One per connection: one validated CALL -> CALLRESULT round trip. */
  readonly next: ReadonlyArray<() => Promise<unknown>>;
  close(): Promise<void>;
}
export type StackFactory = (connections: number) => Promise<Stack>;

const PROTOCOL = 'ocpp2.0.1';
const HOST = '127.0.0.1';

/** Cycles through ROTATION, calling `send(action)` for each round trip. */
function rotating(send: (action: BenchAction) => Promise<unknown>): () => Promise<unknown> {
  let i = 0;
  return () => send(ROTATION[i++ % ROTATION.length] as BenchAction);
}

async function listen(wss: WebSocketServer): Promise<number> {
  await once(wss, 'listening');
  return (wss.address() as AddressInfo).port;
}

async function openClient(port: number, id: number): Promise<WebSocket> {
  const ws = new WebSocket(`ws://${HOST}:${port}/CS${id}`, PROTOCOL);
  await once(ws, 'open');
  return ws;
}

async function closeAll(clients: WebSocket[], wss: WebSocketServer): Promise<void> {
  await Promise.all(
    clients.map(async (ws) => {
      const closed = once(ws, 'close');
      ws.close();
      await closed;
    }),
  );
  await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
}

const endpointOptions: EndpointOptions = { clock: systemClock, log: silentLogger, callTimeoutMs: () => 30_000 };

/** This core: RpcEndpoint in CSMS role behind a ws server, RpcEndpoint in station role on each ws client. */
export const coreStack: StackFactory = async (connections) => {
  precompileAll(ROTATION);
  const wss = new WebSocketServer({
    host: HOST,
    port: 0,
    handleProtocols: (offered) => (offered.has(PROTOCOL) ? PROTOCOL : false),
  });
  wss.on('connection', (ws) => {
    const csms = new RpcEndpoint<CsmsToStationAction, StationToCsmsAction>(endpointOptions)
      .handle('Heartbeat', () => responses.Heartbeat)
      .handle('StatusNotification', () => responses.StatusNotification)
      .handle('MeterValues', () => responses.MeterValues)
      .handle('BootNotification', () => responses.BootNotification);
    csms.attach((text) => ws.send(text));
    ws.on('message', (data) => csms.receive(String(data)));
    ws.on('close', () => csms.detach());
  });
  const port = await listen(wss);
  const clients: WebSocket[] = [];
  const next: Array<() => Promise<unknown>> = [];
  for (let id = 0; id < connections; id++) {
    const ws = await openClient(port, id);
    const station = new RpcEndpoint<StationToCsmsAction, CsmsToStationAction>(endpointOptions);
    station.attach((text) => ws.send(text));
    ws.on('message', (data) => station.receive(String(data)));
    ws.on('close', () => station.detach());
    clients.push(ws);
    next.push(rotating((action) => station.call(action, requests[action])));
  }
  return { next, close: () => closeAll(clients, wss) };
};

type OcppRpcHandler = Parameters<InstanceType<typeof RPCClient>['handle']>[1];
type OcppRpcClientOptions = ConstructorParameters<typeof RPCClient>[0];
/** ocpp-rpc's handle() types handlers as async; it accepts a plain return value, as our core does. */
const reply = (response: object) => (() => response) as unknown as OcppRpcHandler;

/** ocpp-rpc v2: RPCServer + RPCClient, strict validation against its OCPP 2.0.1 schemas. */
export const ocppRpcStack: StackFactory = async (connections) => {
  const server = new RPCServer({ protocols: [PROTOCOL], strictMode: true });
  server.on('client', (client: InstanceType<typeof RPCClient>) => {
    client.handle('Heartbeat', reply(responses.Heartbeat));
    client.handle('StatusNotification', reply(responses.StatusNotification));
    client.handle('MeterValues', reply(responses.MeterValues));
    client.handle('BootNotification', reply(responses.BootNotification));
  });
  const http = await server.listen(0, HOST);
  const port = (http.address() as AddressInfo).port;
  const clients: Array<InstanceType<typeof RPCClient>> = [];
  const next: Array<() => Promise<unknown>> = [];
  for (let id = 0; id < connections; id++) {
    const client = new RPCClient({
      endpoint: `ws://${HOST}:${port}`,
      identity: `CS${id}`,
      protocols: [PROTOCOL],
      strictMode: true,
      reconnect: false,
    } as Partial<OcppRpcClientOptions> as OcppRpcClientOptions);
    await client.connect();
    clients.push(client);
    next.push(rotating((action) => client.call(action, requests[action])));
  }
  return {
    next,
    close: async () => {
      await Promise.all(clients.map((client) => client.close({})));
      await server.close({});
    },
  };
};

/**
 * The floor: the same frame texts over the same ws transport, no parsing, no validation. The
 * server answers each CALL with the CALLRESULT text of the action that comes next in ROTATION
 * (calls are sequential, so a per-connection counter knows it without reading the frame).
 */
export const rawWsStack: StackFactory = async (connections) => {
  const id = '6f1c7a52-0d3e-4b8e-9a51-3c2f0e7d9b14'; // a UUID, as the RPC stacks send
  const callTexts = ROTATION.map((action) => serializeCall(id, action, requests[action]));
  const resultTexts = ROTATION.map((action) => serializeCallResult(id, responses[action]));
  const wss = new WebSocketServer({ host: HOST, port: 0, handleProtocols: () => PROTOCOL });
  wss.on('connection', (ws) => {
    let i = 0;
    ws.on('message', () => ws.send(resultTexts[i++ % resultTexts.length] as string));
  });
  const port = await listen(wss);
  const clients: WebSocket[] = [];
  const next: Array<() => Promise<unknown>> = [];
  for (let n = 0; n < connections; n++) {
    const ws = await openClient(port, n);
    let answered: (() => void) | undefined;
    ws.on('message', () => answered?.());
    let i = 0;
    clients.push(ws);
    next.push(
      () =>
        new Promise<void>((resolve) => {
          answered = resolve;
          ws.send(callTexts[i++ % callTexts.length] as string);
        }),
    );
  }
  return { next, close: () => closeAll(clients, wss) };
};
