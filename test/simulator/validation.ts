// Create-request validation, totals calculation and Vietnam-time date helpers.

import type { AdjustmentType, BuyerType, SimBuyer, SimItem } from './types.ts';

export const CURRENCIES = ['VND', 'USD', 'CAD'] as const;
export const PAYMENT_METHODS = ['TM', 'CK', 'TM/CK', 'KHAC'] as const;
export const BUYER_TYPES: readonly BuyerType[] = ['personal', 'company'];
export const TAX_RATES = [-2, -1, 0, 5, 8, 10] as const;
const BUYER_STRING_FIELDS = [
	'name',
	'legal_name',
	'tax_code',
	'address',
	'email',
	'phone',
	'buyer_code',
	'national_id',
] as const;

const VN_OFFSET_MS = 7 * 3600 * 1000;
/** How far in the future an issued_date may be (clock skew allowance). */
export const FUTURE_TOLERANCE_MS = 60_000;

/** Parse `YYYY-MM-DD HH:mm:ss` as Vietnam time (UTC+7). null when malformed or not a real date. */
export function parseVnDateTime(s: string): number | null {
	const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
	if (!m) return null;
	const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return null;
	const utc = Date.UTC(y, mo - 1, d, h, mi, se);
	const check = new Date(utc);
	if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
	return utc - VN_OFFSET_MS;
}

function pad(n: number, w = 2): string {
	return String(n).padStart(w, '0');
}

/** `YYYY-MM-DD HH:mm:ss` in Vietnam time. */
export function formatVnDateTime(ms: number): string {
	const d = new Date(ms + VN_OFFSET_MS);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
	);
}

export function decimals2(n: number): string {
	return (Math.round(n * 100) / 100).toFixed(2);
}

function round2(n: number): number {
	return Math.round(n * 100) / 100;
}

export interface CreateInput {
	template_code: string;
	invoice_series: string;
	issued_at: string;
	currency: string;
	provider_account_id: string;
	reference_code: string | null;
	payment_method: string | null;
	is_draft: boolean | null;
	buyer: SimBuyer;
	items: SimItem[];
	total_amount: number | null;
	notes: string | null;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function absent(v: unknown): boolean {
	return v === undefined || v === null;
}

function fail(message: string): { ok: false; message: string } {
	return { ok: false, message };
}

function requiredString(body: Record<string, unknown>, field: string): string | { error: string } {
	const v = body[field];
	if (absent(v) || v === '') return { error: `Thiếu trường bắt buộc '${field}'.` };
	if (typeof v !== 'string') return { error: `Trường '${field}' phải là chuỗi (string).` };
	if (v.trim() === '') return { error: `Thiếu trường bắt buộc '${field}'.` };
	return v;
}

function hasAtMost2Decimals(n: number): boolean {
	return Math.abs(Math.round(n * 100) - n * 100) < 1e-6;
}

function optNumber(
	item: Record<string, unknown>,
	field: string,
	path: string,
): number | undefined | { error: string } {
	const v = item[field];
	if (absent(v)) return undefined;
	if (typeof v !== 'number' || !Number.isFinite(v)) return { error: `Trường '${path}.${field}' phải là số.` };
	return v;
}

/** Compute a line's amount (after discount) and tax per the reference's calculation rules. */
export function computeLine(it: Omit<SimItem, 'amount' | 'tax'>): { amount: number; tax: number } {
	const rate = it.tax_rate ?? 0;
	const taxOf = (amount: number) => (rate >= 0 ? (amount * rate) / 100 : 0);
	const fromPrice = (): number => {
		const gross = (it.quantity ?? 0) * (it.unit_price ?? 0);
		let amount = gross;
		if (it.discount_amount !== undefined && it.discount_amount !== 0) amount -= it.discount_amount;
		else if (it.discount_tax !== undefined && it.discount_tax !== 0) amount -= (gross * it.discount_tax) / 100;
		return amount;
	};
	switch (it.line_type) {
		case 1: {
			const amount = fromPrice();
			return { amount, tax: taxOf(amount) };
		}
		case 2: {
			// Promotion: counts 0 unless it is given a price (> 0).
			let amount = 0;
			if ((it.unit_price ?? 0) > 0) amount = fromPrice();
			else if ((it.before_discount_and_tax_amount ?? 0) > 0) amount = it.before_discount_and_tax_amount ?? 0;
			return { amount, tax: taxOf(amount) };
		}
		case 3: {
			// Commercial discount: the value is in before_discount_and_tax_amount (fallback qty × price).
			const amount = it.before_discount_and_tax_amount ?? fromPrice();
			return { amount, tax: taxOf(amount) };
		}
		default:
			return { amount: 0, tax: 0 };
	}
}

export function computeTotals(
	items: SimItem[],
	requestTotal: number | null,
): { total_before_tax: number; tax_amount: number; total_amount: number } {
	let before = 0;
	let tax = 0;
	for (const it of items) {
		const sign = it.line_type === 3 ? -1 : 1;
		before += sign * it.amount;
		tax += sign * it.tax;
	}
	before = round2(before);
	tax = round2(tax);
	return {
		total_before_tax: before,
		tax_amount: tax,
		total_amount: requestTotal ?? Math.round(before + tax),
	};
}

function validateItem(raw: unknown, idx: number): Validation<SimItem> {
	const path = `items[${idx}]`;
	if (!isObject(raw)) return fail(`Trường '${path}' phải là một object.`);
	const ln = raw.line_number;
	if (absent(ln)) return fail(`Thiếu trường bắt buộc '${path}.line_number'.`);
	if (typeof ln !== 'number' || !Number.isInteger(ln) || ln < 1)
		return fail(`Trường '${path}.line_number' phải là số nguyên dương.`);
	const lt = raw.line_type;
	if (absent(lt)) return fail(`Thiếu trường bắt buộc '${path}.line_type'.`);
	if (lt !== 1 && lt !== 2 && lt !== 3 && lt !== 4)
		return fail(`Trường '${path}.line_type' không hợp lệ: chỉ chấp nhận 1, 2, 3, 4.`);
	const strings: Partial<Record<'item_code' | 'item_name' | 'unit', string>> = {};
	for (const f of ['item_code', 'item_name', 'unit'] as const) {
		const v = raw[f];
		if (absent(v)) continue;
		if (typeof v !== 'string') return fail(`Trường '${path}.${f}' phải là chuỗi (string).`);
		strings[f] = v;
	}
	if ((lt === 1 || lt === 2) && (strings.item_name === undefined || strings.item_name.trim() === ''))
		return fail(`Thiếu trường bắt buộc '${path}.item_name'.`);
	const nums: Partial<Record<string, number>> = {};
	for (const f of [
		'quantity',
		'unit_price',
		'tax_rate',
		'discount_tax',
		'discount_amount',
		'before_discount_and_tax_amount',
	]) {
		const r = optNumber(raw, f, path);
		if (typeof r === 'object') return fail(r.error);
		if (r !== undefined) nums[f] = r;
	}
	const q = nums.quantity;
	if (q !== undefined) {
		if (q < 0) return fail(`Trường '${path}.quantity' không được âm.`);
		if (!hasAtMost2Decimals(q)) return fail(`Trường '${path}.quantity' chỉ được tối đa 2 chữ số thập phân.`);
	}
	if (nums.unit_price !== undefined && nums.unit_price < 0) return fail(`Trường '${path}.unit_price' không được âm.`);
	const rate = nums.tax_rate;
	if (rate !== undefined && !(TAX_RATES as readonly number[]).includes(rate))
		return fail(`Trường '${path}.tax_rate' không hợp lệ: chỉ chấp nhận -2, -1, 0, 5, 8, 10.`);
	const dt = nums.discount_tax;
	if (dt !== undefined && (dt < 0 || dt > 100))
		return fail(`Trường '${path}.discount_tax' phải nằm trong khoảng 0–100 (phần trăm).`);
	if (nums.discount_amount !== undefined && nums.discount_amount < 0)
		return fail(`Trường '${path}.discount_amount' không được âm.`);
	if (nums.before_discount_and_tax_amount !== undefined && nums.before_discount_and_tax_amount < 0)
		return fail(`Trường '${path}.before_discount_and_tax_amount' không được âm.`);
	const base: Omit<SimItem, 'amount' | 'tax'> = {
		line_number: ln,
		line_type: lt,
		...strings,
		...(q !== undefined ? { quantity: q } : {}),
		...(nums.unit_price !== undefined ? { unit_price: nums.unit_price } : {}),
		...(rate !== undefined ? { tax_rate: rate } : {}),
		...(dt !== undefined ? { discount_tax: dt } : {}),
		...(nums.discount_amount !== undefined ? { discount_amount: nums.discount_amount } : {}),
		...(nums.before_discount_and_tax_amount !== undefined
			? { before_discount_and_tax_amount: nums.before_discount_and_tax_amount }
			: {}),
	};
	const { amount, tax } = computeLine(base);
	return { ok: true, value: { ...base, amount, tax } };
}

function validateBuyer(raw: unknown): Validation<SimBuyer> {
	if (absent(raw)) return fail(`Thiếu trường bắt buộc 'buyer'.`);
	if (!isObject(raw)) return fail(`Trường 'buyer' phải là một object.`);
	const buyer: SimBuyer = {};
	if (!absent(raw.type)) {
		if (typeof raw.type !== 'string' || !(BUYER_TYPES as readonly string[]).includes(raw.type))
			return fail(`Trường 'buyer.type' không hợp lệ: chỉ chấp nhận personal, company.`);
		buyer.type = raw.type as BuyerType;
	}
	for (const f of BUYER_STRING_FIELDS) {
		const v = raw[f];
		if (absent(v)) continue;
		if (typeof v !== 'string') return fail(`Trường 'buyer.${f}' phải là chuỗi (string).`);
		buyer[f] = v;
	}
	return { ok: true, value: buyer };
}

/** Validate a create body (shape only; account/duplicate/quota checks are done by the caller). */
export function validateCreate(body: unknown, nowMs: number, options: { itemsOptional?: boolean } = {}): Validation<CreateInput> {
	if (!isObject(body)) return fail('Body phải là một JSON object.');
	const req: Record<string, string> = {};
	for (const f of ['template_code', 'invoice_series', 'issued_date', 'currency', 'provider_account_id']) {
		const r = requiredString(body, f);
		if (typeof r !== 'string') return fail(r.error);
		req[f] = r;
	}
	const issuedAt = req.issued_date!;
	const ms = parseVnDateTime(issuedAt);
	if (ms === null) return fail(`Trường 'issued_date' sai định dạng, yêu cầu 'YYYY-MM-DD HH:mm:ss'.`);
	if (ms > nowMs + FUTURE_TOLERANCE_MS) return fail(`Trường 'issued_date' không được lớn hơn thời điểm hiện tại.`);
	if (!(CURRENCIES as readonly string[]).includes(req.currency!))
		return fail(`Trường 'currency' không hợp lệ: chỉ chấp nhận VND, USD, CAD.`);

	let reference: string | null = null;
	if (!absent(body.reference_code)) {
		if (typeof body.reference_code !== 'string') return fail(`Trường 'reference_code' phải là chuỗi (string).`);
		if (body.reference_code.trim() === '') return fail(`Trường 'reference_code' không được rỗng.`);
		reference = body.reference_code;
	}
	let payment: string | null = null;
	if (!absent(body.payment_method)) {
		if (typeof body.payment_method !== 'string' || !(PAYMENT_METHODS as readonly string[]).includes(body.payment_method))
			return fail(`Trường 'payment_method' không hợp lệ: chỉ chấp nhận TM, CK, TM/CK, KHAC.`);
		payment = body.payment_method;
	}
	let isDraft: boolean | null = null;
	if (!absent(body.is_draft)) {
		if (typeof body.is_draft !== 'boolean') return fail(`Trường 'is_draft' phải là boolean.`);
		isDraft = body.is_draft;
	}
	const buyer = validateBuyer(body.buyer);
	if (!buyer.ok) return buyer;

	const rawItems = options.itemsOptional && absent(body.items) ? [] : body.items;
	if (absent(rawItems)) return fail(`Thiếu trường bắt buộc 'items'.`);
	if (!Array.isArray(rawItems)) return fail(`Trường 'items' phải là một mảng.`);
	if (rawItems.length === 0 && !options.itemsOptional) return fail(`Trường 'items' phải có ít nhất một dòng hàng hóa.`);
	const items: SimItem[] = [];
	for (let i = 0; i < rawItems.length; i++) {
		const r = validateItem(rawItems[i], i);
		if (!r.ok) return r;
		items.push(r.value);
	}

	let total: number | null = null;
	if (!absent(body.total_amount)) {
		const t = body.total_amount;
		if (typeof t !== 'number' || !Number.isInteger(t))
			return fail(`Trường 'total_amount' phải là số nguyên.`);
		if (t < 0) return fail(`Trường 'total_amount' không được âm.`);
		total = t;
	}
	let notes: string | null = null;
	if (!absent(body.notes)) {
		if (typeof body.notes !== 'string') return fail(`Trường 'notes' phải là chuỗi (string).`);
		notes = body.notes;
	}
	return {
		ok: true,
		value: {
			template_code: req.template_code!,
			invoice_series: req.invoice_series!,
			issued_at: issuedAt,
			currency: req.currency!,
			provider_account_id: req.provider_account_id!,
			reference_code: reference,
			payment_method: payment,
			is_draft: isDraft,
			buyer: buyer.value,
			items,
			total_amount: total,
			notes,
		},
	};
}

export const ADJUSTMENT_TYPES: readonly AdjustmentType[] = ['increase', 'decrease', 'combined', 'info'];

export interface CorrectionInput {
	input: CreateInput;
	original: string;
	adjustmentType?: AdjustmentType;
}

/**
 * Validate a replace/adjust body: the create body plus `original_invoice_reference_code` (and
 * `adjustment_type` for adjust). Our reading of SePay's pages: a correction is issued at once
 * (is_draft true is refused), and an `info` adjustment carries no amounts (its lines optional).
 */
export function validateCorrection(body: unknown, kind: 'replace' | 'adjust', nowMs: number): Validation<CorrectionInput> {
	if (!isObject(body)) return fail('Body phải là một JSON object.');
	const original = requiredString(body, 'original_invoice_reference_code');
	if (typeof original !== 'string') return fail(original.error);
	let adjustmentType: AdjustmentType | undefined;
	if (kind === 'adjust') {
		const t = body.adjustment_type;
		if (absent(t) || t === '') return fail(`Thiếu trường bắt buộc 'adjustment_type'.`);
		if (typeof t !== 'string' || !(ADJUSTMENT_TYPES as readonly string[]).includes(t))
			return fail(`Trường 'adjustment_type' không hợp lệ: chỉ chấp nhận increase, decrease, combined, info.`);
		adjustmentType = t as AdjustmentType;
	} else if (!absent(body.adjustment_type)) return fail(`Trường 'adjustment_type' không dùng cho hóa đơn thay thế.`);
	if (body.is_draft === true) return fail(`Hóa đơn ${kind === 'replace' ? 'thay thế' : 'điều chỉnh'} không lưu nháp được ('is_draft').`);
	const v = validateCreate(body, nowMs, { itemsOptional: adjustmentType === 'info' });
	if (!v.ok) return v;
	if (adjustmentType === 'info') {
		const priced = v.value.items.findIndex((it) => it.amount !== 0 || (it.unit_price ?? 0) !== 0);
		if (priced >= 0) return fail(`Điều chỉnh thông tin không thay đổi số tiền: 'items[${priced}]' có số tiền.`);
	} else if (kind === 'adjust' && !v.value.items.some((it) => it.amount > 0)) {
		return fail(`Trường 'items' phải có ít nhất một dòng có số tiền.`);
	}
	return { ok: true, value: { input: v.value, original, ...(adjustmentType ? { adjustmentType } : {}) } };
}
