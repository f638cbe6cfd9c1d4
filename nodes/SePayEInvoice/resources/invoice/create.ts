// Longer than most operation files (~300 lines): Create's fields, which Replace and Adjust reuse, stay
// beside the step that reads them (exactly-once send, existing-invoice check, wait).
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { siblingIsInvalid, validatedForBatch } from '../../shared/batchGate';
import { providerAccountLocator, waitFields } from '../../shared/descriptions';
import { buildCreateInvoiceBody } from '../../shared/invoiceBody';
import { referenceCodeFor } from '../../shared/referenceCode';
import type { WaitSettings } from '../../shared/polling';
import {
	acceptedJobOutput,
	findInvoice,
	waitForInvoice,
	waitSettingsOf,
} from '../../shared/polling';
import { pairWithInput, sendAtMostOnce } from '../../shared/request';
import { compareSale } from '../../shared/saleMatch';
import { lineItemFields } from './lineItems';

/** Replace and Adjust take the new invoice's content exactly as Create does (all but Mode). */
const show = { resource: ['invoice'], operation: ['create', 'replace', 'adjust'] };

export async function buildCreateRequest(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.body = validatedForBatch(this, () => buildCreateInvoiceBody(this));
	return requestOptions;
}

/**
 * POST /v1/invoices/create, at most one invoice per reference code.
 *
 * SePay deduplicates on reference_code (409 EINVOICE_DOCUMENT_EXISTED). When a create may
 * have been accepted but its answer was lost (reset, timeout, 5xx) we resend the same
 * body; a 409 then means "our first attempt got through" and we fetch that invoice.
 */
export async function createInvoiceExactlyOnce(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	if (siblingIsInvalid(this)) return [];
	const body = requestData.options.body as IDataObject;
	const referenceCode = String(body.reference_code);
	const { userSupplied } = referenceCodeFor(this);
	const returnExisting = this.getNodeParameter('ifReferenceCodeExists', 'returnExisting') === 'returnExisting';
	const wait = this.getNodeParameter('waitForResult', true) === true;
	const settings = waitSettingsOf(this);

	const outcome = await sendAtMostOnce(
		this,
		requestData,
		async (failure, mayHaveBeenAccepted) => {
			if (failure.httpStatus !== 409 && failure.sepayCode !== 'EINVOICE_DOCUMENT_EXISTED') return undefined;
			// Ours when an earlier attempt may have got through, or when we generated the code
			// (it is unique to this execution, node and item); else the user's choice decides.
			if (!mayHaveBeenAccepted && userSupplied && !returnExisting) return undefined;
			return await existingInvoiceOutput(this, body, wait, settings);
		},
		{},
		`The invoice may have been created before the connection failed. Run the node again with the same Reference Code (${referenceCode}): it returns the existing invoice instead of issuing a second one.`,
	);
	if ('resolved' in outcome) return pairWithInput(this, [{ json: outcome.resolved }]);
	const json = await acceptedJobOutput(this, 'create', referenceCode, outcome.accepted, {
		is_draft: body.is_draft,
	});
	return pairWithInput(this, [{ json }]);
}

/**
 * Output for a reference code SePay already holds: that invoice, never a second one — and
 * only when it is this item's sale (same buyer, total, account, template and series).
 */
export async function existingInvoiceOutput(
	context: IExecuteSingleFunctions,
	body: IDataObject,
	wait: boolean,
	settings: WaitSettings,
): Promise<IDataObject> {
	const referenceCode = String(body.reference_code);
	const invoice = wait
		? await waitForInvoice(context, referenceCode, settings)
		: await findInvoice(context, referenceCode);
	const base = { reference_code: referenceCode, tracking_code: null, already_existed: true };
	if (!invoice) {
		const pending = {
			...base,
			status: 'Pending',
			message: 'SePay already has a request with this reference code and is still processing it',
		};
		if (!wait) return pending;
		const error = new NodeOperationError(
			context.getNode(),
			`SePay is still processing the earlier request with reference code ${referenceCode}`,
			{
				itemIndex: context.getItemIndex(),
				description: `Nothing was sent twice. Check it later with the "Get" operation and reference code ${referenceCode}, or raise Poll Interval / Max Checks.`,
			},
		);
		if (context.continueOnFail()) return { ...pending, error: error.message, hint: error.description };
		throw error;
	}
	const mismatch = compareSale(invoice, body);
	if (mismatch) {
		const error = new NodeOperationError(
			context.getNode(),
			`Reference Code ${referenceCode} already belongs to another sale: SePay's invoice is for ${mismatch.existingBuyer}, ${mismatch.existingTotal}; this item is for ${mismatch.requestedBuyer}, ${mismatch.requestedTotal}`,
			{
				itemIndex: context.getItemIndex(),
				description: `A Reference Code must identify one sale. Different: ${mismatch.differences.join(', ')}. Nothing was created and the existing invoice was not returned. Map a code that is unique per sale, such as an order or payment ID (not a customer ID).`,
			},
		);
		if (context.continueOnFail()) {
			return { reference_code: referenceCode, tracking_code: null, status: 'Failed', error: error.message, hint: error.description };
		}
		throw error;
	}
	return {
		...base,
		status: 'Success',
		message: 'An invoice with this reference code already existed; it was returned instead of creating another',
		invoice,
	};
}

export const invoiceCreateDescription: INodeProperties[] = [
	{ ...providerAccountLocator, displayOptions: { show } },
	{
		displayName: 'Template & Series Name or ID',
		name: 'templateAndSeries',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getTemplates',
			loadOptionsDependsOn: ['providerAccount.value'],
		},
		required: true,
		default: '',
		displayOptions: { show },
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Choose a Provider Account first: the list shows its templates (mẫu số) and series (ký hiệu). As an expression: template code|series, e.g. 1|C26TAA.',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Issue Now',
				value: 'issue',
				description: 'Create, sign and send to the tax authority at once (uses quota)',
			},
			{
				name: 'Save as Draft',
				value: 'draft',
				description: 'Create a draft (hóa đơn nháp) to issue later; uses no quota',
			},
		],
		default: 'issue',
		displayOptions: { show: { ...show, operation: ['create'] } },
	},
	{
		displayName: 'Issue Date',
		name: 'issuedDate',
		type: 'string',
		default: '',
		placeholder: '2026-11-25 09:30:00',
		displayOptions: { show },
		description:
			'Invoice date (ngày hóa đơn). Empty = now. Text without a zone is Vietnam time (UTC+7); ISO dates with a zone and n8n dates are converted. Must not be in the future.',
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		options: [
			{ name: 'VND', value: 'VND' },
			{ name: 'USD', value: 'USD' },
			{ name: 'CAD', value: 'CAD' },
		],
		default: 'VND',
		displayOptions: { show },
		description:
			'Currency of the invoice (đơn vị tiền tệ). SePay has no exchange-rate field, so USD and CAD invoices carry none.',
	},
	{
		displayName: 'Payment Method',
		name: 'paymentMethod',
		type: 'options',
		options: [
			{ name: 'Bank Transfer (CK)', value: 'CK' },
			{ name: 'Cash (TM)', value: 'TM' },
			{ name: 'Cash or Bank Transfer (TM/CK)', value: 'TM/CK' },
			{ name: 'Other (KHAC)', value: 'KHAC' },
		],
		default: 'TM/CK',
		displayOptions: { show },
		description: 'Hình thức thanh toán printed on the invoice',
	},
	{
		displayName: 'Buyer Type',
		name: 'buyerType',
		type: 'options',
		options: [
			{ name: 'Personal', value: 'personal', description: 'An individual (cá nhân)' },
			{ name: 'Company', value: 'company', description: 'A business or organisation (doanh nghiệp)' },
		],
		default: 'personal',
		displayOptions: { show },
	},
	{
		displayName: 'Buyer Name',
		name: 'buyerName',
		type: 'string',
		default: '',
		placeholder: 'Công ty TNHH ABC',
		displayOptions: { show },
		description: 'Tên người mua / đơn vị. Required for a company buyer.',
	},
	{
		displayName: 'Buyer Details',
		name: 'buyerDetails',
		type: 'collection',
		placeholder: 'Add Buyer Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Address', name: 'address', type: 'string', default: '', description: 'Địa chỉ' },
			{ displayName: 'Buyer Code', name: 'buyerCode', type: 'string', default: '', description: 'Your customer code (mã khách hàng)' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Where the invoice is sent' },
			{ displayName: 'Legal Name', name: 'legalName', type: 'string', default: '', description: 'Registered legal name of a company (tên đơn vị)' },
			{ displayName: 'National ID (CCCD)', name: 'nationalId', type: 'string', default: '', description: 'Citizen ID number (căn cước công dân), 12 digits' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'Số điện thoại' },
			{ displayName: 'Tax Code (MST)', name: 'taxCode', type: 'string', default: '', placeholder: '0101234567', description: 'Mã số thuế: 10 digits, or 10-3 for a branch' },
		],
	},
	...lineItemFields(show),
	{
		displayName: 'Reference Code',
		name: 'referenceCode',
		type: 'string',
		default: '',
		placeholder: 'ORDER-1001',
		displayOptions: { show },
		description:
			'Your unique code for this invoice (mã tham chiếu). SePay never issues two invoices with the same code, so map an order or payment ID here (e.g. SEPAY-{{ $JSON.ID }}) to make retries and re-runs safe. Empty = one generated per execution and item.',
	},
	{
		displayName: 'If Reference Code Exists',
		name: 'ifReferenceCodeExists',
		type: 'options',
		options: [
			{
				name: 'Return Existing Invoice',
				value: 'returnExisting',
				description: 'Output the invoice SePay already has for this code; issue nothing new',
			},
			{ name: 'Error', value: 'error', description: 'Stop with an error' },
		],
		default: 'returnExisting',
		displayOptions: { show },
	},
	{
		displayName: 'Wait for Result',
		name: 'waitForResult',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description:
			'Whether to wait until SePay has created (and, with Issue Now, issued) the invoice and output it. Off: output the tracking code at once.',
	},
	...waitFields(show),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				default: '',
				description: 'Invoice note (ghi chú). To print a note on the invoice, add a Note line.',
			},
			{
				displayName: 'Total Amount',
				name: 'totalAmount',
				type: 'number',
				default: 0,
				description:
					'Override the payable total incl. VAT (integer). SePay uses it as-is without checking it against the lines; leave it out to let SePay compute it.',
			},
		],
	},
];
