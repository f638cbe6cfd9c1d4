import type { INodeProperties } from 'n8n-workflow';

import { itemOperation } from '../../execution/itemRunner';
import { checkCode } from '../../rules/validation';
import { dataOf, encodeSegment, sepayApiRequest } from '../../transport/transport';
import { referenceCodeField } from './byReference';

/** GET /v1/invoices/{reference_code}: lines, totals, status and file links. */
export const getInvoice = itemOperation({
	check: (item) => checkCode(item, 'Reference Code', item.getNodeParameter('referenceCode', '')),
	async send(item, referenceCode) {
		return dataOf(await sepayApiRequest(item.connection, 'GET', `/v1/invoices/${encodeSegment(referenceCode)}`));
	},
});

export const invoiceGetDescription: INodeProperties[] = [
	referenceCodeField(['get'], 'Reference code of the invoice (mã tham chiếu)'),
];
