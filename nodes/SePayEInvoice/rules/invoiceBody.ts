import type { IDataObject } from 'n8n-workflow';

import { buildBuyer } from './buyer';
import { formatVietnamDateTime, parseIssueDate } from './dates';
import { optionalText, toNumber } from './fieldValues';
import { buildLineItems } from './invoiceLines';
import { referenceCodeFor } from './referenceCode';
import type { ItemInput } from './validation';
import { checkCode, inputError } from './validation';

/** Separates template code and series in the "Template & Series" value, e.g. "1|C26TAA". */
export const TEMPLATE_SEPARATOR = '|';

const CURRENCIES = ['VND', 'USD', 'CAD'];
const PAYMENT_METHODS = ['TM', 'CK', 'TM/CK', 'KHAC'];

type Context = ItemInput;

function buildIssuedDate(context: Context, value: unknown, nowMs = Date.now()): string {
	if (value === undefined || value === null || value === '') return formatVietnamDateTime(nowMs);
	const parsed = parseIssueDate(value);
	if (!parsed.ok) {
		throw inputError(context, 'Issue Date', parsed.problem, 'Leave it empty for "now", or use YYYY-MM-DD HH:mm:ss (Vietnam time) or an ISO date with a zone.');
	}
	if (parsed.instantMs > nowMs + 1000) {
		throw inputError(context, 'Issue Date', `${formatVietnamDateTime(parsed.instantMs)} (Vietnam time) is in the future`, 'An invoice cannot be dated later than now. Leave Issue Date empty to use the current time.');
	}
	return formatVietnamDateTime(parsed.instantMs);
}

/**
 * The whole POST /v1/invoices/create body, validated (throws before anything is sent), and
 * whether the user mapped its reference code.
 */
export function buildCreateInvoiceBody(
	context: Context,
	nowMs = Date.now(),
	buildItems: (context: Context) => IDataObject[] = buildLineItems,
): { body: IDataObject; userSupplied: boolean } {
	const providerAccountId = checkCode(
		context,
		'Provider Account',
		context.getNodeParameter('providerAccount', '', { extractValue: true }),
	);
	const templateAndSeries = String(context.getNodeParameter('templateAndSeries', '') ?? '').trim();
	const parts = templateAndSeries.split(TEMPLATE_SEPARATOR).map((part) => part.trim());
	if (parts.length !== 2 || !parts[0] || !parts[1]) {
		throw inputError(context, 'Template & Series', templateAndSeries ? `"${templateAndSeries}" is not "template|series"` : 'is not chosen', 'Pick it from the list, or write template code and series as 1|C26TAA.');
	}
	const currency = String(context.getNodeParameter('currency', 'VND'));
	if (!CURRENCIES.includes(currency)) {
		throw inputError(context, 'Currency', `"${currency}" is not one of ${CURRENCIES.join(', ')}`, 'Choose VND, USD or CAD.');
	}
	const paymentMethod = String(context.getNodeParameter('paymentMethod', 'TM/CK'));
	if (!PAYMENT_METHODS.includes(paymentMethod)) {
		throw inputError(context, 'Payment Method', `"${paymentMethod}" is not one of ${PAYMENT_METHODS.join(', ')}`, 'Use TM (cash), CK (bank transfer), TM/CK or KHAC (other).');
	}
	const mode = String(context.getNodeParameter('mode', 'issue'));
	if (mode !== 'issue' && mode !== 'draft') {
		throw inputError(context, 'Mode', `"${mode}" is not issue or draft`, 'Choose Issue Now or Save as Draft.');
	}

	const referenceCode = referenceCodeFor(context);
	const body: IDataObject = {
		template_code: parts[0],
		invoice_series: parts[1],
		issued_date: buildIssuedDate(context, context.getNodeParameter('issuedDate', ''), nowMs),
		currency,
		provider_account_id: providerAccountId,
		reference_code: referenceCode.code,
		payment_method: paymentMethod,
		is_draft: mode === 'draft',
		buyer: buildBuyer(context),
		items: buildItems(context),
	};

	const extra = context.getNodeParameter('additionalFields', {}) as IDataObject;
	const notes = optionalText(context, 'Notes', extra.notes);
	if (notes) body.notes = notes;
	if (extra.totalAmount !== undefined && extra.totalAmount !== '' && extra.totalAmount !== null) {
		const total = toNumber(context, 'Total Amount', extra.totalAmount);
		if (!Number.isInteger(total) || total < 0) {
			throw inputError(context, 'Total Amount', `${total} is not a whole, non-negative number`, 'SePay needs an integer total (no decimals). Leave it empty to let SePay compute it.');
		}
		body.total_amount = total;
	}
	return { body, userSupplied: referenceCode.userSupplied };
}
