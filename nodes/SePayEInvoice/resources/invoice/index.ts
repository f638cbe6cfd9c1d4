import type { INodeProperties } from 'n8n-workflow';

import { unwrapData } from '../../shared/output';
import { idempotentSender, pagedListSender, sendIdempotent } from '../../shared/request';
import { pathWithReferenceCode, referenceCodeField } from './byReference';
import { buildCreateRequest, createInvoiceExactlyOnce, invoiceCreateDescription } from './create';
import { deleteDraftOnce } from './deleteDraft';
import { DOWNLOAD_HINTS, downloadQuery, invoiceDownloadDescription, toBinaryFile } from './download';
import { invoiceGetManyDescription } from './getAll';
import { buildIssueRequest, invoiceIssueDescription, issueDraftExactlyOnce } from './issue';
import { statusCheckPath, statusFields, statusOutput } from './status';

export const invoiceDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an invoice',
				description: 'Issue an e-invoice now, or save it as a draft',
				routing: {
					request: { method: 'POST', url: '/v1/invoices/create' },
					send: { paginate: true, preSend: [buildCreateRequest] },
					operations: { pagination: createInvoiceExactlyOnce },
				},
			},
			{
				name: 'Delete Draft',
				value: 'deleteDraft',
				action: 'Delete a draft invoice',
				description: 'Delete a draft (issued invoices cannot be deleted)',
				routing: {
					request: { method: 'POST', url: '/v1/invoices/delete' },
					send: { paginate: true, preSend: [pathWithReferenceCode('/v1/invoices/delete/{code}')] },
					operations: { pagination: deleteDraftOnce },
				},
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download an invoice file',
				description: 'Download the PDF or XML of an issued invoice as a file',
				routing: {
					request: { method: 'GET', url: '/v1/invoices' },
					send: {
						paginate: true,
						preSend: [pathWithReferenceCode('/v1/invoices/{code}/download'), downloadQuery],
					},
					operations: { pagination: idempotentSender(DOWNLOAD_HINTS) },
					output: { postReceive: [toBinaryFile] },
				},
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an invoice',
				description: 'Get an invoice with its lines, status and file links',
				routing: {
					request: { method: 'GET', url: '/v1/invoices' },
					send: { paginate: true, preSend: [pathWithReferenceCode('/v1/invoices/{code}')] },
					operations: { pagination: sendIdempotent },
					output: { postReceive: [unwrapData] },
				},
			},
			{
				name: 'Get Creation Status',
				value: 'getCreationStatus',
				action: 'Get the creation status of an invoice',
				description: 'Check a create request by tracking code: Pending, Success or Failed',
				routing: {
					request: { method: 'GET', url: '/v1/invoices/create/check' },
					send: { paginate: true, preSend: [statusCheckPath('create')] },
					operations: { pagination: sendIdempotent },
					output: { postReceive: [statusOutput('create')] },
				},
			},
			{
				name: 'Get Issue Status',
				value: 'getIssueStatus',
				action: 'Get the issue status of an invoice',
				description: 'Check an issue request by tracking code: Pending, Success or Failed',
				routing: {
					request: { method: 'GET', url: '/v1/invoices/issue/check' },
					send: { paginate: true, preSend: [statusCheckPath('issue')] },
					operations: { pagination: sendIdempotent },
					output: { postReceive: [statusOutput('issue')] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many invoices',
				description: 'List invoices (paged, with a source filter)',
				routing: {
					request: { method: 'GET', url: '/v1/invoices' },
					send: { paginate: true },
					operations: { pagination: pagedListSender() },
				},
			},
			{
				name: 'Issue Draft',
				value: 'issue',
				action: 'Issue a draft invoice',
				description: 'Sign a draft and send it to the tax authority (uses quota)',
				routing: {
					request: { method: 'POST', url: '/v1/invoices/issue' },
					send: { paginate: true, preSend: [buildIssueRequest] },
					operations: { pagination: issueDraftExactlyOnce },
				},
			},
		],
		default: 'create',
	},
	...invoiceCreateDescription,
	...statusFields('getCreationStatus', 'create'),
	...statusFields('getIssueStatus', 'issue'),
	...invoiceIssueDescription,
	referenceCodeField(['get', 'download'], 'Reference code of the invoice (mã tham chiếu)'),
	{
		...referenceCodeField(['deleteDraft'], 'Reference code of the draft invoice to delete (mã tham chiếu)'),
		hint: 'Only drafts can be deleted. Correct an issued invoice with a replacement or adjustment invoice, or cancel it in SePay.',
	},
	...invoiceDownloadDescription,
	...invoiceGetManyDescription,
];
