// N09 Get customer information, N10 Clear customer information. What this station keeps about a
// customer is what it knows of an idToken: its Authorization Cache entry (C10) and its Local
// Authorization List entry (D01). N10 clears the cache entry and leaves the list alone: only the
// CSMS changes the list (N10.FR.02/03/06). The station keeps no customer certificate (no
// ISO 15118) and no customer identifier of its own, so for those there is never any data.
//   Invalid   none, or more than one, of idToken, customerCertificate, customerIdentifier (N09.FR.09)
//   Rejected  neither report nor clear (N09.FR.07, N10.FR.07)
//   Accepted  otherwise (N09.FR.02, N10.FR.01); once the answer is out, one NotifyCustomerInformation:
//             the data found (N09.FR.05, N10.FR.03), that none was found (N09.FR.06, N10.FR.04), or,
//             without report, that the data was cleared (N10.FR.06).

import type {
  CustomerInformationRequest,
  CustomerInformationResponse,
  IdTokenInfoType,
  IdTokenType,
} from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import { checkpointAndTruncate } from '../../store/database.js';

/** What of the authorization blocks this needs: the cache entry of a token, and the list's. */
export interface CustomerData {
  cache: { get(idToken: IdTokenType): IdTokenInfoType | undefined; remove(idToken: IdTokenType): void };
  localList?: { lookup(idToken: IdTokenType): IdTokenInfoType | undefined };
}

/** NotifyCustomerInformationRequest.data is string[512]. */
const DATA_MAX = 512;

export class CustomerInformation {
  constructor(
    private readonly ctx: StationContext,
    private readonly data: CustomerData,
  ) {}

  handle(request: CustomerInformationRequest): CustomerInformationResponse {
    const references = [request.idToken, request.customerCertificate, request.customerIdentifier].filter((r) => r !== undefined);
    if (references.length === 0) return { status: 'Invalid', statusInfo: { reasonCode: 'MissingParam' } }; // N09.FR.09
    if (references.length > 1) return { status: 'Invalid', statusInfo: { reasonCode: 'InvalidValue' } }; // N09.FR.09
    if (!request.report && !request.clear) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue' } }; // N09.FR.07
    return { status: 'Accepted' }; // N09.FR.02, N10.FR.01
  }

  after(request: CustomerInformationRequest, response: CustomerInformationResponse): void {
    if (response.status !== 'Accepted') return;
    const found = request.idToken ? this.describe(request.idToken) : [];
    if (request.clear && request.idToken) {
      this.data.cache.remove(request.idToken); // N10.FR.03/06: all but the list
      checkpointAndTruncate(this.ctx.db); // and no copy of it left in the WAL
    }
    let text: string;
    if (request.report)
      text = found.length > 0 ? found.join('; ') : 'No customer data found'; // N09.FR.05/06, N10.FR.03/04
    else text = 'Customer data cleared'; // N10.FR.06
    this.ctx.queue(
      'NotifyCustomerInformation',
      { data: text.slice(0, DATA_MAX), seqNo: 0, generatedAt: this.ctx.now().toISOString(), requestId: request.requestId },
      { kind: 'other' },
    );
  }

  private describe(idToken: IdTokenType): string[] {
    const found: string[] = [];
    const cached = this.data.cache.get(idToken);
    if (cached) found.push(`Authorization Cache: ${summary(idToken, cached)}`);
    const listed = this.data.localList?.lookup(idToken);
    if (listed) found.push(`Local Authorization List: ${summary(idToken, listed)}`);
    return found;
  }
}

function summary(idToken: IdTokenType, info: IdTokenInfoType): string {
  const parts = [`idToken type ${idToken.type}`, `status ${info.status}`];
  if (info.cacheExpiryDateTime) parts.push(`expires ${info.cacheExpiryDateTime}`);
  if (info.groupIdToken) parts.push(`group ${info.groupIdToken.idToken}`);
  if (info.evseId?.length) parts.push(`EVSEs ${info.evseId.join(',')}`);
  return parts.join(', ');
}
