import type { IDataObject } from 'n8n-workflow';

/** SePay bank-transaction webhook payload, normalised (API reference §6.1). */
export interface SePayTransaction extends IDataObject {
	id: number;
	gateway: string | null;
	transactionDate: string | null;
	/** `transactionDate` read as Vietnam time (UTC+7), e.g. `2023-03-25T14:02:37+07:00`. */
	transactionDateIso: string | null;
	accountNumber: string | null;
	subAccount: string | null;
	code: string | null;
	content: string | null;
	transferType: 'in' | 'out';
	transferAmount: number;
	accumulated: number | null;
	referenceCode: string | null;
	description: string | null;
	/** Deterministic reference for SePay eInvoice → Create: `SEPAY-<id>`. */
	invoiceReferenceCode: string;
}

export type ParseResult =
	| { ok: true; transaction: SePayTransaction }
	| { ok: false; message: string };

const KNOWN_FIELDS = new Set([
	'id',
	'gateway',
	'transactionDate',
	'transactionDateIso',
	'accountNumber',
	'subAccount',
	'code',
	'content',
	'transferType',
	'transferAmount',
	'accumulated',
	'referenceCode',
	'description',
	'invoiceReferenceCode',
]);

/** Keys that must never be copied onto an object (prototype pollution). */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a number SePay may send as a JSON number or as a string (`"2277000"`,
 * `"2,277,000"`, `" 2277000 "`). Returns undefined when it is not a finite number.
 */
export function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const cleaned = value.trim().replace(/[,_\s]/g, '');
	if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return undefined;
	const parsed = Number(cleaned);
	return Number.isFinite(parsed) ? parsed : undefined;
}

function toText(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return null;
}

/** A payment code: null when absent or blank. */
function toCode(value: unknown): string | null {
	const text = toText(value);
	return text === null || text.trim() === '' ? null : text.trim();
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * `YYYY-MM-DD HH:mm[:ss]` (SePay's format, Vietnam local time) → `YYYY-MM-DDTHH:mm:ss+07:00`.
 * An ISO string that already carries a zone (`Z`, `+hh:mm`) is converted to Vietnam time.
 * Anything else (or an impossible date such as 2023-02-30) → null.
 */
export function toVietnamIso(value: string | null): string | null {
	if (value === null) return null;
	const text = value.trim();
	const local = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
	if (local) {
		const [year, month, day, hour, minute, second] = local.slice(1).map((part) => Number(part ?? 0));
		const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
		if (
			check.getUTCFullYear() !== year ||
			check.getUTCMonth() !== month - 1 ||
			check.getUTCDate() !== day ||
			check.getUTCHours() !== hour ||
			check.getUTCMinutes() !== minute ||
			check.getUTCSeconds() !== second
		) {
			return null;
		}
		return `${local[1]}-${local[2]}-${local[3]}T${local[4]}:${local[5]}:${pad(second)}+07:00`;
	}
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
		const time = Date.parse(text);
		if (Number.isNaN(time)) return null;
		const vn = new Date(time + 7 * 3600 * 1000);
		return (
			`${vn.getUTCFullYear()}-${pad(vn.getUTCMonth() + 1)}-${pad(vn.getUTCDate())}` +
			`T${pad(vn.getUTCHours())}:${pad(vn.getUTCMinutes())}:${pad(vn.getUTCSeconds())}+07:00`
		);
	}
	return null;
}

function toTransferType(value: unknown): 'in' | 'out' | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim().toLowerCase();
	if (text === 'in' || text === 'credit') return 'in';
	if (text === 'out' || text === 'debit') return 'out';
	return undefined;
}

/** Validates and types one webhook body. Never throws. */
export function parseTransaction(body: unknown): ParseResult {
	let payload = body;
	if (typeof payload === 'string') {
		try {
			payload = JSON.parse(payload) as unknown;
		} catch {
			return { ok: false, message: 'Body is not valid JSON' };
		}
	}
	if (!isPlainObject(payload)) {
		return { ok: false, message: 'Body must be a JSON object (one SePay transaction)' };
	}
	if (payload.id === undefined || payload.id === null || payload.id === '') {
		return { ok: false, message: 'Field "id" is missing' };
	}
	const id = toNumber(payload.id);
	if (id === undefined || !Number.isSafeInteger(id) || id <= 0) {
		return { ok: false, message: 'Field "id" must be a positive integer' };
	}
	if (
		payload.transferAmount === undefined ||
		payload.transferAmount === null ||
		payload.transferAmount === ''
	) {
		return { ok: false, message: 'Field "transferAmount" is missing' };
	}
	const transferAmount = toNumber(payload.transferAmount);
	if (transferAmount === undefined || transferAmount < 0) {
		return { ok: false, message: 'Field "transferAmount" must be a number ≥ 0' };
	}
	const transferType = toTransferType(payload.transferType);
	if (transferType === undefined) {
		return { ok: false, message: 'Field "transferType" must be "in" or "out"' };
	}

	const transactionDate = toText(payload.transactionDate);
	const transaction: SePayTransaction = {
		id,
		gateway: toText(payload.gateway),
		transactionDate,
		transactionDateIso: toVietnamIso(transactionDate),
		accountNumber: toText(payload.accountNumber),
		subAccount: toCode(payload.subAccount),
		code: toCode(payload.code),
		content: toText(payload.content),
		transferType,
		transferAmount,
		accumulated: toNumber(payload.accumulated) ?? null,
		referenceCode: toText(payload.referenceCode),
		description: toText(payload.description),
		invoiceReferenceCode: `SEPAY-${id}`,
	};
	// Fields SePay may add later are kept as sent, after the typed ones.
	for (const [key, value] of Object.entries(payload)) {
		if (KNOWN_FIELDS.has(key) || UNSAFE_KEYS.has(key)) continue;
		transaction[key] = value as IDataObject[string];
	}
	return { ok: true, transaction };
}

export interface TransactionFilters {
	transferType: 'in' | 'out' | 'both';
	minAmount?: number;
	accountNumbers?: string;
	subAccounts?: string;
	requirePaymentCode?: boolean;
	paymentCodePrefix?: string;
}

/** Comma/space/newline separated list → trimmed non-empty entries. */
export function splitList(value: string | undefined): string[] {
	if (typeof value !== 'string') return [];
	return value
		.split(/[,;\s]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** Why the transaction is ignored, or undefined when it passes every filter. */
export function filterOut(
	transaction: SePayTransaction,
	filters: TransactionFilters,
): string | undefined {
	if (filters.transferType !== 'both' && transaction.transferType !== filters.transferType) {
		return `transfer type is "${transaction.transferType}"`;
	}
	const minAmount = toNumber(filters.minAmount);
	if (minAmount !== undefined && minAmount > 0 && transaction.transferAmount < minAmount) {
		return `amount ${transaction.transferAmount} is below ${minAmount}`;
	}
	const accounts = splitList(filters.accountNumbers);
	if (accounts.length > 0 && !accounts.includes((transaction.accountNumber ?? '').trim())) {
		return 'account number is not in the list';
	}
	const subAccounts = splitList(filters.subAccounts).map((entry) => entry.toUpperCase());
	if (
		subAccounts.length > 0 &&
		!subAccounts.includes((transaction.subAccount ?? '').trim().toUpperCase())
	) {
		return 'sub-account (VA) is not in the list';
	}
	if (filters.requirePaymentCode === true && transaction.code === null) {
		return 'no payment code';
	}
	const prefixes = splitList(filters.paymentCodePrefix).map((entry) => entry.toUpperCase());
	if (prefixes.length > 0) {
		const code = (transaction.code ?? '').toUpperCase();
		if (code === '' || !prefixes.some((prefix) => code.startsWith(prefix))) {
			return 'payment code does not start with the prefix';
		}
	}
	return undefined;
}
