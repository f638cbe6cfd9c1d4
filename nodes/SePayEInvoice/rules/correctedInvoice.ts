import type { IDataObject } from 'n8n-workflow';

import type { FieldChanges } from './fieldChanges';
import { BUYER_OPTIONS, FIELDS_TO_CHANGE, keepsLines } from './fieldChanges';
import { buildCreateInvoiceBody, TEMPLATE_SEPARATOR } from './invoiceBody';
import { buildLineItem } from './invoiceLines';
import type { ItemInput } from './validation';
import { inputError } from './validation';
import { numberOf } from './fieldValues';

/*
 * A correction that starts from the original invoice: SePay's detail of the original
 * (GET /v1/invoices/{code}) with the user's Fields to Change applied, built and validated by
 * Create's rules, and the list of what differs from the original.
 */

type Context = ItemInput;

/** One difference from the original, for the accountant to check. */
export interface FieldChange {
	field: string;
	from: unknown;
	to: unknown;
}

const MAX_LINE_ITEMS = 500;
const AMOUNT_FIELDS = ['unit_price', 'discount_tax', 'discount_amount', 'before_discount_and_tax_amount'];

function present(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

const round2 = (value: number) => Math.round(value * 100) / 100;

interface OriginalLine {
	number: number;
	source: string;
	fields: IDataObject;
}

/**
 * The original's lines in SePay's create names. The detail gives numbers as decimal strings and
 * the line's amount after discount (`total_amount`) but no discount fields: a line whose amount
 * is below quantity × unit price carries that difference as its discount amount, so the copy
 * keeps the amount; one above it cannot be copied and is an error.
 */
function originalLines(context: Context, code: string, detail: IDataObject): OriginalLine[] {
	const lines = (Array.isArray(detail.items) ? detail.items : []) as IDataObject[];
	return lines.map((line, index) => {
		const number = numberOf(line.line_number) ?? index + 1;
		const source = `Original line ${number}`;
		const lineType = numberOf(line.line_type) ?? 1;
		const fields: IDataObject = { line_type: lineType, item_name: line.item_name };
		if (lineType === 4) return { number, source, fields };
		for (const key of ['item_code', 'unit']) if (present(line[key])) fields[key] = line[key];
		const quantity = numberOf(line.quantity);
		const unitPrice = numberOf(line.unit_price);
		const amount = numberOf(line.total_amount);
		if (lineType !== 3) {
			if (quantity !== undefined && (quantity > 0 || lineType === 1)) fields.quantity = quantity;
			if (unitPrice !== undefined && (unitPrice > 0 || lineType === 1)) fields.unit_price = unitPrice;
		}
		const taxRate = numberOf(line.tax_rate);
		if (taxRate !== undefined) fields.tax_rate = taxRate;
		for (const key of ['discount_tax', 'discount_amount', 'before_discount_and_tax_amount']) {
			const value = numberOf(line[key]);
			if (value !== undefined && value !== 0) fields[key] = value;
		}
		const shownDiscount = fields.discount_tax !== undefined || fields.discount_amount !== undefined;
		if (lineType === 3 || (lineType === 2 && !((unitPrice ?? 0) > 0))) {
			// A commercial discount, or a promotion without a price: its amount is the line's value.
			if (fields.before_discount_and_tax_amount === undefined && amount !== undefined && amount > 0) fields.before_discount_and_tax_amount = amount;
		} else if (!shownDiscount && amount !== undefined && quantity !== undefined && unitPrice !== undefined) {
			const gross = round2(quantity * unitPrice);
			if (amount > gross + 0.01) {
				throw inputError(context, source, `SePay shows an amount of ${amount}, more than quantity × unit price (${gross}), so "${code}" cannot be copied exactly`, `Give the line's correct values under ${FIELDS_TO_CHANGE} → Change Lines (line ${number}), or use Start From = New Content.`);
			}
			if (amount < gross - 0.01) fields.discount_amount = round2(gross - amount);
		}
		return { number, source, fields };
	});
}

/** The original's buyer in SePay's names, texts only. */
function originalBuyer(detail: IDataObject): IDataObject {
	const buyer = detail.buyer !== null && typeof detail.buyer === 'object' ? (detail.buyer as IDataObject) : {};
	const copy: IDataObject = {};
	for (const { key } of Object.values(BUYER_OPTIONS)) {
		const value = buyer[key];
		if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') copy[key] = String(value).trim();
	}
	return copy;
}

function textOf(value: unknown): string | undefined {
	return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number' ? String(value).trim() : undefined;
}

/** The original's value of a field everyone needs, or an error asking to set it under Fields to Change. */
function required(context: Context, code: string, value: string | undefined, option: string, what: string): string {
	if (value !== undefined) return value;
	throw inputError(context, `${FIELDS_TO_CHANGE} → ${option}`, `SePay's detail of "${code}" does not show its ${what}`, `Add ${option} under ${FIELDS_TO_CHANGE} with the original's value (see it with "Get"), or the value the correction should have.`);
}

interface CorrectedLine {
	/** The original's line number; undefined for an added line. */
	from?: number;
	changed: boolean;
	line: IDataObject;
}

/** The original's lines with the line changes applied, numbered 1… in order, added lines last. */
function correctedLines(context: Context, code: string, originals: OriginalLine[], changes: FieldChanges): CorrectedLine[] {
	const numbers = originals.map((line) => line.number);
	const range = numbers.length === 0 ? 'it has no lines' : `it has lines ${Math.min(...numbers)}–${Math.max(...numbers)}`;
	for (const change of changes.changeLines) {
		if (!numbers.includes(change.lineNumber)) {
			throw inputError(context, `${change.source} → Line Number`, `${change.lineNumber} is not a line of the original "${code}" (${range})`, 'Enter the number of the line as printed on the original; check it with "Get".');
		}
	}
	for (const number of changes.removeLines) {
		if (!numbers.includes(number)) {
			throw inputError(context, `${FIELDS_TO_CHANGE} → Remove Lines`, `${number} is not a line of the original "${code}" (${range})`, 'Enter the numbers of lines printed on the original; check them with "Get".');
		}
	}
	const kept = originals.filter((line) => !changes.removeLines.includes(line.number));
	if (kept.length + changes.addLines.length === 0) {
		throw inputError(context, `${FIELDS_TO_CHANGE} → Remove Lines`, 'removes every line of the original', 'An invoice needs at least one line. Remove fewer lines, or add the correct ones under Add Lines.');
	}
	if (kept.length + changes.addLines.length > MAX_LINE_ITEMS) {
		throw inputError(context, `${FIELDS_TO_CHANGE} → Add Lines`, `make ${kept.length + changes.addLines.length} lines (at most ${MAX_LINE_ITEMS})`, 'Split the sale into several invoices.');
	}
	const corrected: CorrectedLine[] = kept.map((original, index) => {
		const change = changes.changeLines.find((entry) => entry.lineNumber === original.number);
		const fields: IDataObject = { ...original.fields, ...change?.fields };
		// As in Create's form: a commercial discount carries only its amount.
		if (change && Number(fields.line_type) === 3) {
			if (!('quantity' in change.fields)) delete fields.quantity;
			if (!('unit_price' in change.fields)) delete fields.unit_price;
		}
		return { from: original.number, changed: change !== undefined, line: buildLineItem(context, change?.source ?? original.source, fields, index + 1) };
	});
	changes.addLines.forEach((added, index) => {
		corrected.push({ changed: true, line: buildLineItem(context, added.source, added.fields, kept.length + index + 1) });
	});
	if (!corrected.some(({ line }) => line.line_type !== 4)) {
		throw inputError(context, `${FIELDS_TO_CHANGE} → Remove Lines`, 'leaves only note lines', 'Keep or add at least one goods/service line.');
	}
	return corrected;
}

/** An ItemInput whose Create fields are `values`; the Provider Account and Reference Code stay the item's own. */
function withCreateFields(context: Context, values: IDataObject): Context {
	const own = ['providerAccount', 'referenceCode'];
	return {
		getNodeParameter: (name, fallback, options) =>
			name in values ? values[name] : own.includes(name) ? context.getNodeParameter(name, fallback, options) : fallback,
		getItemIndex: () => context.getItemIndex(),
		getNode: () => context.getNode(),
		runIdentity: context.runIdentity,
	};
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function lineDifferences(name: string, from: IDataObject, to: IDataObject): FieldChange[] {
	const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
	return keys.filter((key) => !same(from[key], to[key])).map((key) => ({ field: `${name}.${key}`, from: from[key] ?? null, to: to[key] ?? null }));
}

/** What differs from the original: invoice fields, buyer fields, then lines (`items[2]`: the original's line 2; `items[added 1]`: the first added line). */
function differences(original: IDataObject, body: IDataObject, originals: OriginalLine[], lines: CorrectedLine[], built: Map<number, IDataObject>): FieldChange[] {
	const found: FieldChange[] = [];
	for (const key of ['template_code', 'invoice_series', 'issued_date', 'currency', 'payment_method']) {
		if (!same(original[key], body[key])) found.push({ field: key, from: original[key] ?? null, to: body[key] ?? null });
	}
	found.push(...lineDifferences('buyer', original.buyer as IDataObject, body.buyer as IDataObject));
	if (!same(original.notes, body.notes)) found.push({ field: 'notes', from: original.notes ?? null, to: body.notes ?? null });
	for (const line of originals) {
		const now = lines.find((corrected) => corrected.from === line.number);
		const before = built.get(line.number)!;
		if (!now) found.push({ field: `items[${line.number}]`, from: before, to: null });
		else found.push(...lineDifferences(`items[${line.number}]`, before, now.line));
	}
	lines.filter((corrected) => corrected.from === undefined).forEach((added, index) => {
		found.push({ field: `items[added ${index + 1}]`, from: null, to: added.line });
	});
	return found;
}

/**
 * The correction's body from the original's detail and the Fields to Change, validated as
 * Create validates (buyer, lines, dates, reference code), and what differs from the original.
 * A replacement holds every line (and the original's total when its lines stay as they were);
 * an information adjustment holds only the lines whose text changes, without amounts.
 */
export function correctedInvoice(
	context: Context,
	code: string,
	detail: IDataObject,
	changes: FieldChanges,
	informationOnly: boolean,
	nowMs = Date.now(),
): { body: IDataObject; changes: FieldChange[] } {
	const given = changes.values;
	const buyer = originalBuyer(detail);
	for (const [option, { key }] of Object.entries(BUYER_OPTIONS)) {
		if (!(option in given)) continue;
		const value = textOf(given[option]);
		if (value === undefined) delete buyer[key];
		else buyer[key] = value;
	}
	const buyerType = required(context, code, textOf(buyer.type), 'Buyer Type', 'buyer type (personal or company)');
	const template = textOf(detail.template_code);
	const series = textOf(detail.invoice_series);
	const originalTemplate = template !== undefined && series !== undefined ? `${template}${TEMPLATE_SEPARATOR}${series}` : undefined;
	const templateAndSeries = textOf(given.templateAndSeries) ?? required(context, code, originalTemplate, 'Template & Series', 'template (mẫu số) and series (ký hiệu)');
	const currency = textOf(given.currency) ?? required(context, code, textOf(detail.currency), 'Currency', 'currency');
	const paymentMethod = textOf(given.paymentMethod) ?? required(context, code, textOf(detail.payment_method), 'Payment Method', 'payment method');
	const notes = 'notes' in given ? given.notes : detail.notes;

	const originals = originalLines(context, code, detail);
	const lines = correctedLines(context, code, originals, changes);
	const details: IDataObject = {};
	for (const [option, { key }] of Object.entries(BUYER_OPTIONS)) {
		if (key !== 'type' && key !== 'name' && buyer[key] !== undefined) details[option] = buyer[key];
	}
	const { body } = buildCreateInvoiceBody(
		withCreateFields(context, {
			templateAndSeries,
			currency,
			paymentMethod,
			mode: 'issue',
			issuedDate: given.issuedDate ?? '',
			buyerType,
			buyerName: buyer.name ?? '',
			buyerDetails: details,
			additionalFields: { notes: notes ?? '' },
		}),
		nowMs,
		() => lines.map(({ line }) => line),
	);

	// The original's lines as Create would send them; a removed one as read (it may be the line that was wrong).
	const built = new Map(
		originals.map((line) => [
			line.number,
			changes.removeLines.includes(line.number) ? { line_number: line.number, ...line.fields } : buildLineItem(context, line.source, line.fields, line.number),
		]),
	);
	const originalView: IDataObject = {
		template_code: textOf(detail.template_code),
		invoice_series: textOf(detail.invoice_series),
		issued_date: detail.issued_date,
		currency: textOf(detail.currency),
		payment_method: textOf(detail.payment_method),
		buyer: originalBuyer(detail),
		notes: textOf(detail.notes),
	};
	const found = differences(originalView, body, originals, lines, built);
	if (!found.some((change) => change.field !== 'issued_date')) {
		throw inputError(context, FIELDS_TO_CHANGE, `change nothing of "${code}"`, 'Add the fields that are wrong on the original with their correct values, e.g. Buyer Tax Code (MST).');
	}

	if (informationOnly) {
		// Text corrections only: the changed lines as they now read, with no amounts.
		const changed = lines.filter((line) => line.changed).map(({ from, line }) => {
			const text: IDataObject = { ...line, line_number: from };
			for (const key of AMOUNT_FIELDS) delete text[key];
			if (text.line_type === 1 || text.line_type === 2) text.unit_price = 0;
			return text;
		});
		if (changed.length > 0) body.items = changed;
		else delete body.items;
	} else if (keepsLines(changes)) {
		// Same lines, same total: also when the original's total was set by hand.
		const total = numberOf(detail.total_amount);
		if (total !== undefined && Number.isInteger(total) && total >= 0) body.total_amount = total;
	}
	return { body, changes: found };
}
