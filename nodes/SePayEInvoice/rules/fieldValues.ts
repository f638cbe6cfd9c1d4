
import type { ItemInput } from './validation';
import { inputError } from './validation';

/** Numbers and texts from the node's fields, checked with an error naming field and item. */

type Context = ItemInput;

const MAX_TEXT_LENGTH = 1000;

export function toNumber(context: Context, field: string, value: unknown): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw inputError(context, field, `must be a number, got ${JSON.stringify(value)}`, 'Enter a plain number such as 150000 (no thousands separators or currency signs).');
	}
	return number;
}

export function hasAtMostTwoDecimals(value: number): boolean {
	return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

export function optionalText(context: Context, field: string, value: unknown, maxLength = MAX_TEXT_LENGTH): string | undefined {
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

/** A number from SePay's answer (numbers may come as strings), or undefined. */
export function numberOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value.trim());
		return Number.isFinite(parsed) ? parsed : undefined;
	}
	return undefined;
}
