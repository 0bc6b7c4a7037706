// P01/P02 DataTransfer: vendor-specific messages. An integrator registers a handler per
// vendorId; anything else is answered UnknownVendorId (P01.FR.05).

import type { DataTransferRequest, DataTransferResponse } from '../../generated/ocpp201/index.js';
import { LazyMap } from '../../collections/lazy.js';

export type VendorHandler = (request: DataTransferRequest) => DataTransferResponse | Promise<DataTransferResponse>;

export class DataTransfers {
  private readonly vendors = new LazyMap<string, VendorHandler>();

  register(vendorId: string, handler: VendorHandler): void {
    this.vendors.set(vendorId, handler);
  }

  async handle(request: DataTransferRequest): Promise<DataTransferResponse> {
    const handler = this.vendors.get(request.vendorId);
    if (!handler) return { status: 'UnknownVendorId' };
    return handler(request);
  }
}
