import type { IDataObject } from 'n8n-workflow';

/**
 * SePay redelivers a webhook it thinks failed (up to 7 times over ~33 minutes) and advises
 * de-duplicating on the transaction id. The ids that started a run are kept in the workflow's
 * static data (n8n saves it after each production call), oldest first, bounded by count and age.
 */
export const REMEMBERED_DELIVERIES = { max: 5000, days: 7 } as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const FIELD = 'deliveredTransactions';

type Delivery = [id: number, firstSeenMs: number];

function isDelivery(entry: unknown): entry is Delivery {
	return (
		Array.isArray(entry) &&
		entry.length === 2 &&
		typeof entry[0] === 'number' &&
		typeof entry[1] === 'number'
	);
}

/** The remembered deliveries still inside the window. */
export function rememberedDeliveries(staticData: IDataObject, nowMs: number): Delivery[] {
	const stored = staticData[FIELD];
	if (!Array.isArray(stored)) return [];
	const oldest = nowMs - REMEMBERED_DELIVERIES.days * DAY_MS;
	return stored.filter(isDelivery).filter(([, seenMs]) => seenMs >= oldest);
}

/**
 * Remembers the transaction id and returns true, or returns false (remembering nothing) when
 * it already started a run inside the window.
 */
export function rememberDelivery(staticData: IDataObject, id: number, nowMs: number): boolean {
	const remembered = rememberedDeliveries(staticData, nowMs);
	if (remembered.some(([seenId]) => seenId === id)) return false;
	remembered.push([id, nowMs]);
	// A new array, assigned: n8n's static data notices the change and saves it.
	staticData[FIELD] = remembered.slice(-REMEMBERED_DELIVERIES.max);
	return true;
}
