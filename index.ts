export { SePayEInvoiceApi } from './credentials/SePayEInvoiceApi.credentials';
export { SePayEInvoice } from './nodes/SePayEInvoice/SePayEInvoice.node';
