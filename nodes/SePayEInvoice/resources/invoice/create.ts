// Longer than most operation files (~300 lines): Create's fields, which Replace and Adjust reuse, stay
// beside the steps that read them (exactly-once send, existing-invoice check, wait).
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	BUYER_TYPE_OPTIONS,
	CURRENCY_OPTIONS,
	PAYMENT_METHOD_OPTIONS,
	providerAccountLocator,
	templateAndSeriesField,
	waitFields,
} from '../../descriptions/fields';
import type { ItemContext } from '../../execution/itemRunner';
import { itemFailure, itemOperation } from '../../execution/itemRunner';
import type { WaitSettings } from '../../execution/polling';
import { acceptedJobOutput, waitForInvoice, waitSettingsOf, findInvoice } from '../../execution/polling';
import { sendAtMostOnce } from '../../execution/sendOnce';
import { buildCreateInvoiceBody } from '../../rules/invoiceBody';
import { compareSale } from '../../rules/saleMatch';
import { lineItemFields } from './lineItems';

/** Fields of Create that Replace and Adjust share whatever they start from. */
const show = { resource: ['invoice'], operation: ['create', 'replace', 'adjust'] };

/** A checked invoice to send: its body and how the item wants a taken code and the wait handled. */
export interface InvoicePlan {
	body: IDataObject;
	referenceCode: string;
	/** The user mapped the code (else it was generated for this execution, node, run and item). */
	userSupplied: boolean;
	returnExisting: boolean;
	wait: boolean;
	settings: WaitSettings;
}

/** Reads the item's invoice (throws an input error naming the field and the item). */
export function invoicePlanOf(item: ItemContext, body: IDataObject, userSupplied: boolean): InvoicePlan {
	return {
		body,
		referenceCode: String(body.reference_code),
		userSupplied,
		returnExisting: item.getNodeParameter('ifReferenceCodeExists', 'returnExisting') === 'returnExisting',
		wait: item.getNodeParameter('waitForResult', true) === true,
		settings: waitSettingsOf(item),
	};
}

/** What an item that failed outputs besides its error: one shape for Create, Issue Draft and the corrections. */
export function failedInvoiceOutput(_item: ItemContext, plan: InvoicePlan | undefined): IDataObject {
	return { status: 'Failed', reference_code: plan?.referenceCode ?? null, tracking_code: null };
}

/**
 * POST /v1/invoices/create, at most one invoice per reference code.
 *
 * SePay deduplicates on reference_code (409 EINVOICE_DOCUMENT_EXISTED). When a create may
 * have been accepted but its answer was lost (reset, timeout, 5xx) we resend the same
 * body; a 409 then means "our first attempt got through" and we fetch that invoice.
 */
export const createInvoice = itemOperation({
	check: (item) => {
		const { body, userSupplied } = buildCreateInvoiceBody(item);
		return invoicePlanOf(item, body, userSupplied);
	},
	async send(item, plan) {
		const { body, referenceCode } = plan;
		const outcome = await sendAtMostOnce(
			item,
			{ method: 'POST', url: '/v1/invoices/create', body },
			async (failure, mayHaveBeenAccepted) => {
				if (failure.httpStatus !== 409 && failure.sepayCode !== 'EINVOICE_DOCUMENT_EXISTED') return undefined;
				// Ours when an earlier attempt may have got through, or when we generated the code
				// (it is unique to this execution, node and item); else the user's choice decides.
				if (!mayHaveBeenAccepted && plan.userSupplied && !plan.returnExisting) return undefined;
				return await existingInvoiceOutput(item, plan);
			},
			{},
			`The invoice may have been created before the connection failed. Run the node again with the same Reference Code (${referenceCode}): it returns the existing invoice instead of issuing a second one.`,
		);
		if ('resolved' in outcome) return outcome.resolved;
		return await acceptedJobOutput(item, 'create', referenceCode, outcome.accepted, { is_draft: body.is_draft });
	},
	failedOutput: failedInvoiceOutput,
});

/** Whether SePay has finished the invoice this item asked for: issued, or a draft when a draft was asked. */
function isFinishedFor(body: IDataObject) {
	return (invoice: IDataObject): boolean =>
		body.is_draft === true || String(invoice.status ?? '').toLowerCase() !== 'draft';
}

/**
 * Output for a reference code SePay already holds: that invoice, never a second one — only
 * when it is this item's sale (same buyer, total, account, template and series), and as
 * Success only once it is finished (an Issue Now still being issued is waited for like a new
 * one, or reported Pending without Wait for Result).
 */
export async function existingInvoiceOutput(item: ItemContext, plan: InvoicePlan): Promise<IDataObject> {
	const { body, referenceCode, wait, settings } = plan;
	const isFinished = isFinishedFor(body);
	const invoice = wait
		? await waitForInvoice(item, referenceCode, settings, isFinished)
		: await findInvoice(item, referenceCode);
	const base = { reference_code: referenceCode, tracking_code: null, already_existed: true };
	if (invoice) {
		const mismatch = compareSale(invoice, body);
		if (mismatch) {
			throw itemFailure(
				item,
				`Reference Code ${referenceCode} already belongs to another sale: SePay's invoice is for ${mismatch.existingBuyer}, ${mismatch.existingTotal}; this item is for ${mismatch.requestedBuyer}, ${mismatch.requestedTotal}`,
				`A Reference Code must identify one sale. Different: ${mismatch.differences.join(', ')}. Nothing was created and the existing invoice was not returned. Map a code that is unique per sale, such as an order or payment ID (not a customer ID).`,
				{ reference_code: referenceCode, tracking_code: null, status: 'Failed' },
			);
		}
	}
	if (!invoice || !isFinished(invoice)) {
		const pending = {
			...base,
			status: 'Pending',
			message: 'SePay already has a request with this reference code and is still processing it',
			...(invoice ? { invoice } : {}),
		};
		if (!wait) return pending;
		throw itemFailure(
			item,
			`SePay is still processing the earlier request with reference code ${referenceCode}`,
			`Nothing was sent twice. Check it later with the "Get" operation and reference code ${referenceCode}, or raise Poll Interval / Max Checks.`,
			pending,
		);
	}
	return {
		...base,
		status: 'Success',
		message: 'An invoice with this reference code already existed; it was returned instead of creating another',
		invoice,
	};
}

/*
 * The invoice's content (template, date, buyer, lines, notes) shows where it is entered in full:
 * Create, a correction with Start From = New Content, and an adjustment by difference. A
 * correction that starts from the original invoice takes it from there instead. (n8n shows a
 * field when all its conditions hold, so each place has its own copy of the fields.)
 */
const CONTENT_SHOWS: Array<Record<string, string[]>> = [
	{ resource: ['invoice'], operation: ['create'] },
	{ resource: ['invoice'], operation: ['replace'], startFrom: ['newContent'] },
	{ resource: ['invoice'], operation: ['adjust'], adjustmentType: ['increase', 'decrease', 'combined'] },
	{ resource: ['invoice'], operation: ['adjust'], adjustmentType: ['info'], startFrom: ['newContent'] },
];

const modeField: INodeProperties = {
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
	displayOptions: { show: { resource: ['invoice'], operation: ['create'] } },
};

function contentFields(show: Record<string, string[]>): INodeProperties[] {
	return [
		templateAndSeriesField(
			'Lists the templates (mẫu số) and series (ký hiệu) of the Provider Account above (empty until one is chosen). As an expression: template code|series, e.g. 1|C26TAA.',
			{ required: true, displayOptions: { show } },
		),
		...(show.operation.includes('create') ? [modeField] : []),
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
			options: CURRENCY_OPTIONS,
			default: 'VND',
			displayOptions: { show },
			description:
				'Currency of the invoice (đơn vị tiền tệ). SePay has no exchange-rate field, so USD and CAD invoices carry none.',
		},
		{
			displayName: 'Payment Method',
			name: 'paymentMethod',
			type: 'options',
			options: PAYMENT_METHOD_OPTIONS,
			default: 'TM/CK',
			displayOptions: { show },
			description: 'Payment method printed on the invoice (hình thức thanh toán)',
		},
		{
			displayName: 'Buyer Type',
			name: 'buyerType',
			type: 'options',
			options: BUYER_TYPE_OPTIONS,
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
			description: 'Name of the buyer or company (tên người mua / đơn vị). Required for a company buyer.',
		},
		{
			displayName: 'Buyer Details',
			name: 'buyerDetails',
			type: 'collection',
			placeholder: 'Add Buyer Field',
			default: {},
			displayOptions: { show },
			options: [
				{ displayName: 'Address', name: 'address', type: 'string', default: '', description: 'Address of the buyer (địa chỉ)' },
				{ displayName: 'Buyer Code', name: 'buyerCode', type: 'string', default: '', description: 'Your customer code (mã khách hàng)' },
				{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Where the invoice is sent' },
				{ displayName: 'Legal Name', name: 'legalName', type: 'string', default: '', description: 'Registered legal name of a company (tên đơn vị)' },
				{ displayName: 'National ID (CCCD)', name: 'nationalId', type: 'string', default: '', description: 'Citizen ID number (căn cước công dân), 12 digits' },
				{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'Phone number of the buyer (số điện thoại)' },
				{ displayName: 'Tax Code (MST)', name: 'taxCode', type: 'string', default: '', placeholder: '0101234567', description: 'Mã số thuế: 10 digits, or 10-3 for a branch' },
			],
		},
		...lineItemFields(show),
	];
}

function additionalFields(show: Record<string, string[]>): INodeProperties {
	return {
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
	};
}

export const invoiceCreateDescription: INodeProperties[] = [
	{ ...providerAccountLocator, displayOptions: { show } },
	...CONTENT_SHOWS.flatMap(contentFields),
	{
		displayName: 'Reference Code',
		name: 'referenceCode',
		type: 'string',
		default: '',
		placeholder: 'ORDER-1001',
		displayOptions: { show },
		// No expression example here: n8n's package scanner ignores lint exceptions, and its casing rules
		// would turn one into an expression that does not work. The README shows examples.
		description:
			"Your unique code for this invoice (mã tham chiếu). SePay never issues two invoices with the same code, so map an order or payment ID here (e.g. the SePay Trigger's invoiceReferenceCode, or ORDER- plus your order number) to make retries, re-runs and Retry of a failed execution safe. Empty = one generated per execution, safe only within one execution.",
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
	...CONTENT_SHOWS.map(additionalFields),
];
