import { createHash } from 'crypto';
import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import { TEMPLATE_SEPARATOR } from '../listSearch/getTemplates';
import { formatVietnamDateTime, parseIssueDate } from './dates';
import { checkCode, inputError } from './validation';

export const CURRENCIES = ['VND', 'USD', 'CAD'];
export const PAYMENT_METHODS = ['TM', 'CK', 'TM/CK', 'KHAC'];
export const BUYER_TYPES = ['personal', 'company'];
export const LINE_TYPES = [1, 2, 3, 4];
export const TAX_RATES = [-2, -1, 0, 5, 8, 10];
export const MAX_LINE_ITEMS = 500;
const MAX_TEXT_LENGTH = 1000;

/** API field names accepted in "Items (JSON)", in the order SePay documents them. */
const ITEM_FIELDS = [
	'line_number',
	'line_type',
	'item_code',
	'item_name',
	'unit',
	'quantity',
	'unit_price',
	'tax_rate',
	'discount_tax',
	'discount_amount',
	'before_discount_and_tax_amount',
];

type Context = IExecuteSingleFunctions;

/**
 * The reference code SePay deduplicates on. When the user leaves it empty we derive one
 * from the execution, the node, the node's run and the item: a loop (Loop Over Items) or a
 * second path into the node starts a new run, so its items get codes of their own, while
 * n8n's "Retry On Fail" repeats the same run and item, reuses the code and gets SePay's 409
 * instead of a second invoice.
 */
export function referenceCodeFor(context: Context): { code: string; userSupplied: boolean } {
	const supplied = context.getNodeParameter('referenceCode', '') as unknown;
	if (supplied !== '' && supplied !== undefined && supplied !== null) {
		return { code: checkCode(context, 'Reference Code', supplied), userSupplied: true };
	}
	const node = context.getNode();
	const nodeTag = createHash('sha256').update(`${node.id ?? ''}|${node.name}`).digest('hex').slice(0, 8);
	// $runIndex is in the expression data of n8n 1.x and 2.x alike.
	const runIndex = Number(context.getWorkflowDataProxy(context.getItemIndex()).$runIndex) || 0;
	return {
		code: `N8N-${executionTag(context)}-${nodeTag}-${runIndex + 1}-${context.getItemIndex() + 1}`,
		userSupplied: false,
	};
}

/** n8n's execution ids are short numbers; anything else is hashed to stay a safe, short code. */
function executionTag(context: Context): string {
	const executionId = String(context.getExecutionId?.() ?? '');
	if (executionId === '') return 'manual';
	if (/^[A-Za-z0-9_-]{1,40}$/.test(executionId)) return executionId;
	return createHash('sha256').update(executionId).digest('hex').slice(0, 16);
}

function toNumber(context: Context, field: string, value: unknown): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw inputError(context, field, `must be a number, got ${JSON.stringify(value)}`, 'Enter a plain number such as 150000 (no thousands separators or currency signs).');
	}
	return number;
}

function hasAtMostTwoDecimals(value: number): boolean {
	return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

function optionalText(context: Context, field: string, value: unknown, maxLength = MAX_TEXT_LENGTH): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw inputError(context, field, `must be text, got ${typeof value}`, `Map a text value into ${field}.`);
	}
	const text = String(value).trim();
	if (text.length > maxLength) {
		throw inputError(context, field, `is ${text.length} characters long (at most ${maxLength})`, 'Shorten the text.');
	}
	return text === '' ? undefined : text;
}

export function buildIssuedDate(context: Context, value: unknown, nowMs = Date.now()): string {
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

function buildBuyer(context: Context): IDataObject {
	const type = context.getNodeParameter('buyerType', 'personal') as string;
	if (!BUYER_TYPES.includes(type)) {
		throw inputError(context, 'Buyer Type', `"${String(type)}" is not one of ${BUYER_TYPES.join(', ')}`, 'Choose Personal or Company.');
	}
	const details = context.getNodeParameter('buyerDetails', {}) as IDataObject;
	const buyer: IDataObject = { type };
	const name = optionalText(context, 'Buyer Name', context.getNodeParameter('buyerName', ''));
	const legalName = optionalText(context, 'Buyer Legal Name', details.legalName);
	if (type === 'company' && !name && !legalName) {
		throw inputError(context, 'Buyer Name', 'is required for a company buyer', 'Enter the company name (or its Legal Name).');
	}
	const fields: Array<[string, string, unknown]> = [
		['name', 'Buyer Name', name],
		['legal_name', 'Buyer Legal Name', legalName],
		['tax_code', 'Buyer Tax Code (MST)', details.taxCode],
		['address', 'Buyer Address', details.address],
		['email', 'Buyer Email', details.email],
		['phone', 'Buyer Phone', details.phone],
		['buyer_code', 'Buyer Code', details.buyerCode],
		['national_id', 'Buyer National ID (CCCD)', details.nationalId],
	];
	for (const [key, label, raw] of fields) {
		const text = optionalText(context, label, raw);
		if (text !== undefined) buyer[key] = text;
	}
	if (buyer.tax_code !== undefined && !/^(\d{10}(-\d{3})?|\d{12})$/.test(String(buyer.tax_code))) {
		throw inputError(context, 'Buyer Tax Code (MST)', `"${String(buyer.tax_code)}" is not a Vietnamese tax code`, 'Use 10 digits, 10 digits-3 digits for a branch (0101234567-001), or a 12-digit personal ID.');
	}
	if (buyer.email !== undefined && !/^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(String(buyer.email))) {
		throw inputError(context, 'Buyer Email', `"${String(buyer.email)}" is not an e-mail address`, 'Enter one address such as ketoan@congty.vn.');
	}
	if (buyer.phone !== undefined && !/^\+?[0-9 ().-]{6,20}$/.test(String(buyer.phone))) {
		throw inputError(context, 'Buyer Phone', `"${String(buyer.phone)}" is not a phone number`, 'Use digits, optionally with + and spaces, e.g. 0901234567.');
	}
	if (buyer.national_id !== undefined && !/^\d{9}(\d{3})?$/.test(String(buyer.national_id))) {
		throw inputError(context, 'Buyer National ID (CCCD)', `"${String(buyer.national_id)}" is not a 9- or 12-digit ID number`, 'Enter the 12-digit CCCD number.');
	}
	return buyer;
}

/** Raw line items, from the form or from "Items (JSON)", in API field names. */
export function rawLineItems(context: Context): Array<{ source: string; fields: IDataObject }> {
	const mode = context.getNodeParameter('itemsInputMode', 'form') as string;
	if (mode === 'json') {
		let value = context.getNodeParameter('itemsJson', '[]') as unknown;
		if (typeof value === 'string') {
			try {
				value = jsonParse(value);
			} catch {
				throw inputError(context, 'Items (JSON)', 'is not valid JSON', 'Give an array such as [{"line_type":1,"item_name":"Coffee","quantity":1,"unit_price":45000,"tax_rate":8}].');
			}
		}
		if (!Array.isArray(value)) {
			throw inputError(context, 'Items (JSON)', `must be an array of line items, got ${value === null ? 'null' : typeof value}`, 'Wrap the line items in [ ], or map an array field from the previous node.');
		}
		return value.map((fields: unknown, index) => {
			const source = `Items (JSON) line ${index + 1}`;
			if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
				throw inputError(context, source, 'must be an object', 'Each line is an object like {"line_type":1,"item_name":"…"}.');
			}
			const unknownField = Object.keys(fields).find((key) => !ITEM_FIELDS.includes(key));
			if (unknownField) {
				throw inputError(context, `${source} → ${unknownField}`, 'is not a SePay line-item field', `Use only: ${ITEM_FIELDS.join(', ')}.`);
			}
			return { source, fields: fields as IDataObject };
		});
	}
	const collection = context.getNodeParameter('lineItems', {}) as IDataObject;
	const rows = (Array.isArray(collection.item) ? collection.item : []) as IDataObject[];
	return rows.map((row, index) => {
		const isCommercialDiscount = Number(row.lineType) === 3;
		const fields: IDataObject = {
			line_type: row.lineType,
			item_code: row.itemCode,
			item_name: row.itemName,
			unit: row.unit,
			// The form always holds a quantity and price; a discount line carries only its amount.
			quantity: isCommercialDiscount ? undefined : row.quantity,
			unit_price: isCommercialDiscount ? undefined : row.unitPrice,
			tax_rate: row.taxRate === '' || row.taxRate === 'none' ? undefined : row.taxRate,
			discount_tax: row.discountPercent ? row.discountPercent : undefined,
			discount_amount: row.discountAmount ? row.discountAmount : undefined,
			before_discount_and_tax_amount: row.beforeDiscountAndTaxAmount ? row.beforeDiscountAndTaxAmount : undefined,
		};
		return { source: `Line Items → line ${index + 1}`, fields };
	});
}

export function buildLineItem(context: Context, source: string, fields: IDataObject, lineNumber: number): IDataObject {
	const field = (name: string) => `${source} → ${name}`;
	const present = (value: unknown) => value !== undefined && value !== null && value !== '';

	const lineType = toNumber(context, field('line_type'), fields.line_type ?? 1);
	if (!LINE_TYPES.includes(lineType)) {
		throw inputError(context, field('line_type'), `${lineType} is not a line type`, 'Use 1 goods/service, 2 promotion, 3 commercial discount or 4 note.');
	}
	const itemName = optionalText(context, field('item_name'), fields.item_name, 500);
	if (!itemName) {
		throw inputError(context, field('item_name'), 'is required', lineType === 4 ? 'A note line shows its item_name on the invoice.' : 'Enter the product or service name.');
	}
	const item: IDataObject = { line_number: lineNumber, line_type: lineType, item_name: itemName };
	if (present(fields.line_number)) {
		const given = toNumber(context, field('line_number'), fields.line_number);
		if (!Number.isInteger(given) || given < 1) {
			throw inputError(context, field('line_number'), `${given} is not a positive whole number`, 'Leave line_number out to number the lines in order.');
		}
		item.line_number = given;
	}
	if (lineType === 4) return item;

	const itemCode = optionalText(context, field('item_code'), fields.item_code, 100);
	if (itemCode) item.item_code = itemCode;
	const unit = optionalText(context, field('unit'), fields.unit, 50);
	if (unit) item.unit = unit;

	if (present(fields.quantity)) {
		const quantity = toNumber(context, field('quantity'), fields.quantity);
		if (quantity <= 0) throw inputError(context, field('quantity'), `${quantity} must be greater than 0`, 'Enter the quantity sold.');
		if (!hasAtMostTwoDecimals(quantity)) {
			throw inputError(context, field('quantity'), `${quantity} has more than 2 decimals`, 'SePay accepts at most 2 decimals, e.g. 1.5 or 2.75.');
		}
		item.quantity = quantity;
	} else if (lineType === 1) {
		throw inputError(context, field('quantity'), 'is required on a goods/service line', 'Enter the quantity sold.');
	}
	if (present(fields.unit_price)) {
		const unitPrice = toNumber(context, field('unit_price'), fields.unit_price);
		if (unitPrice < 0) throw inputError(context, field('unit_price'), `${unitPrice} is negative`, 'Enter the price per unit; use a Commercial Discount line for discounts.');
		item.unit_price = unitPrice;
	} else if (lineType === 1) {
		throw inputError(context, field('unit_price'), 'is required on a goods/service line', 'Enter the price per unit.');
	}
	if (present(fields.tax_rate)) {
		const taxRate = toNumber(context, field('tax_rate'), fields.tax_rate);
		if (!TAX_RATES.includes(taxRate)) {
			throw inputError(context, field('tax_rate'), `${taxRate} is not a VAT rate SePay accepts`, 'Use 0, 5, 8, 10, -1 (not declared, KKKNT) or -2 (not subject to VAT, KCT).');
		}
		item.tax_rate = taxRate;
	}
	if (present(fields.discount_tax)) {
		const percent = toNumber(context, field('discount_tax'), fields.discount_tax);
		if (percent < 0 || percent > 100) throw inputError(context, field('discount_tax'), `${percent} is not a percentage between 0 and 100`, 'discount_tax is the discount percent of the line.');
		item.discount_tax = percent;
	}
	for (const key of ['discount_amount', 'before_discount_and_tax_amount']) {
		if (!present(fields[key])) continue;
		const amount = toNumber(context, field(key), fields[key]);
		if (amount < 0) throw inputError(context, field(key), `${amount} is negative`, 'Enter the amount as a positive number.');
		item[key] = amount;
	}
	if (lineType === 3 && !((item.before_discount_and_tax_amount as number) > 0)) {
		throw inputError(context, field('before_discount_and_tax_amount'), 'is required on a commercial discount line', 'Put the discount amount in before_discount_and_tax_amount.');
	}
	return item;
}

export function buildLineItems(context: Context): IDataObject[] {
	const raw = rawLineItems(context);
	if (raw.length === 0) {
		throw inputError(context, 'Line Items', 'are empty', 'Add at least one line (a product, service or note).');
	}
	if (raw.length > MAX_LINE_ITEMS) {
		throw inputError(context, 'Line Items', `has ${raw.length} lines (at most ${MAX_LINE_ITEMS})`, 'Split the order into several invoices.');
	}
	const items = raw.map(({ source, fields }, index) => buildLineItem(context, source, fields, index + 1));
	if (!items.some((item) => item.line_type !== 4)) {
		throw inputError(context, 'Line Items', 'hold only note lines', 'Add at least one goods/service line.');
	}
	return items;
}

/** The whole POST /v1/invoices/create body, validated; throws before anything is sent. */
export function buildCreateInvoiceBody(
	context: Context,
	nowMs = Date.now(),
	buildItems: (context: Context) => IDataObject[] = buildLineItems,
): IDataObject {
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

	const body: IDataObject = {
		template_code: parts[0],
		invoice_series: parts[1],
		issued_date: buildIssuedDate(context, context.getNodeParameter('issuedDate', ''), nowMs),
		currency,
		provider_account_id: providerAccountId,
		reference_code: referenceCodeFor(context).code,
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
	return body;
}
