// The two CSMSs the test tool can be built on, chosen with CONFORMANCE_CSMS:
//   ocpp-rpc  (default) the independent ocpp-rpc library in strict mode: its own copy of the
//             schemas validates every frame either way;
//   built-in  this product's own CSMS side: its OcppServer, its validator over the official
//             schemas, and the answers of the built-in local CSMS (src/csms/handlers.ts) where a
//             case gives none.
// Both take the upgrade requests of the tool's endpoints (csms-listener.ts) after the tool has
// admitted them, and present each station connection as the same RpcClient.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import ocppRpc from 'ocpp-rpc';
import { routes, type CsmsContext } from '../../../src/csms/handlers.js';
import { CsmsStore } from '../../../src/csms/store.js';
import { STATION_TO_CSMS_ACTIONS, type StationToCsmsAction } from '../../../src/generated/ocpp201/index.js';
import { OcppError, readErrorCode } from '../../../src/rpc/errors.js';
import { OcppServer, type StationSession } from '../../../src/rpc/server.js';
import { parseBasicAuth, refuse, stationIdFromPath } from '../../../src/rpc/upgrade-request.js';
import { validatePayload } from '../../../src/rpc/validator.js';

// A CommonJS package: its named exports are read off the default one.
const { NOREPLY, RPCServer, createValidator } = ocppRpc;

type Json = Record<string, unknown>;

export type BackendName = 'ocpp-rpc' | 'built-in';
export const BACKEND: BackendName = process.env.CONFORMANCE_CSMS === 'built-in' ? 'built-in' : 'ocpp-rpc';

/** One station connection as the tool drives it (the shape of an ocpp-rpc client). */
export interface RpcClient {
  identity: string;
  call(method: string, params: unknown, options?: { callTimeoutMs?: number }): Promise<unknown>;
  close(options?: { code?: number; force?: boolean }): Promise<unknown>;
  /** 'close', and the complaints: 'strictValidationFailure', 'badMessage'. */
  on(event: string, cb: (e: unknown) => void): void;
  handle(cb: (call: { method: string; params: Json; messageId: string }) => unknown): void;
}

/** The HTTP status to refuse an upgrade with, or undefined to accept it. */
export type Admit = (request: IncomingMessage, identity: string, password: string | undefined) => Promise<number | undefined>;

export interface Backend {
  handleUpgrade(request: IncomingMessage, socket: Socket, head: Buffer): void;
  close(): Promise<void>;
}

/** What an Answer returns to send no answer at all. */
export { NOREPLY };

/** The answer of the CSMS the tool is built on, where a case gives none. */
export function defaultAnswer(method: string, payload: Json, fallback: () => unknown): unknown {
  if (BACKEND === 'ocpp-rpc' || !(STATION_TO_CSMS_ACTIONS as readonly string[]).includes(method)) return fallback();
  const route = routes[method as StationToCsmsAction] as (request: Json, ctx: CsmsContext) => unknown;
  return route(payload, builtInContext);
}

const builtInContext: CsmsContext = {
  stationId: '',
  store: new CsmsStore({ now: () => Date.now() }),
  settings: { bootStatus: 'Accepted', heartbeatIntervalS: 300, bootRetryIntervalS: 10 },
  now: () => Date.now(),
};

/** Payloads the tool sends without checking them against its schemas (callUnchecked). */
const unchecked = new WeakSet<object>();

/**
 * Sends a CSMS call whose payload the tool does not check against its schemas, as a lab sends a
 * value the schema does not allow. Settles as `call` does: with the response, or rejected with the
 * CALLERROR's code as rpcErrorCode and its description as message.
 */
export function callUnchecked(client: RpcClient, method: string, params: Json, options: { callTimeoutMs?: number } = {}): Promise<unknown> {
  if (client instanceof BuiltInClient) return client.callUnchecked(method, params, options);
  unchecked.add(params);
  return client.call(method, params, options);
}

/**
 * ocpp-rpc's own OCPP 2.0.1 validator (its copy of the schemas), except that it lets the payloads of
 * callUnchecked through: only the tool's own outgoing calls carry those objects.
 */
function ocppRpcValidator(): ReturnType<typeof createValidator> {
  const schemas = createRequire(import.meta.url)('ocpp-rpc/lib/schemas/ocpp2_0_1.json') as Parameters<typeof createValidator>[1];
  const validator = createValidator('ocpp2.0.1', schemas);
  const validate = validator.validate.bind(validator);
  validator.validate = (schemaId, params) => unchecked.has(params as object) || validate(schemaId, params);
  return validator;
}

export function createBackend(onClient: (client: RpcClient) => void, admit: Admit): Backend {
  return BACKEND === 'built-in' ? builtInBackend(onClient, admit) : ocppRpcBackend(onClient, admit);
}

function ocppRpcBackend(onClient: (client: RpcClient) => void, admit: Admit): Backend {
  const server = new RPCServer({ protocols: ['ocpp2.0.1'], strictMode: true, strictModeValidators: [ocppRpcValidator()] });
  server.on('client', onClient);
  server.auth(async (accept, reject, handshake) => {
    const refusedWith = await admit(handshake.request, handshake.identity, handshake.password?.toString('utf8'));
    if (refusedWith === undefined) accept();
    else reject(refusedWith, refusedWith === 401 ? 'Unauthorized' : 'Service Unavailable');
  });
  return {
    handleUpgrade: (request, socket, head) => void server.handleUpgrade(request, socket, head),
    close: () => server.close({ force: true, awaitPending: false }),
  };
}

function builtInBackend(onClient: (client: RpcClient) => void, admit: Admit): Backend {
  const clients = new Map<string, BuiltInClient>();
  const server = new OcppServer({
    port: 0,
    onStation: (session) => {
      const client = new BuiltInClient(session);
      clients.set(session.id, client);
      onClient(client);
    },
    onTrace: (stationId, direction, text) => clients.get(stationId)?.trace(direction, text),
  });
  return {
    handleUpgrade: (request, socket, head) => {
      const identity = stationIdFromPath(request.url ?? '') ?? '';
      const credentials = parseBasicAuth(request.headers.authorization);
      const password = typeof credentials === 'object' ? credentials.password : undefined;
      void admit(request, identity, password).then((refusedWith) =>
        refusedWith === undefined ? server.handleUpgrade(request, socket, head) : refuse(socket, refusedWith),
      );
    },
    close: () => server.close(),
  };
}

/**
 * A connection of the built-in server as an RpcClient. The complaints are what the product's own
 * validator finds in the station's frames: a CALL or a CALLRESULT that breaks its schema, a frame
 * that is not OCPP-J.
 */
class BuiltInClient implements RpcClient {
  readonly identity: string;
  private readonly listeners = new Map<string, ((e: unknown) => void)[]>();
  /** The action of each CALL the tool sent, by messageId, to validate the station's CALLRESULT. */
  private readonly sent = new Map<string, string>();
  /** The tool's callUnchecked CALLs awaiting their answer, by messageId. */
  private readonly uncheckedCalls = new Map<string, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  /** Station CALLs not answered yet, by messageId; the withheld ones are not waited for. */
  private readonly unanswered = new Set<string>();
  private handler: ((call: { method: string; params: Json; messageId: string }) => unknown) | undefined;
  private closing = false;

  constructor(private readonly session: StationSession) {
    this.identity = session.id;
    session.onClose(() => this.emit('close', undefined));
  }

  on(event: string, cb: (e: unknown) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), cb]);
  }

  handle(cb: (call: { method: string; params: Json; messageId: string }) => unknown): void {
    this.handler = cb;
    for (const action of STATION_TO_CSMS_ACTIONS) {
      this.session.endpoint.handle(action, async (request, ctx) => {
        let response: unknown;
        try {
          response = await cb({ method: action, params: request as unknown as Json, messageId: ctx.messageId });
        } catch (error) {
          const code = (error as { rpcErrorCode?: unknown }).rpcErrorCode;
          throw code === undefined ? error : new OcppError(readErrorCode(code), (error as Error).message);
        }
        // The tool withholds the answer: the station's call times out.
        if (response === NOREPLY) {
          this.unanswered.delete(ctx.messageId);
          return new Promise<never>(() => {});
        }
        return response as never;
      });
    }
  }

  async call(method: string, params: unknown, options: { callTimeoutMs?: number } = {}): Promise<unknown> {
    try {
      return await this.session.endpoint.call(method as never, params as never, {
        ...(options.callTimeoutMs !== undefined ? { timeoutMs: options.callTimeoutMs } : {}),
      });
    } catch (error) {
      // The tool reads a CALLERROR's code as ocpp-rpc gives it.
      if (error instanceof OcppError) throw Object.assign(new Error(error.message), { rpcErrorCode: error.code });
      throw error;
    }
  }

  /**
   * A CALL written as it is: the endpoint's `call` would refuse a payload its validator rejects. The
   * endpoint ignores the answer (not a call of its own); it is read off the trace.
   */
  callUnchecked(method: string, params: Json, options: { callTimeoutMs?: number } = {}): Promise<unknown> {
    const messageId = randomUUID();
    const timeoutMs = options.callTimeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.uncheckedCalls.delete(messageId);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const settled = (): void => {
        clearTimeout(timer);
        this.uncheckedCalls.delete(messageId);
      };
      this.uncheckedCalls.set(messageId, {
        resolve: (result) => {
          settled();
          resolve(result);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      });
      try {
        this.session.endpoint.sendRaw(JSON.stringify([2, messageId, method, params]));
      } catch (error) {
        this.uncheckedCalls.get(messageId)?.reject(error as Error);
      }
    });
  }

  async close(options: { code?: number; force?: boolean } = {}): Promise<void> {
    // As ocpp-rpc does, the answers to calls already received go out before the close.
    for (let i = 0; !options.force && this.unanswered.size > 0 && i < 1000; i++) await new Promise((resolve) => setImmediate(resolve));
    this.closing = true;
    return new Promise((resolve) => {
      this.session.onClose(resolve);
      if (options.force) this.session.abort();
      else this.session.close(options.code ?? 1000);
    });
  }

  /** @internal Every frame of the connection, as the server traced it. */
  trace(direction: 'in' | 'out', text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      if (direction === 'in') this.emit('badMessage', { text });
      return;
    }
    if (!Array.isArray(frame)) {
      if (direction === 'in') this.emit('badMessage', { text });
      return;
    }
    const [type, messageId, third, fourth] = frame as [number, string, unknown, unknown];
    const uncheckedCall = direction === 'in' && (type === 3 || type === 4) ? this.uncheckedCalls.get(messageId) : undefined;
    if (uncheckedCall && type === 3) uncheckedCall.resolve(third);
    if (uncheckedCall && type === 4) uncheckedCall.reject(Object.assign(new Error(String(fourth)), { rpcErrorCode: readErrorCode(third) }));
    if (direction === 'out') {
      if (type === 2) this.sent.set(messageId, String(third));
      else this.unanswered.delete(messageId);
      return;
    }
    if (type === 2 && this.closing) {
      // A CALL that crossed the tool's close frame: the tool has received it, as ocpp-rpc's does,
      // though the answer can no longer go out.
      void Promise.resolve()
        .then(() => this.handler?.({ method: String(third), params: fourth as Json, messageId }))
        .catch(() => undefined);
      return;
    }
    if (type === 2) this.unanswered.add(messageId);
    const checked =
      type === 2
        ? validatePayload(String(third), 'Request', fourth)
        : type === 3 && this.sent.has(messageId)
          ? validatePayload(this.sent.get(messageId)!, 'Response', third)
          : undefined;
    if (type === 3 || type === 4) this.sent.delete(messageId);
    if (checked) this.emit('strictValidationFailure', { messageId, error: checked.message });
  }

  private emit(event: string, e: unknown): void {
    for (const cb of this.listeners.get(event) ?? []) cb(e);
  }
}
