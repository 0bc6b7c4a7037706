// N09 Get customer information, N10 Clear customer information. What this station keeps about a
// customer is what it knows of an idToken, each from the block that holds it (customer-data.ts):
// the Authorization Cache entry (C10), the Local Authorization List entry (D01), the messages for
// the CSMS still queued that name it (here), and what other blocks add (an ongoing transaction or
// authorization, display messages of that transaction, reservations). A clear erases what may be
// erased and leaves the rest, each line saying which: the list is only the CSMS's to change
// (N10.FR.02/03/06). The station keeps no customer certificate (no ISO 15118) and no customer
// identifier of its own, so for those there is never any data.
//   Invalid   none, or more than one, of idToken, customerCertificate, customerIdentifier (N09.FR.09)
//   Rejected  neither report nor clear (N09.FR.07, N10.FR.07)
//   Accepted  otherwise (N09.FR.02, N10.FR.01); once the answer is out, NotifyCustomerInformation
//             parts: the data found (N09.FR.05, N10.FR.03), that none was found (N09.FR.06,
//             N10.FR.04), or, without report, that the data was cleared (N10.FR.06).

import type {
  CustomerInformationRequest,
  CustomerInformationResponse,
  IdTokenInfoType,
  IdTokenType,
} from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { checkpointAndTruncate } from '../../store/database.js';
import { type CustomerDataSource, type CustomerDataSources, namesToken } from './customer-data.js';

/** What of the authorization blocks this needs: the cache entry of a token, and the list's. */
export interface CustomerData {
  cache: { get(idToken: IdTokenType): IdTokenInfoType | undefined; remove(idToken: IdTokenType): void };
  localList?: { lookup(idToken: IdTokenType): IdTokenInfoType | undefined };
}

/** NotifyCustomerInformationRequest.data is string[512]. */
const DATA_MAX = 512;

export class CustomerInformation implements CustomerDataSources {
  /**
   * The sources other than this station's own queue and the authorization blocks', in the order
   * added; concat allocates the exact length, where a push leaves room to grow that stays empty.
   */
  private sources: readonly CustomerDataSource[] = [];

  constructor(
    private readonly ctx: StationContext,
    private readonly data: CustomerData,
  ) {}

  add(source: CustomerDataSource): void {
    this.sources = this.sources.concat(source);
  }

  /** What the Authorization Cache, the Local Authorization List and the queue hold about the token, in that order. */
  private describeOwn(idToken: IdTokenType): string[] {
    const lines: string[] = [];
    const cached = this.data.cache.get(idToken);
    if (cached) lines.push(`Authorization Cache: ${summary(idToken, cached)}`);
    const listed = this.data.localList?.lookup(idToken);
    if (listed) lines.push(`Local Authorization List: ${summary(idToken, listed)} (kept: only the CSMS changes the list)`);
    const queued = this.ctx.queued().filter((e) => namesToken(e.payload, idToken));
    if (queued.length > 0) {
      const actions = [...new Set(queued.map((e) => e.action))].join(', ');
      lines.push(`${queued.length} message(s) for the CSMS not yet delivered (${actions}) (kept until delivered)`);
    }
    return lines;
  }

  handle(request: CustomerInformationRequest): CustomerInformationResponse {
    const references = [request.idToken, request.customerCertificate, request.customerIdentifier].filter((r) => r !== undefined);
    if (references.length === 0) return { status: 'Invalid', statusInfo: { reasonCode: 'MissingParam' } }; // N09.FR.09
    if (references.length > 1) return { status: 'Invalid', statusInfo: { reasonCode: 'InvalidValue' } }; // N09.FR.09
    if (!request.report && !request.clear) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue' } }; // N09.FR.07
    return { status: 'Accepted' }; // N09.FR.02, N10.FR.01
  }

  after(request: CustomerInformationRequest, response: CustomerInformationResponse): void {
    if (response.status !== 'Accepted') return;
    const { idToken } = request;
    const found = idToken ? [...this.describeOwn(idToken), ...this.sources.flatMap((s) => s.describe(idToken))] : [];
    if (request.clear && idToken) {
      // N10.FR.03/06: the cache entry (the list is only the CSMS's, the queue is delivered), then the other sources.
      this.data.cache.remove(idToken);
      for (const source of this.sources) source.clear?.(idToken);
      checkpointAndTruncate(this.ctx.db.db); // and no copy of it left in the WAL
    }
    let lines: string[];
    if (request.report)
      lines = found.length > 0 ? found : ['No customer data found']; // N09.FR.05/06, N10.FR.03/04
    else lines = ['Customer data cleared']; // N10.FR.06
    const parts = inParts(lines);
    const generatedAt = this.ctx.now().toISOString();
    for (const [seqNo, data] of parts.entries()) {
      const tbc = seqNo < parts.length - 1 ? { tbc: true } : {};
      this.ctx.queue('NotifyCustomerInformation', { data, seqNo, generatedAt, requestId: request.requestId, ...tbc }, { kind: 'other' });
    }
  }
}

/** The lines as NotifyCustomerInformation data, each part at most DATA_MAX characters. */
function inParts(lines: readonly string[]): string[] {
  const parts: string[] = [];
  let part = '';
  for (const line of lines.map((l) => l.slice(0, DATA_MAX))) {
    if (part && part.length + 2 + line.length > DATA_MAX) {
      parts.push(part);
      part = '';
    }
    part = part ? `${part}; ${line}` : line;
  }
  parts.push(part);
  return parts;
}

function summary(idToken: IdTokenType, info: IdTokenInfoType): string {
  const parts = [`idToken type ${idToken.type}`, `status ${info.status}`];
  if (info.cacheExpiryDateTime) parts.push(`expires ${info.cacheExpiryDateTime}`);
  if (info.groupIdToken) parts.push(`group ${info.groupIdToken.idToken}`);
  if (info.evseId?.length) parts.push(`EVSEs ${info.evseId.join(',')}`);
  return parts.join(', ');
}
