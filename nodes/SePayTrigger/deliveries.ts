import type { IDataObject } from 'n8n-workflow';

/**
 * SePay redelivers a webhook it thinks failed (up to 7 times over ~33 minutes) and advises
 * de-duplicating on the transaction id. The ids that started a run are kept in the workflow's
 * static data, oldest first, bounded by count and age.
 *
 * n8n loads the static data at the start of each webhook call and saves it after the call, so
 * calls that overlap each load a stale copy and the last save wins. The n8n process therefore
 * also keeps the ids per workflow + trigger node: each call merges its copy into that memory,
 * checks and claims its id there (no await in between, so a copy arriving at the same moment
 * sees the claim), and writes the merged set back, so every save carries every id this
 * process knows.
 */
const REMEMBERED_DELIVERIES = { max: 5000, days: 7 } as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const FIELD = 'deliveredTransactions';

type Delivery = [id: number, firstSeenMs: number];

/** Transaction id → first seen (ms), per `<workflow id>:<node id>`, for this n8n process. */
const processMemory = new Map<string, Map<number, number>>();

function isDelivery(entry: unknown): entry is Delivery {
	return (
		Array.isArray(entry) &&
		entry.length === 2 &&
		typeof entry[0] === 'number' &&
		typeof entry[1] === 'number'
	);
}

function storedDeliveries(staticData: IDataObject): Delivery[] {
	const stored = staticData[FIELD];
	return Array.isArray(stored) ? stored.filter(isDelivery) : [];
}

function sameDeliveries(stored: unknown, deliveries: Delivery[]): boolean {
	return (
		Array.isArray(stored) &&
		stored.length === deliveries.length &&
		deliveries.every(
			([id, seenMs], index) =>
				isDelivery(stored[index]) && stored[index][0] === id && stored[index][1] === seenMs,
		)
	);
}

/**
 * Remembers the transaction id and returns true, or returns false when it already started a
 * run inside the window (seen in the static data or by this process). `memoryKey` names the
 * workflow and trigger node.
 */
export function rememberDelivery(
	staticData: IDataObject,
	memoryKey: string,
	id: number,
	nowMs: number,
): boolean {
	const known = processMemory.get(memoryKey) ?? new Map<number, number>();
	for (const [seenId, seenMs] of storedDeliveries(staticData)) {
		const knownMs = known.get(seenId);
		if (knownMs === undefined || seenMs < knownMs) known.set(seenId, seenMs);
	}
	const oldest = nowMs - REMEMBERED_DELIVERIES.days * DAY_MS;
	for (const [seenId, seenMs] of known) if (seenMs < oldest) known.delete(seenId);

	const isNew = !known.has(id);
	if (isNew) known.set(id, nowMs);
	const kept = [...known]
		.sort(([, a], [, b]) => a - b)
		.slice(-REMEMBERED_DELIVERIES.max);
	processMemory.set(memoryKey, new Map(kept));
	// Assigned only when it differs: n8n's static data notices the change and saves it.
	if (!sameDeliveries(staticData[FIELD], kept)) staticData[FIELD] = kept;
	return isNew;
}
