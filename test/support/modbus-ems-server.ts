// An energy manager for tests: a real Modbus TCP server (modbus-serial's ServerTCP) on a local
// port, whose holding registers a test sets, that counts the reads it answers and can be stopped
// and started again on the same port, as an EMS that reboots or loses its network.

import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { ServerTCP } from 'modbus-serial';

export class TestEms {
  /** Holding registers by address; an address not set reads 0. */
  readonly registers = new Map<number, number>();
  /** Reads answered (or refused) since the start. */
  reads = 0;
  /** The unit id of the last read. */
  lastUnitId: number | undefined;
  /** Answer reads with a Modbus exception (slave device failure) instead of the registers. */
  refuse = false;
  private server: ServerTCP | undefined;
  private boundPort = 0;

  static async start(): Promise<TestEms> {
    const ems = new TestEms();
    // ServerTCP takes port 0 for "the Modbus port, 502": find a free one first.
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    ems.boundPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    await ems.listen();
    return ems;
  }

  get port(): number {
    return this.boundPort;
  }

  /** The clients connected now. */
  get connections(): number {
    return this.server?.socks.size ?? 0;
  }

  /** Sets `words` from `address` on. */
  set(address: number, ...words: number[]): void {
    for (const [i, word] of words.entries()) this.registers.set(address + i, word);
  }

  /** Closes the port and every connection: the EMS is gone. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  restart(): Promise<void> {
    return this.listen();
  }

  private async listen(): Promise<void> {
    const read = (address: number, unitId: number): number => {
      this.reads++;
      this.lastUnitId = unitId;
      if (this.refuse) throw Object.assign(new Error('refused'), { modbusErrorCode: 0x04 });
      return this.registers.get(address) ?? 0;
    };
    const server = new ServerTCP(
      {
        getHoldingRegister: (address: number, unitId: number) => read(address, unitId),
        getMultipleHoldingRegisters: (address: number, length: number, unitId: number) =>
          Array.from({ length }, (_, i) => (i === 0 ? read(address, unitId) : (this.registers.get(address + i) ?? 0))),
      },
      { host: '127.0.0.1', port: this.boundPort },
    );
    server.on('socketError', () => {}); // a client that goes away mid-request
    await new Promise<void>((resolve, reject) => {
      server.once('initialized', () => resolve());
      server.once('serverError', reject);
    });
    this.server = server;
  }
}
