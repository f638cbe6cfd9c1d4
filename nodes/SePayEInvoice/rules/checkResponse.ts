import type { IDataObject } from 'n8n-workflow';

/*
 * SePay documents a status check as reference_code, status and message only. Public
 * integrations also read `error_code` on Failed and retry information on Pending
 * (`retry.retries_count`, `max_retries`, `next_retry_at`). We read them when present, in
 * whatever type they come (numbers may be strings), and never require them.
 */

export interface CheckDetails {
	error_code?: string;
	retry?: { retries_count?: number; max_retries?: number; next_retry_at?: string };
}

function wholeNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

function someText(value: unknown): string | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/** The optional details of a check answer (`data` of GET …/check/{tracking_code}). */
export function checkDetailsOf(check: IDataObject): CheckDetails {
	const details: CheckDetails = {};
	const errorCode = someText(check.error_code);
	if (errorCode) details.error_code = errorCode;
	const raw = check.retry;
	if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
		const retry = raw as IDataObject;
		const parsed = {
			retries_count: wholeNumber(retry.retries_count),
			max_retries: wholeNumber(retry.max_retries),
			next_retry_at: someText(retry.next_retry_at),
		};
		const present = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined));
		if (Object.keys(present).length > 0) details.retry = present;
	}
	return details;
}
