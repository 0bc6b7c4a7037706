// The test bench of the endpoint tests: a ws server on 127.0.0.1 whose connection is bound to an
// RpcEndpoint in the station role, and a raw ws client (the CSMS side) sending literal frames.

import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { FakeClock } from '../clock/fake-clock.js';
import type { CsmsToStationAction, ResponseOf, StationToCsmsAction } from '../generated/ocpp201/index.js';
import { silentLogger } from '../log/logger.js';
import { RpcEndpoint } from './endpoint.js';
import { OcppError, RPC_ERROR_CODES } from './errors.js';

export type Station = RpcEndpoint<StationToCsmsAction, CsmsToStationAction>;
export type Message = unknown[];

export const now = '2026-01-01T12:00:00Z';
export const TIMEOUT_MS = 30_000;

/** The raw CSMS side: sends literal text, reads frames in arrival order. */
export class Peer {
  private readonly inbox: Message[] = [];
  private readonly waiters: ((m: Message) => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Message;
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else this.inbox.push(message);
    });
  }

  send(text: string): void {
    this.socket.send(text);
  }

  next(ms = 2000): Promise<Message> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
      this.waiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  }

  /** Sends one frame and returns the next frame received. */
  async request(text: string): Promise<Message> {
    this.send(text);
    return this.next();
  }

  /**
   * Sends `text`, then a sentinel CALL, and asserts that the sentinel's answer is the very next
   * frame: `text` got no answer at all.
   */
  async assertNoAnswer(text: string): Promise<void> {
    this.send(text);
    const sentinel = `sentinel-${Math.random().toString(36).slice(2)}`;
    const answer = await this.request(`[2,"${sentinel}","ClearCache",{}]`);
    assert.deepEqual(answer.slice(0, 2), [4, sentinel], `expected only the sentinel's answer, got ${JSON.stringify(answer)}`);
  }
}

export interface Harness {
  clock: FakeClock;
  station: Station;
  peer: Peer;
  /** Every text the station wrote, in order. */
  written: string[];
  /** Actions whose after-hook ran, with what had been written at that moment. */
  hooks: { action: string; writtenBefore: string[] }[];
  serverClosed: Promise<void>;
  /** TriggerMessage(MeterValues) waits in its handler: `started` resolves when it got there, `release()` lets it go on. */
  started: Promise<void>;
  release: () => void;
}

export async function harness(t: TestContext): Promise<Harness> {
  const clock = new FakeClock();
  let nextId = 0;
  const station: Station = new RpcEndpoint({
    clock,
    log: silentLogger,
    callTimeoutMs: () => TIMEOUT_MS,
    newMessageId: () => `st-${++nextId}`,
  });
  const written: string[] = [];
  const hooks: Harness['hooks'] = [];
  let handlerStarted!: () => void;
  const started = new Promise<void>((resolve) => (handlerStarted = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));

  station
    .handle('GetVariables', (request) => ({
      getVariableResult: <ResponseOf<'GetVariables'>['getVariableResult']>request.getVariableData.map(({ component, variable }) => ({
        attributeStatus: component.name === 'OCPPCommCtrlr' ? ('Accepted' as const) : ('UnknownComponent' as const),
        ...(component.name === 'OCPPCommCtrlr' ? { attributeValue: '60' } : {}),
        component,
        variable,
      })),
    }))
    .handle('Reset', () => {
      throw new Error('database is locked\n    at secret (/srv/station/db.js:1:1)');
    })
    .handle('RequestStartTransaction', () => {
      throw new OcppError('SecurityError', 'not accepted by the CSMS yet');
    })
    .handle('ClearCache', () => ({ status: 'Maybe' }) as never)
    .handle('SetChargingProfile', () => ({ status: 'Accepted' }))
    .handle('TriggerMessage', async (request) => {
      if (request.requestedMessage === 'MeterValues') {
        handlerStarted();
        await gate;
      }
      await new Promise((resolve) => setImmediate(resolve));
      return { status: 'Accepted' };
    })
    .handle('ChangeAvailability', () => ({ status: 'Accepted' }))
    .after('TriggerMessage', () => {
      hooks.push({ action: 'TriggerMessage', writtenBefore: [...written] });
    })
    .after('ChangeAvailability', () => {
      throw new Error('hook failure must not break the link');
    });

  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => (protocols.has('ocpp2.0.1') ? 'ocpp2.0.1' : false),
  });
  await once(wss, 'listening');
  let serverClosed!: Promise<void>;
  const connected = new Promise<void>((resolve) => {
    wss.on('connection', (ws) => {
      station.attach((text) => {
        written.push(text);
        ws.send(text);
      });
      serverClosed = new Promise((done) =>
        ws.on('close', () => {
          station.detach();
          done();
        }),
      );
      ws.on('message', (data) => station.receive(String(data)));
      resolve();
    });
  });
  const { port } = wss.address() as AddressInfo;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/CS001`, 'ocpp2.0.1');
  await Promise.all([once(socket, 'open'), connected]);
  assert.equal(socket.protocol, 'ocpp2.0.1');

  t.after(async () => {
    socket.terminate();
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });
  return { clock, station, peer: new Peer(socket), written, hooks, serverClosed, started, release };
}

/** Asserts a well-formed CALLERROR with this id and code. */
export function assertCallError(message: Message, messageId: string, code: string): void {
  assert.equal(message.length, 5, JSON.stringify(message));
  const [type, id, errorCode, description, details] = message;
  assert.equal(type, 4, JSON.stringify(message));
  assert.equal(id, messageId, JSON.stringify(message));
  assert.equal(errorCode, code, JSON.stringify(message));
  assert.ok(RPC_ERROR_CODES.includes(errorCode as never));
  assert.equal(typeof description, 'string');
  assert.ok((description as string).length <= 255);
  assert.ok(details !== null && typeof details === 'object' && !Array.isArray(details));
}

export const component = { name: 'OCPPCommCtrlr' };
export const variable = { name: 'HeartbeatInterval' };
/** A valid GetVariables payload. */
export const getVariables = JSON.stringify({ getVariableData: [{ component, variable }] });
