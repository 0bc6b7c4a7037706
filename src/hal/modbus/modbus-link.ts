// The Modbus TCP client side of the EMS input: one connection, opened on demand, dropped when the
// EMS closes it or stops answering, opened again with a growing back-off. read() never throws; a
// failure is a value, so the poll loop above it cannot be broken by the network.

import ModbusRTU from 'modbus-serial';
import type { Clock } from '../../clock/clock.js';

type Client = InstanceType<typeof ModbusRTU.default>;

export interface LinkTarget {
  host: string;
  port: number;
  unitId: number;
  /** How long a connect or a request may take before it counts as failed, ms. */
  timeoutMs: number;
  /** The wait after the first failed connect, ms; it doubles with each further failure... */
  firstRetryMs: number;
  /** ...up to this. */
  maxRetryMs: number;
}

export type LinkState = 'connected' | 'disconnected';

export class ModbusLink {
  private client: Client | undefined;
  private failedConnects = 0;
  private retryAt = 0;
  private closed = false;
  /** Ends the read in flight, if any, with a failure. */
  private abortRead: ((reason: string) => void) | undefined;

  constructor(
    private readonly target: LinkTarget,
    private readonly clock: Clock,
    /** Told when the connection opens or is lost (not on every failed attempt). */
    private readonly onState: (state: LinkState, reason?: string) => void = () => {},
  ) {}

  /** The holding registers from `address` on, or the error that kept them from being read. */
  async read(address: number, count: number): Promise<number[] | Error> {
    const client = this.client ?? (await this.connect());
    if (client instanceof Error) return client;
    const read = new Promise<number[] | Error>((resolve) => {
      // Destroying the client leaves its pending request unsettled: a lost link answers it here.
      this.abortRead = (reason) => resolve(new Error(reason));
      client.readHoldingRegisters(address, count).then(
        ({ data }) => resolve(data),
        (error: unknown) => {
          // An exception response (a wrong register or unit) keeps the connection; a timeout or a
          // broken socket does not: the next read starts over with a fresh one.
          const reason = asError(error);
          if ((error as { modbusCode?: number } | null)?.modbusCode === undefined) this.drop(client, reason.message);
          resolve(reason);
        },
      );
    });
    return read.finally(() => (this.abortRead = undefined));
  }

  close(): void {
    this.closed = true;
    if (this.client) this.drop(this.client, 'closed');
  }

  private async connect(): Promise<Client | Error> {
    if (this.closed) return new Error('closed');
    if (this.clock.now() < this.retryAt) return new Error('waiting to reconnect');
    const client = new ModbusRTU.default();
    client.on('error', () => {}); // socket errors also fail the pending call, which is where they are handled
    client.setTimeout(this.target.timeoutMs);
    client.setID(this.target.unitId);
    try {
      await client.connectTCP(this.target.host, { port: this.target.port });
    } catch (error) {
      client.destroy(() => {});
      this.failedConnects++;
      const wait = Math.min(this.target.firstRetryMs * 2 ** (this.failedConnects - 1), this.target.maxRetryMs);
      this.retryAt = this.clock.now() + wait;
      return asError(error);
    }
    if (this.closed) {
      client.destroy(() => {});
      return new Error('closed');
    }
    this.failedConnects = 0;
    this.client = client;
    client.on('close', () => this.drop(client, 'connection closed by the EMS'));
    this.onState('connected');
    return client;
  }

  private drop(client: Client, reason: string): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.destroy(() => {});
    this.abortRead?.(reason);
    this.onState('disconnected', reason);
  }
}

/** The library's errors are plain objects with a message, not Error instances. */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  const message = (error as { message?: unknown } | null)?.message;
  return new Error(typeof message === 'string' ? message : String(error));
}
