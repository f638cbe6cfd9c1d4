import type { IDataObject } from 'n8n-workflow';

import { rawLineItems } from './invoiceLines';
import type { ItemInput } from './validation';
import { inputError } from './validation';

/*
 * "Fields to Change" of a correction that starts from the original invoice: read and checked
 * before anything is looked up. Applying them to the original is in correctedInvoice.ts.
 */

type Context = ItemInput;

export const FIELDS_TO_CHANGE = 'Fields to Change';

/** The buyer options: form name → SePay's name in `buyer` and its label (as buildBuyer names it). */
export const BUYER_OPTIONS: Record<string, { key: string; label: string }> = {
	buyerType: { key: 'type', label: 'Buyer Type' },
	buyerName: { key: 'name', label: 'Buyer Name' },
	legalName: { key: 'legal_name', label: 'Buyer Legal Name' },
	taxCode: { key: 'tax_code', label: 'Buyer Tax Code (MST)' },
	address: { key: 'address', label: 'Buyer Address' },
	email: { key: 'email', label: 'Buyer Email' },
	phone: { key: 'phone', label: 'Buyer Phone' },
	buyerCode: { key: 'buyer_code', label: 'Buyer Code' },
	nationalId: { key: 'national_id', label: 'Buyer National ID (CCCD)' },
};

/** The invoice options, read as Create reads its fields of the same names. */
const INVOICE_OPTIONS = ['issuedDate', 'notes', 'templateAndSeries', 'paymentMethod', 'currency'];

/** A line's form fields → SePay's names (as rawLineItems maps a form line) and their labels. */
const LINE_FIELDS: Record<string, { key: string; label: string }> = {
	lineType: { key: 'line_type', label: 'Line Type' },
	itemCode: { key: 'item_code', label: 'Item Code' },
	itemName: { key: 'item_name', label: 'Item Name' },
	unit: { key: 'unit', label: 'Unit' },
	quantity: { key: 'quantity', label: 'Quantity' },
	unitPrice: { key: 'unit_price', label: 'Unit Price' },
	taxRate: { key: 'tax_rate', label: 'Tax Rate' },
	discountPercent: { key: 'discount_tax', label: 'Discount Percent' },
	discountAmount: { key: 'discount_amount', label: 'Discount Amount' },
	beforeDiscountAndTaxAmount: { key: 'before_discount_and_tax_amount', label: 'Before Discount and Tax Amount' },
};

/** What an information adjustment may change on a line: its text, never an amount. */
const TEXT_LINE_FIELDS = ['itemName', 'itemCode', 'unit'];

export interface LineChange {
	lineNumber: number;
	/** Where the change is entered, for errors: `Fields to Change → Change Lines → line 1`. */
	source: string;
	/** SePay's field names; undefined removes the field from the line (e.g. Tax Rate "No Rate"). */
	fields: IDataObject;
}

export interface FieldChanges {
	/** Buyer and invoice options as given (form names); validated when the invoice is built. */
	values: IDataObject;
	changeLines: LineChange[];
	addLines: Array<{ source: string; fields: IDataObject }>;
	removeLines: number[];
}

/** The rows of a fixedCollection (`{ line: [...] }`); n8n hands them over in this shape. */
function rowsOf(value: unknown): IDataObject[] {
	return ((value as IDataObject | undefined)?.line as IDataObject[] | undefined) ?? [];
}

/** A line number entered by the user: a whole number from 1. */
function lineNumberOf(context: Context, field: string, value: unknown): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
		throw inputError(context, field, `${JSON.stringify(value)} is not a line number`, 'Enter the number of the line as printed on the original invoice (1 for the first line).');
	}
	return number;
}

/** A form line (form names) in SePay's names, converted exactly as Create's form lines are. */
function formLineFields(context: Context, row: IDataObject): IDataObject {
	const view: Context = {
		getNodeParameter: (name, fallback) => (name === 'itemsInputMode' ? 'form' : name === 'lineItems' ? { item: [row] } : fallback),
		getItemIndex: () => context.getItemIndex(),
		getNode: () => context.getNode(),
		runIdentity: context.runIdentity,
	};
	return rawLineItems(view)[0]!.fields;
}

function readChangeLines(context: Context, value: unknown, informationOnly: boolean): LineChange[] {
	const field = `${FIELDS_TO_CHANGE} → Change Lines`;
	const seen = new Set<number>();
	return rowsOf(value).map((row, index) => {
		const source = `${field} → line ${index + 1}`;
		const lineNumber = lineNumberOf(context, `${source} → Line Number`, row.lineNumber);
		if (seen.has(lineNumber)) {
			throw inputError(context, `${source} → Line Number`, `line ${lineNumber} is changed twice`, 'Put every change of one line into one entry.');
		}
		seen.add(lineNumber);
		const values = (row.values ?? {}) as IDataObject;
		const given = Object.keys(values);
		if (given.length === 0) {
			throw inputError(context, `${source} → New Values`, `are empty: nothing of line ${lineNumber} changes`, 'Add the fields that change (e.g. Tax Rate), or remove this entry.');
		}
		if (informationOnly) {
			const amountField = given.find((key) => !TEXT_LINE_FIELDS.includes(key));
			if (amountField) {
				throw inputError(context, `${source} → ${LINE_FIELDS[amountField].label}`, 'changes an amount, but an information adjustment (điều chỉnh thông tin) changes text only', 'Change Item Name, Item Code or Unit here. For amounts use Replace, or Adjustment Type Increase / Decrease.');
			}
		}
		const converted = formLineFields(context, values);
		const fields: IDataObject = {};
		for (const name of given) fields[LINE_FIELDS[name].key] = converted[LINE_FIELDS[name].key];
		return { lineNumber, source, fields };
	});
}

/** Line numbers to remove: "2, 4" as typed, or a number or list of numbers from an expression. */
function readRemoveLines(context: Context, value: unknown): number[] {
	const field = `${FIELDS_TO_CHANGE} → Remove Lines`;
	const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;\s]+/).filter((part) => part !== '') : [value];
	const numbers = parts.filter((part) => part !== undefined && part !== null).map((part) => lineNumberOf(context, field, part));
	return [...new Set(numbers)];
}

/**
 * Reads Fields to Change (n8n passes only the collection's own fields): well-formed line
 * numbers and added lines in SePay's names. An information adjustment changes text only, so it
 * adds and removes no lines and changes no amount.
 */
export function readFieldChanges(context: Context, informationOnly: boolean): FieldChanges {
	const raw = context.getNodeParameter('fieldsToChange', {}) as IDataObject;
	const addedRows = rowsOf(raw.addLines);
	const removeLines = readRemoveLines(context, raw.removeLines);
	if (informationOnly && (addedRows.length > 0 || removeLines.length > 0)) {
		throw inputError(context, `${FIELDS_TO_CHANGE} → ${addedRows.length > 0 ? 'Add Lines' : 'Remove Lines'}`, 'changes the amounts, but an information adjustment (điều chỉnh thông tin) changes text only', 'Use Replace to add or remove lines, or an Increase / Decrease adjustment for the difference.');
	}
	const values: IDataObject = {};
	for (const key of [...Object.keys(BUYER_OPTIONS), ...INVOICE_OPTIONS]) {
		if (key in raw) values[key] = raw[key];
	}
	const changeLines = readChangeLines(context, raw.changeLines, informationOnly);
	const both = changeLines.find((change) => removeLines.includes(change.lineNumber));
	if (both) {
		throw inputError(context, `${both.source} → Line Number`, `line ${both.lineNumber} is also in Remove Lines`, 'Either change the line or remove it.');
	}
	const addLines = addedRows.map((row, index) => ({
		source: `${FIELDS_TO_CHANGE} → Add Lines → line ${index + 1}`,
		fields: formLineFields(context, row),
	}));
	return { values, changeLines, addLines, removeLines };
}

/** Whether the lines stay as on the original. */
export function keepsLines(changes: FieldChanges): boolean {
	return changes.changeLines.length === 0 && changes.addLines.length === 0 && changes.removeLines.length === 0;
}
