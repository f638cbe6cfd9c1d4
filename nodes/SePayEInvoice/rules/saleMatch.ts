import type { IDataObject } from 'n8n-workflow';
import { numberOf } from './fieldValues';

/*
 * "Return Existing Invoice" must only return the invoice when it is the sale this item would
 * have created: a Reference Code reused for another buyer or amount is an error, never the
 * earlier invoice (as with Stripe's idempotency keys). We compare what SePay's invoice detail
 * shows; a field the detail does not show is not compared.
 */

/** A line as we send it (validated numbers). */
interface SentLine {
	line_type?: unknown;
	quantity?: unknown;
	unit_price?: unknown;
	tax_rate?: unknown;
	discount_tax?: unknown;
	discount_amount?: unknown;
	before_discount_and_tax_amount?: unknown;
}

/** A line's amount after discount and its tax, by SePay's documented calculation rules. */
function lineAmounts(line: SentLine): { amount: number; tax: number } {
	const rate = numberOf(line.tax_rate) ?? 0;
	const taxOf = (amount: number) => (rate >= 0 ? (amount * rate) / 100 : 0);
	const fromPrice = () => {
		const gross = (numberOf(line.quantity) ?? 0) * (numberOf(line.unit_price) ?? 0);
		const discountAmount = numberOf(line.discount_amount) ?? 0;
		const discountPercent = numberOf(line.discount_tax) ?? 0;
		if (discountAmount !== 0) return gross - discountAmount;
		return gross - (gross * discountPercent) / 100;
	};
	const before = numberOf(line.before_discount_and_tax_amount) ?? 0;
	let amount = 0;
	switch (numberOf(line.line_type)) {
		case 1:
			amount = fromPrice();
			break;
		case 2:
			// A promotion counts only when it carries a price.
			if ((numberOf(line.unit_price) ?? 0) > 0) amount = fromPrice();
			else if (before > 0) amount = before;
			break;
		case 3:
			amount = numberOf(line.before_discount_and_tax_amount) ?? fromPrice();
			break;
		default:
			return { amount: 0, tax: 0 };
	}
	return { amount, tax: taxOf(amount) };
}

/**
 * The total the create body leads to: its Total Amount when given, else Σ amounts + Σ taxes
 * rounded to a whole number (commercial discounts subtract). SePay's exact rounding is not
 * documented, so callers allow `tolerance`.
 */
function expectedTotal(body: IDataObject): { total: number; tolerance: number } {
	const given = numberOf(body.total_amount);
	if (given !== undefined) return { total: given, tolerance: 0.5 };
	const lines = (Array.isArray(body.items) ? body.items : []) as SentLine[];
	let before = 0;
	let tax = 0;
	for (const line of lines) {
		const sign = numberOf(line.line_type) === 3 ? -1 : 1;
		const { amount, tax: lineTax } = lineAmounts(line);
		before += sign * amount;
		tax += sign * lineTax;
	}
	const round2 = (value: number) => Math.round(value * 100) / 100;
	// Per-line or per-invoice rounding may differ by up to one unit per line.
	return { total: Math.round(round2(before) + round2(tax)), tolerance: Math.max(1, lines.length) };
}

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return String(value).normalize('NFC').replace(/\s+/g, ' ').trim();
}

function buyerNameOf(buyer: IDataObject): string {
	return text(buyer.name) || text(buyer.legal_name);
}

export interface SaleMismatch {
	/** Plain-English differences, e.g. `buyer "A" (SePay) vs "B" (this item)`. */
	differences: string[];
	existingBuyer: string;
	requestedBuyer: string;
	existingTotal: string;
	requestedTotal: string;
}

function describeBuyer(buyer: IDataObject): string {
	const name = buyerNameOf(buyer);
	const taxCode = text(buyer.tax_code);
	const shown = name ? `"${name}"` : 'no name';
	return taxCode ? `${shown} (tax code ${taxCode})` : shown;
}

function formatAmount(value: number | undefined, currency: string): string {
	if (value === undefined) return 'an unknown total';
	return `${value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}`.trim();
}

/**
 * Compares SePay's invoice (GET /v1/invoices/{reference_code}) with the create body this
 * item would have sent. Returns undefined when everything the detail shows agrees.
 */
export function compareSale(invoice: IDataObject, body: IDataObject): SaleMismatch | undefined {
	const differences: string[] = [];
	const sentBuyer = (body.buyer ?? {}) as IDataObject;
	const heldBuyer =
		invoice.buyer !== null && typeof invoice.buyer === 'object' ? (invoice.buyer as IDataObject) : undefined;
	if (heldBuyer) {
		if (buyerNameOf(heldBuyer).toLowerCase() !== buyerNameOf(sentBuyer).toLowerCase()) {
			differences.push('buyer name');
		}
		if ('tax_code' in heldBuyer && text(heldBuyer.tax_code) !== text(sentBuyer.tax_code)) {
			differences.push('buyer tax code');
		}
	}
	const expected = expectedTotal(body);
	const heldTotal = numberOf(invoice.total_amount);
	if (heldTotal !== undefined && Math.abs(heldTotal - expected.total) > expected.tolerance) {
		differences.push('total');
	}
	const fields: Array<[string, string]> = [
		['provider_account_id', 'provider account'],
		['template_code', 'template'],
		['invoice_series', 'series'],
		['currency', 'currency'],
	];
	for (const [key, label] of fields) {
		const held = text(invoice[key]);
		if (held !== '' && held !== text(body[key])) differences.push(`${label} (${held} at SePay, ${text(body[key])} here)`);
	}
	if (differences.length === 0) return undefined;
	const currency = text(body.currency);
	return {
		differences,
		existingBuyer: heldBuyer ? describeBuyer(heldBuyer) : 'an unknown buyer',
		requestedBuyer: describeBuyer(sentBuyer),
		existingTotal: formatAmount(heldTotal, text(invoice.currency) || currency),
		requestedTotal: formatAmount(expected.total, currency),
	};
}
