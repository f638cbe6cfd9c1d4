// Invoice → Get Many (GET /v1/invoices, page/per_page, source filter).
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';

import { invoiceSummary } from '../../simulator/routes.ts';
import { createParams, errorOf, SePaySimulator, startSim } from '../../support';
import { run } from './helpers';

const SEEDED = 230;
let sim: SePaySimulator;
beforeAll(async () => {
	sim = await startSim({ processing: { checks: 0, ms: 0 }, seedInvoices: SEEDED });
	const created = await run(sim, {
		items: [{ n: 1 }, { n: 2 }, { n: 3 }],
		parameters: createParams(sim, { referenceCode: '={{ "API-" + $json.n }}' }),
	});
	if (created.error) throw created.error;
});
afterAll(async () => await sim.close());
beforeEach(() => sim.clearRequests());

/** SePay's list, newest first, optionally of one source. */
const expectedList = (source?: 'api' | 'manual') =>
	[...sim.invoices.values()]
		.filter((i) => !source || i.source === source)
		.sort((a, b) => b.seq - a.seq)
		.map(invoiceSummary);

const listQueries = () => sim.requestsTo('GET', '/v1/invoices').map((r) => r.query);
const listParams = (extra: Record<string, unknown> = {}) => ({ resource: 'invoice', operation: 'getAll', ...extra });

test('Return All: walks every page with per_page 100, newest first, one item per invoice', async () => {
	const result = await run(sim, { parameters: listParams({ returnAll: true }) });
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(SEEDED + 3);
	expect(result.items.map((i) => i.json)).toEqual(expectedList());
	expect(result.items.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
	expect(listQueries()).toEqual([
		{ page: '1', per_page: '100' },
		{ page: '2', per_page: '100' },
		{ page: '3', per_page: '100' },
	]);
});

test('Limit (default 50): one request for exactly that many', async () => {
	const result = await run(sim, { parameters: listParams() });
	expect(result.items.map((i) => i.json)).toEqual(expectedList().slice(0, 50));
	expect(listQueries()).toEqual([{ page: '1', per_page: '50' }]);
});

test('Limit 7', async () => {
	const result = await run(sim, { parameters: listParams({ limit: 7 }) });
	expect(result.items.map((i) => i.json.reference_code)).toEqual(expectedList().slice(0, 7).map((i) => i.reference_code));
	expect(listQueries()).toEqual([{ page: '1', per_page: '7' }]);
});

test('Limit 100 = one full page', async () => {
	const result = await run(sim, { parameters: listParams({ limit: 100 }) });
	expect(result.items.map((i) => i.json)).toEqual(expectedList().slice(0, 100));
	expect(listQueries()).toEqual([{ page: '1', per_page: '100' }]);
});

// Was a node bug (fixed in 231f5c7): the last page shrank to per_page 50, and page 2 of 50
// repeated rows 51–100. The page size must stay the same for the whole walk.
test('Limit 150: the first 150 invoices, no duplicates, per_page fixed at 100', async () => {
	const result = await run(sim, { parameters: listParams({ limit: 150 }) });
	const codes = result.items.map((i) => i.json.reference_code);
	expect(new Set(codes).size).toBe(150);
	expect(result.items.map((i) => i.json)).toEqual(expectedList().slice(0, 150));
	expect(listQueries()).toEqual([
		{ page: '1', per_page: '100' },
		{ page: '2', per_page: '100' },
	]);
});

test('Limit above the total: everything once, stops when SePay says no more', async () => {
	const result = await run(sim, { parameters: listParams({ limit: 1000 }) });
	expect(result.items.map((i) => i.json)).toEqual(expectedList());
	expect(listQueries()).toEqual([1, 2, 3].map((page) => ({ page: String(page), per_page: '100' })));
});

test.each([
	['api', 3],
	['manual', SEEDED],
] as const)('source filter %s: query source=%s, only those invoices', async (source, count) => {
	const result = await run(sim, { parameters: listParams({ returnAll: true, filters: { source } }) });
	expect(result.items).toHaveLength(count);
	expect(result.items.map((i) => i.json)).toEqual(expectedList(source));
	expect(new Set(result.items.map((i) => i.json.source))).toEqual(new Set([source]));
	expect(listQueries().map((q) => q.source)).toEqual(Array(Math.ceil(count / 100)).fill(source));
	expect(listQueries()[0]).toEqual({ source, page: '1', per_page: '100' });
});

test('an empty list outputs no items and no error', async () => {
	const empty = await startSim();
	try {
		const result = await run(empty, { parameters: listParams({ returnAll: true }) });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
		expect(empty.requestsTo('GET', '/v1/invoices').map((r) => r.query)).toEqual([{ page: '1', per_page: '100' }]);
	} finally {
		await empty.close();
	}
});

test('SePay error on a page: the node fails with SePay’s message', async () => {
	sim.queueFault({ method: 'GET', path: '/v1/invoices', kind: 'serverError', status: 500, times: 10 });
	try {
		const result = await run(sim, { parameters: listParams({ returnAll: true, reliability: { maxRetries: 0 } }) });
		expect(errorOf(result)).toMatchObject({
			message: 'SePay error INTERNAL_SERVER_ERROR: Lỗi hệ thống, vui lòng thử lại sau.',
			httpCode: '500',
		});
	} finally {
		sim.clearFaults();
	}
});
