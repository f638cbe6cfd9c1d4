import type { INodeProperties } from 'n8n-workflow';

import type { OperationRunner } from '../../execution/itemRunner';
import { ADJUST_PATH, adjustInvoice, invoiceAdjustDescription } from './adjust';
import { createInvoice, invoiceCreateDescription } from './create';
import { deleteDraft, invoiceDeleteDraftDescription } from './deleteDraft';
import { downloadInvoice, invoiceDownloadDescription } from './download';
import { getInvoice, invoiceGetDescription } from './get';
import { getManyInvoices, invoiceGetManyDescription } from './getAll';
import { invoiceIssueDescription, issueDraft } from './issue';
import { invoiceReplaceDescription, replaceInvoice } from './replace';
import { statusCheck, statusFields } from './status';

export const invoiceDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: [
			{
				name: 'Adjust',
				value: 'adjust',
				action: 'Adjust an issued invoice',
				description: `Issue an adjustment invoice (hóa đơn điều chỉnh) for the difference; the original stays valid. Path ${ADJUST_PATH} is not confirmed by SePay's docs.`,
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create an invoice',
				description: 'Issue an e-invoice now, or save it as a draft',
			},
			{
				name: 'Delete Draft',
				value: 'deleteDraft',
				action: 'Delete a draft invoice',
				description: 'Delete a draft (issued invoices cannot be deleted)',
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download an invoice file',
				description: 'Download the PDF or XML of an issued invoice as a file',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an invoice',
				description: 'Get an invoice with its lines, status and file links',
			},
			{
				name: 'Get Creation Status',
				value: 'getCreationStatus',
				action: 'Get the creation status of an invoice',
				description: 'Check a create request by tracking code: Pending, Success or Failed',
			},
			{
				name: 'Get Issue Status',
				value: 'getIssueStatus',
				action: 'Get the issue status of an invoice',
				description: 'Check an issue request by tracking code: Pending, Success or Failed',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many invoices',
				description: 'List invoices (paged, with a source filter)',
			},
			{
				name: 'Issue Draft',
				value: 'issue',
				action: 'Issue a draft invoice',
				description: 'Sign a draft and send it to the tax authority (uses quota)',
			},
			{
				name: 'Replace',
				value: 'replace',
				action: 'Replace an issued invoice',
				description: 'Issue a replacement invoice (hóa đơn thay thế) with the corrected content; the original becomes replaced',
			},
		],
		default: 'create',
	},
	...invoiceReplaceDescription,
	...invoiceAdjustDescription,
	...invoiceCreateDescription,
	...statusFields('getCreationStatus', 'create'),
	...statusFields('getIssueStatus', 'issue'),
	...invoiceIssueDescription,
	...invoiceGetDescription,
	...invoiceDeleteDraftDescription,
	...invoiceDownloadDescription,
	...invoiceGetManyDescription,
];

export const invoiceOperations: Record<string, OperationRunner> = {
	adjust: adjustInvoice,
	create: createInvoice,
	deleteDraft,
	download: downloadInvoice,
	get: getInvoice,
	getAll: getManyInvoices,
	getCreationStatus: statusCheck('create'),
	getIssueStatus: statusCheck('issue'),
	issue: issueDraft,
	replace: replaceInvoice,
};
