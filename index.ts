export { SePayEInvoiceApi } from './credentials/SePayEInvoiceApi.credentials';
export { SePayWebhookApi } from './credentials/SePayWebhookApi.credentials';
export { SePayWebhookHmacApi } from './credentials/SePayWebhookHmacApi.credentials';
export { SePayEInvoice } from './nodes/SePayEInvoice/SePayEInvoice.node';
export { SePayTrigger } from './nodes/SePayTrigger/SePayTrigger.node';
