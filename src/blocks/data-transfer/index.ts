// P. DataTransfer (P01 from the CSMS, P02 to the CSMS).

export { DataTransfers, type VendorHandler } from './data-transfer.js';
export { dataTransferBlock } from './block.js';
