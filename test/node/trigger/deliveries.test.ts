/* eslint-disable */
// SePay Trigger: Skip Repeated Deliveries. SePay redelivers a webhook when it misses the
// success answer; a transaction id that already started a run is answered {"success": true}
// and starts none. The ids live in the workflow's static data (production calls only), last
// 5,000 ids within 7 days, and in the n8n process, so calls that overlap (each loading a
// stale copy of the static data, the last save winning, as in n8n) lose none.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { IDataObject, INodeParameters, WorkflowExecuteMode } from 'n8n-workflow';

import { SAMPLE, credentialStore, hostForTest } from './harness';
import type { TriggerHost } from './harness';

const DAY_MS = 24 * 60 * 60 * 1000;
async function start(parameters: INodeParameters = {}, mode?: WorkflowExecuteMode): Promise<TriggerHost> {
	return await hostForTest({ parameters: { authentication: 'none', ...parameters }, mode });
}

/** The node's static data as n8n stores it with the workflow (loaded by each call, saved after it). */
function memory(h: TriggerHost): IDataObject {
	return h.storedNodeStaticData();
}

/** The ids in the stored static data, in stored order. */
function savedIds(h: TriggerHost): number[] {
	return ((memory(h).deliveredTransactions ?? []) as number[][]).map(([id]) => id);
}

function idsFrom(first: number, count: number): number[] {
	return Array.from({ length: count }, (_, i) => first + i);
}

/**
 * Posts every id at once, the calls overlapping as in n8n (each loads the static data before
 * any of them saves); returns the ids that started a run, ascending.
 */
async function overlappingRunsFor(h: TriggerHost, ids: number[], headersFor: (raw: string) => Record<string, string> = () => ({})): Promise<number[]> {
	h.overlapNextCalls(ids.length);
	const results = await Promise.all(
		ids.map(async (id) => {
			const raw = JSON.stringify({ ...SAMPLE, id });
			return await h.post(undefined, { raw, headers: headersFor(raw) });
		}),
	);
	expect(results.map((r) => [r.status, r.text])).toEqual(ids.map(() => [200, '{"success":true}']));
	return results.flatMap((r) => (r.items ? [r.items[0].json.id as number] : [])).sort((a, b) => a - b);
}

/** Posts each id; returns the ids that started a run. Every answer must be 200 {"success": true}. */
async function runsFor(h: TriggerHost, ids: number[]): Promise<number[]> {
	const started: number[] = [];
	for (const id of ids) {
		const result = await h.post({ ...SAMPLE, id });
		expect([result.status, result.text], `id ${id}`).toEqual([200, '{"success":true}']);
		expect(result.call.result?.noWebhookResponse).toBe(true);
		if (result.items) started.push(result.items[0].json.id as number);
	}
	return started;
}

describe('Skip Repeated Deliveries (on by default), production calls', () => {
	test('a repeated delivery starts no second run and still gets {"success": true}', async () => {
		const h = await start();
		expect(await runsFor(h, [1001, 1001, 1002, 1001, 1002, 1003])).toEqual([1001, 1002, 1003]);
		expect((memory(h).deliveredTransactions as number[][]).map(([id]) => id)).toEqual([1001, 1002, 1003]);
	});

	test('the repeat is logged (info) without a second run', async () => {
		const h = await start();
		await runsFor(h, [2001]);
		const again = await h.post({ ...SAMPLE, id: 2001 });
		expect(again.items).toBeUndefined();
		expect(again.logs).toEqual([
			expect.objectContaining({ level: 'info', message: 'SePay Trigger "SePay Trigger": transaction 2001 was delivered again; no second run' }),
		]);
	});

	test('the same id as a string ("2001") is the same transaction', async () => {
		const h = await start();
		expect(await runsFor(h, [2001])).toEqual([2001]);
		const again = await h.post({ ...SAMPLE, id: '2001' });
		expect([again.status, again.items]).toEqual([200, undefined]);
	});

	test('filtered-out transactions are not remembered: they start no run either way', async () => {
		const h = await start({ filters: { minAmount: 1_000_000 } });
		const small = await h.post({ ...SAMPLE, id: 3001, transferAmount: 1000 });
		expect([small.status, small.items]).toEqual([200, undefined]);
		expect(memory(h).deliveredTransactions).toBeUndefined();
	});

	test('refused (401) and invalid (400) deliveries are not remembered: the genuine one still runs', async () => {
		const secret = 'whsec_deliveries_7a1c9e3b5d';
		const host = await hostForTest({ parameters: { authentication: 'hmac' }, store: credentialStore({ hmac: { secret } }) });
		const raw = JSON.stringify({ ...SAMPLE, id: 4001 });
		const timestamp = String(Math.floor(Date.now() / 1000));
		const signature = (key: string) => `sha256=${createHmac('sha256', key).update(`${timestamp}.${raw}`).digest('hex')}`;
		const forged = await host.post(undefined, { raw, headers: { 'x-sepay-signature': signature('whsec_forged_000000'), 'x-sepay-timestamp': timestamp } });
		expect([forged.status, forged.items]).toEqual([401, undefined]);
		const genuine = await host.post(undefined, { raw, headers: { 'x-sepay-signature': signature(secret), 'x-sepay-timestamp': timestamp } });
		expect([genuine.status, genuine.items?.length]).toEqual([200, 1]);
		const redelivered = await host.post(undefined, { raw, headers: { 'x-sepay-signature': signature(secret), 'x-sepay-timestamp': timestamp } });
		expect([redelivered.status, redelivered.text, redelivered.items]).toEqual([200, '{"success":true}', undefined]);
	});

	test('Response Code 201 is used for the answer to a repeat too', async () => {
		const h = await start({ options: { responseCode: 201 } });
		expect((await h.post({ ...SAMPLE, id: 5001 })).status).toBe(201);
		const again = await h.post({ ...SAMPLE, id: 5001 });
		expect([again.status, again.text, again.items]).toEqual([201, '{"success":true}', undefined]);
	});

	test('memory is bounded: the last 5,000 ids; the oldest beyond that is forgotten', async () => {
		const h = await start();
		const now = Date.now();
		// As saved by earlier runs: ids 1..5000, oldest first.
		memory(h).deliveredTransactions = Array.from({ length: 5000 }, (_, i) => [i + 1, now - 60_000 + i]);
		expect(await runsFor(h, [5000, 1])).toEqual([]);
		expect(await runsFor(h, [9999])).toEqual([9999]);
		const kept = memory(h).deliveredTransactions as number[][];
		expect(kept).toHaveLength(5000);
		expect([kept[0][0], kept[4999][0]]).toEqual([2, 9999]);
		// 1 was forgotten and runs again (pushing out 2); 3 is still remembered.
		expect(await runsFor(h, [1, 3])).toEqual([1]);
	});

	test('memory is bounded in time: an id first seen more than 7 days ago runs again', async () => {
		const h = await start();
		const now = Date.now();
		memory(h).deliveredTransactions = [
			[6001, now - 8 * DAY_MS],
			[6002, now - 6 * DAY_MS],
		];
		expect(await runsFor(h, [6001, 6002])).toEqual([6001]);
		expect((memory(h).deliveredTransactions as number[][]).map(([id]) => id)).toEqual([6002, 6001]);
	});

	test('unreadable saved memory is ignored, not fatal', async () => {
		const h = await start();
		memory(h).deliveredTransactions = 'garbage' as never;
		expect(await runsFor(h, [7001, 7001])).toEqual([7001]);
	});
});

describe('when repeats are not skipped', () => {
	test('Test-URL (manual) calls are not remembered: every test event starts a run', async () => {
		const h = await start({}, 'manual');
		expect(await runsFor(h, [8001, 8001, 8001])).toEqual([8001, 8001, 8001]);
		expect(memory(h).deliveredTransactions).toBeUndefined();
	});

	test('Skip Repeated Deliveries off: every delivery starts a run and nothing is stored', async () => {
		const h = await start({ skipRepeatedDeliveries: false });
		expect(await runsFor(h, [9001, 9001])).toEqual([9001, 9001]);
		expect(memory(h).deliveredTransactions).toBeUndefined();
	});
});

describe('deliveries whose calls overlap (n8n loads the static data at the start of a call, saves it after)', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	test('20 different payments at once: each starts one run, every id is saved, and 20 repeats at once start none', async () => {
		const h = await start();
		const ids = idsFrom(10001, 20);
		expect(await overlappingRunsFor(h, ids)).toEqual(ids);
		expect([...savedIds(h)].sort((a, b) => a - b)).toEqual(ids);
		expect(await overlappingRunsFor(h, ids)).toEqual([]);
		expect(await overlappingRunsFor(h, [...ids, 10021])).toEqual([10021]);
		expect([...savedIds(h)].sort((a, b) => a - b)).toEqual([...ids, 10021]);
	});

	test('two copies of one signed payment at the same moment start one run', async () => {
		const secret = 'whsec_overlap_3f9a1c7e5b';
		const h = await hostForTest({ parameters: { authentication: 'hmac' }, store: credentialStore({ hmac: { secret } }) });
		const headersFor = (raw: string) => {
			const timestamp = String(Math.floor(Date.now() / 1000));
			return { 'x-sepay-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`, 'x-sepay-timestamp': timestamp };
		};
		expect(await overlappingRunsFor(h, [11001, 11001], headersFor)).toEqual([11001]);
		expect(savedIds(h)).toEqual([11001]);
	});

	test('a save that lands late with a stale copy loses no id for good: the repeats start no run and the next save carries every id', async () => {
		const h = await start();
		const ids = idsFrom(12001, 5);
		expect(await runsFor(h, ids)).toEqual(ids);
		// What the workflow row holds after a call that loaded it before the others saved, saved last.
		memory(h).deliveredTransactions = [(memory(h).deliveredTransactions as number[][])[0]];
		expect(await runsFor(h, ids)).toEqual([]);
		expect(savedIds(h)).toEqual(ids);
	});

	test('the memory stays bounded: 5,000 saved ids and 20 new ones at once keep the newest 5,000', async () => {
		const h = await start();
		const now = Date.now();
		memory(h).deliveredTransactions = Array.from({ length: 5000 }, (_, i) => [i + 1, now - 60_000 + i]);
		const fresh = idsFrom(20001, 20);
		expect(await overlappingRunsFor(h, fresh)).toEqual(fresh);
		const kept = memory(h).deliveredTransactions as number[][];
		expect(kept).toHaveLength(5000);
		expect(kept.slice(0, 1).map(([id]) => id)).toEqual([21]);
		expect(kept.slice(-20).map(([id]) => id).sort((a, b) => a - b)).toEqual(fresh);
		// 1–20 are forgotten by the process too: they run again (pushing out 21 and 22); 23 is still remembered.
		expect(await runsFor(h, [1, 20, 23])).toEqual([1, 20]);
	});

	test('an id the process remembers ages out after 7 days even when the saved copy no longer holds it', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		const h = await start();
		expect(await runsFor(h, [13001])).toEqual([13001]);
		memory(h).deliveredTransactions = [];
		vi.setSystemTime(Date.now() + 6 * DAY_MS);
		expect(await runsFor(h, [13001])).toEqual([]);
		vi.setSystemTime(Date.now() + 2 * DAY_MS);
		memory(h).deliveredTransactions = [];
		expect(await runsFor(h, [13001])).toEqual([13001]);
	});
});
