// The Charging Station certificates the station holds: the one given on the command line and
// those the CSMS signed (A02/A03), each with the name of its key file. What the link presents
// for security profile 3 is the newest valid one, by the start of its validity (A02.FR.09);
// a new one not yet proven on a connection falls back to the one that worked before when the
// connection with it fails (A02.FR.10: the old one is kept until the new one works).

import type { StationContext } from '../../kernel/context.js';
import { parseCertificate, validAt, type ParsedCertificate } from './certificates.js';
import type { KeyFiles } from './key-files.js';

export interface ClientCredentials {
  /** Names the certificate in connected()/failed(). */
  readonly id: string;
  /** PEM chain, leaf first. */
  readonly cert: string;
  readonly key: string;
}

interface Held {
  /** PEM chain, leaf first. */
  chain: string;
  keyFile: string;
  /** Worked on a connection. */
  confirmed: boolean;
  /** Failed on a connection before it ever worked, while an older one could be used. */
  failed?: boolean;
}

const KEY = 'certificates:station';
const COMMAND_LINE = 'command-line';

export class StationCertificates {
  constructor(
    private readonly ctx: Pick<StationContext, 'state' | 'now' | 'log'>,
    private readonly keys: KeyFiles,
    private readonly commandLine?: { cert: string; key: string },
  ) {}

  /** The leaf certificate of each one held, the command-line one first. */
  leaves(): ParsedCertificate[] {
    const chains = [...(this.commandLine ? [this.commandLine.cert] : []), ...this.held().map((h) => h.chain)];
    return chains.map(parseCertificate).filter((c): c is ParsedCertificate => c !== undefined);
  }

  /** A valid one to present is held (A05.FR.03). */
  hasValid(): boolean {
    return this.credentials() !== undefined;
  }

  /** A02.FR.08/09: the newest valid now, not failed; undefined when there is none. */
  credentials(): ClientCredentials | undefined {
    const now = this.ctx.now();
    const candidates: (ClientCredentials & { from: number })[] = [];
    for (const held of this.held()) {
      const leaf = parseCertificate(held.chain);
      const key = this.keys.read(held.keyFile);
      if (!leaf || !key || held.failed || !validAt(leaf, now)) continue;
      candidates.push({ id: held.keyFile, cert: held.chain, key, from: Date.parse(leaf.x509.validFrom) });
    }
    const line = this.commandLine ? parseCertificate(this.commandLine.cert) : undefined;
    if (this.commandLine && line && validAt(line, now)) {
      candidates.push({ id: COMMAND_LINE, ...this.commandLine, from: Date.parse(line.x509.validFrom) - 1 });
    }
    candidates.sort((a, b) => b.from - a.from);
    const best = candidates[0];
    return best && { id: best.id, cert: best.cert, key: best.key };
  }

  /** The expiry of the certificate presented now (A03.FR.02 renews a month before it). */
  currentExpiry(): Date | undefined {
    const current = this.credentials();
    const leaf = current && parseCertificate(current.cert);
    return leaf ? new Date(leaf.x509.validTo) : undefined;
  }

  /** Keeps a certificate the CSMS signed (checked before) with its key file. */
  add(chain: string, keyFile: string): void {
    // A second certificate for the same key (the CSR was sent again) replaces the first.
    this.save([...this.held().filter((h) => h.keyFile !== keyFile), { chain, keyFile, confirmed: false }]);
  }

  /** A02.FR.10: the certificate worked; of the older ones only the newest stays, as fallback. */
  connected(id: string): void {
    const held = this.held();
    const index = held.findIndex((h) => h.keyFile === id);
    if (index < 0) return;
    const current = { ...(held[index] as Held), confirmed: true };
    const older = held.slice(0, index).filter((h) => h.confirmed && !h.failed);
    const fallback = older.at(-1);
    for (const dropped of held) {
      if (dropped !== held[index] && dropped !== fallback) this.keys.remove(dropped.keyFile);
    }
    this.save([...(fallback ? [fallback] : []), current]);
  }

  /** A connection with it failed: a new one that never worked is set aside while an older one remains. */
  failed(id: string): void {
    const held = this.held();
    const entry = held.find((h) => h.keyFile === id);
    if (!entry || entry.confirmed) return;
    const others = held.some((h) => h !== entry && !h.failed) || this.commandLine !== undefined;
    if (!others) return;
    this.ctx.log.warn(
      { certificate: id },
      'new Charging Station certificate failed on the connection; falling back to the previous one (A02.FR.10)',
    );
    this.save(held.map((h) => (h === entry ? { ...h, failed: true } : h)));
  }

  private held(): Held[] {
    return this.ctx.state.get<Held[]>(KEY) ?? [];
  }

  private save(held: Held[]): void {
    this.ctx.state.set(KEY, held);
  }
}
