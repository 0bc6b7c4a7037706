// An independent CSMS for interoperability tests: ocpp-rpc's RPCServer in strict mode, which
// validates every frame against its own copy of the OCPP 2.0.1 schemas. It keeps, per station
// and across its connections (a reset reconnects), what it received and every complaint it had
// (strictValidationFailure, badMessage); the test decides what it answers.

import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { RPCServer } from 'ocpp-rpc';

export interface Seen {
  method: string;
  params: unknown;
}

export interface PeerClient {
  identity: string;
  call(method: string, params: unknown): Promise<unknown>;
  close(options?: { code?: number; reason?: string; force?: boolean }): Promise<unknown>;
}

/** The answer of the peer to a call from the station `identity`. */
export type PeerAnswer = (identity: string, call: Seen) => unknown;

export interface StrictCsms {
  /** ws:// address of the peer; there once its `before` hook has run. */
  readonly url: string;
  /** What the peer received, per station, in order. */
  readonly seen: Map<string, Seen[]>;
  /** strictValidationFailure / badMessage events of the peer, per station. */
  readonly complaints: Map<string, unknown[]>;
  /** The latest connection of each station, to call it from the peer. */
  readonly clients: Map<string, PeerClient>;
  /** The complaints of all stations together. */
  allComplaints(): unknown[];
}

type ServerClient = PeerClient & { on(event: string, cb: (e: unknown) => void): void; handle(cb: (call: Seen) => unknown): void };

/** Call at the top level of a test file: registers the `before`/`after` hooks of the peer. */
export function useStrictCsms(answer: PeerAnswer): StrictCsms {
  let server: RPCServer | undefined;
  let url: string | undefined;
  const seen = new Map<string, Seen[]>();
  const complaints = new Map<string, unknown[]>();
  const clients = new Map<string, PeerClient>();

  before(async () => {
    server = new RPCServer({ protocols: ['ocpp2.0.1'], strictMode: true });
    server.on('client', (client: ServerClient) => {
      const log: Seen[] = seen.get(client.identity) ?? [];
      seen.set(client.identity, log);
      const complained: unknown[] = complaints.get(client.identity) ?? [];
      complaints.set(client.identity, complained);
      clients.set(client.identity, client);
      client.on('strictValidationFailure', (event) => complained.push(event));
      client.on('badMessage', (event) => complained.push(event));
      client.handle(({ method, params }) => {
        log.push({ method, params });
        return answer(client.identity, { method, params });
      });
    });
    const http = await server.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ocpp`;
  });

  after(async () => {
    await server?.close({ force: true, awaitPending: false });
  });

  return {
    get url(): string {
      if (url === undefined) throw new Error('the strict CSMS is not listening yet');
      return url;
    },
    seen,
    complaints,
    clients,
    allComplaints: () => [...complaints.values()].flat(),
  };
}
