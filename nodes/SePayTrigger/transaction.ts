import type { IDataObject } from 'n8n-workflow';

import { toVietnamIso } from '../SePayEInvoice/rules/dates';

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
