import type { INodeProperties } from 'n8n-workflow';

import { correctionOperation } from './correction';
import { fieldsToChangeField, originalReferenceCodeField, startFromField, startsFromOriginal } from './correctionFields';

/*
 * Invoice → Replace: POST /v1/invoices/replace (hóa đơn thay thế). The new invoice carries the
 * whole corrected content (by default the original's, with the Fields to Change applied); once
 * it is issued the original becomes "replaced" (document_type 5) and is no longer valid. Each
 * invoice can be replaced once; a replacement can be replaced.
 */

const show = { resource: ['invoice'], operation: ['replace'] };

export const replaceInvoice = correctionOperation('replace', '/v1/invoices/replace', {
	fromOriginal: startsFromOriginal,
	hints: {
		400: 'SePay refused the replacement. Check the original with "Get": it must be issued and accepted by the tax authority, under this Provider Account, and not replaced or cancelled before.',
		404: 'SePay found no invoice with the Original Reference Code in this environment. Check the code and the Environment of the credential.',
	},
});

export const invoiceReplaceDescription: INodeProperties[] = [
	originalReferenceCodeField('replace', 'Reference code (mã tham chiếu) of the issued invoice to replace'),
	startFromField(show, 'replacement'),
	fieldsToChangeField({ ...show, startFrom: ['original'] }),
];
