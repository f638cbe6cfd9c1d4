import type { IDataObject } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import { hasAtMostTwoDecimals, optionalText, toNumber } from './fieldValues';
import type { ItemInput } from './validation';
import { inputError } from './validation';

const LINE_TYPES = [1, 2, 3, 4];
const TAX_RATES = [-2, -1, 0, 5, 8, 10];
const MAX_LINE_ITEMS = 500;

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

type Context = ItemInput;

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
