// P01/P02 DataTransfer: vendor-specific messages. An integrator registers a handler per
// vendorId; anything else is answered UnknownVendorId (P01.FR.05).

import type { DataTransferRequest, DataTransferResponse } from '../../generated/ocpp201/index.js';
import type { Route } from '../../kernel/block.js';

export type VendorHandler = (request: DataTransferRequest) => DataTransferResponse | Promise<DataTransferResponse>;

/** The vendor handlers, and the DataTransfer route that asks them. */
export class DataTransfers implements Route<'DataTransfer'> {
  /** Made with the first handler: most stations have none. */
  private vendors: Map<string, VendorHandler> | undefined;

  register(vendorId: string, handler: VendorHandler): void {
    this.vendors ??= new Map();
    this.vendors.set(vendorId, handler);
  }

  async handle(request: DataTransferRequest): Promise<DataTransferResponse> {
    const handler = this.vendors?.get(request.vendorId);
    if (!handler) return { status: 'UnknownVendorId' };
    return handler(request);
  }
}
