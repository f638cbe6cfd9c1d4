import type { INodeProperties } from 'n8n-workflow';

import { unwrapData } from '../../shared/output';
import { pagedListSender, sendDeclaredRequest } from '../../shared/request';
import { ADJUST_PATH, adjustInvoiceExactlyOnce, buildAdjustRequest, invoiceAdjustDescription } from './adjust';
import { pathSegment, referenceCodeField, validatedCode, validatedReferenceCode } from './byReference';
import { buildCreateRequest, createInvoiceExactlyOnce, invoiceCreateDescription } from './create';
import { deleteDraftOnce } from './deleteDraft';
import { downloadInvoiceFile, downloadQuery, invoiceDownloadDescription, toBinaryFile } from './download';
import { invoiceGetManyDescription } from './getAll';
import { buildIssueRequest, invoiceIssueDescription, issueDraftExactlyOnce } from './issue';
import { buildReplaceRequest, invoiceReplaceDescription, replaceInvoiceExactlyOnce } from './replace';
import { statusFields, statusOutput } from './status';

const validatedTrackingCode = validatedCode('trackingCode', 'Tracking Code');

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
				routing: {
					request: { method: 'POST', url: ADJUST_PATH },
					send: { paginate: true, preSend: [buildAdjustRequest] },
					operations: { pagination: adjustInvoiceExactlyOnce },
				},
			},
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
					request: { method: 'POST', url: `=/v1/invoices/delete/${pathSegment('referenceCode')}` },
					send: { paginate: true, preSend: [validatedReferenceCode] },
					operations: { pagination: deleteDraftOnce },
				},
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download an invoice file',
				description: 'Download the PDF or XML of an issued invoice as a file',
				routing: {
					request: { method: 'GET', url: `=/v1/invoices/${pathSegment('referenceCode')}/download` },
					send: { paginate: true, preSend: [downloadQuery] },
					operations: { pagination: downloadInvoiceFile },
					output: { postReceive: [toBinaryFile] },
				},
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an invoice',
				description: 'Get an invoice with its lines, status and file links',
				routing: {
					request: { method: 'GET', url: `=/v1/invoices/${pathSegment('referenceCode')}` },
					send: { paginate: true, preSend: [validatedReferenceCode] },
					operations: { pagination: sendDeclaredRequest },
					output: { postReceive: [unwrapData] },
				},
			},
			{
				name: 'Get Creation Status',
				value: 'getCreationStatus',
				action: 'Get the creation status of an invoice',
				description: 'Check a create request by tracking code: Pending, Success or Failed',
				routing: {
					request: { method: 'GET', url: `=/v1/invoices/create/check/${pathSegment('trackingCode')}` },
					send: { paginate: true, preSend: [validatedTrackingCode] },
					operations: { pagination: sendDeclaredRequest },
					output: { postReceive: [statusOutput('create')] },
				},
			},
			{
				name: 'Get Issue Status',
				value: 'getIssueStatus',
				action: 'Get the issue status of an invoice',
				description: 'Check an issue request by tracking code: Pending, Success or Failed',
				routing: {
					request: { method: 'GET', url: `=/v1/invoices/issue/check/${pathSegment('trackingCode')}` },
					send: { paginate: true, preSend: [validatedTrackingCode] },
					operations: { pagination: sendDeclaredRequest },
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
			{
				name: 'Replace',
				value: 'replace',
				action: 'Replace an issued invoice',
				description: 'Issue a replacement invoice (hóa đơn thay thế) with the corrected content; the original becomes replaced',
				routing: {
					request: { method: 'POST', url: '/v1/invoices/replace' },
					send: { paginate: true, preSend: [buildReplaceRequest] },
					operations: { pagination: replaceInvoiceExactlyOnce },
				},
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
	referenceCodeField(['get'], 'Reference code of the invoice (mã tham chiếu)'),
	{
		...referenceCodeField(['deleteDraft'], 'Reference code of the draft invoice to delete (mã tham chiếu)'),
		hint: 'Only drafts can be deleted. Correct an issued invoice with a replacement or adjustment invoice, or cancel it in SePay.',
	},
	...invoiceDownloadDescription,
	...invoiceGetManyDescription,
];
