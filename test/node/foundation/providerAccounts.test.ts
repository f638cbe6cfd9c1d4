// Provider Account → Get Many (paging, limit, filter, envelopes) and → Get (by id / from list).
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, test } from 'vitest';

import { runNode } from '../../harness/runNode';
import type { SePaySimulator } from '../../simulator/index.ts';
import { credentialsFor, freshSim, providerAccountGet, serialized } from '../../support';
import { requestLines, storedToken } from './helpers';

const getMany = (extra: Record<string, unknown>) => ({
	resource: 'providerAccount',
	operation: 'getAll',
	...extra,
});

/** What GET /v1/provider-accounts lists for an account. */
function listed(sim: SePaySimulator) {
	return sim.providerAccounts.map((a) => ({
		id: a.id,
		provider: a.provider,
		active: a.active,
		tax_authority_approved_date: a.tax_authority_approved_date,
	}));
}

function accountRequests(sim: SePaySimulator) {
	return requestLines(sim.requestsTo('*', /^\/v1\/provider-accounts/));
}

describe('Provider Account → Get Many', () => {
	for (const listEnvelopeWithSuccess of [false, true]) {
		test(`Return All: 250 accounts in order over pages 1..3 of 100 (listEnvelopeWithSuccess: ${listEnvelopeWithSuccess})`, async () => {
			const sim = await freshSim({ providerAccountCount: 250, listEnvelopeWithSuccess });
			const result = await runNode({ store: credentialsFor(sim), parameters: getMany({ returnAll: true }) });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json)).toEqual(listed(sim));
			expect(result.items).toHaveLength(250);
			expect(result.items.every((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toBe(true);
			expect(accountRequests(sim)).toEqual([
				'GET /v1/provider-accounts?page=1&per_page=100',
				'GET /v1/provider-accounts?page=2&per_page=100',
				'GET /v1/provider-accounts?page=3&per_page=100',
			]);
		});
	}

	test('Limit 7 → 7 items from one request with per_page=7', async () => {
		const sim = await freshSim({ providerAccountCount: 250 });
		const result = await runNode({ store: credentialsFor(sim), parameters: getMany({ returnAll: false, limit: 7 }) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual(listed(sim).slice(0, 7));
		expect(result.items.map((i) => i.pairedItem)).toEqual(Array(7).fill({ item: 0 }));
		expect(accountRequests(sim)).toEqual(['GET /v1/provider-accounts?page=1&per_page=7']);
	});

	test('default Limit (50) → 50 items, one request', async () => {
		const sim = await freshSim({ providerAccountCount: 250 });
		const result = await runNode({ store: credentialsFor(sim), parameters: getMany({}) });
		expect(result.items.map((i) => i.json)).toEqual(listed(sim).slice(0, 50));
		expect(accountRequests(sim)).toEqual(['GET /v1/provider-accounts?page=1&per_page=50']);
	});

	test('Limit 130 → the first 130 accounts, each once', async () => {
		const sim = await freshSim({ providerAccountCount: 250 });
		const result = await runNode({ store: credentialsFor(sim), parameters: getMany({ returnAll: false, limit: 130 }) });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(130);
		expect(result.items.every((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toBe(true);
		const lines = accountRequests(sim);
		expect(lines).toEqual([
			'GET /v1/provider-accounts?page=1&per_page=100',
			'GET /v1/provider-accounts?page=2&per_page=100',
		]);
		expect(result.items.map((i) => i.json)).toEqual(listed(sim).slice(0, 130));
	});

	test('filters.onlyActive + Return All → exactly the active accounts', async () => {
		const sim = await freshSim({ providerAccountCount: 250 });
		const active = listed(sim).filter((a) => a.active);
		const inactive = sim.providerAccounts.filter((a) => !a.active).length;
		expect(inactive).toBeGreaterThan(0);
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: getMany({ returnAll: true, filters: { onlyActive: true } }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(250 - inactive);
		expect(result.items.map((i) => i.json)).toEqual(active);
		expect(result.items.every((i) => i.json.active === true)).toBe(true);
		expect(result.items.every((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toBe(true);
		// the filter is applied by the node: SePay gets no filter parameter
		expect(accountRequests(sim)).toEqual([
			'GET /v1/provider-accounts?page=1&per_page=100',
			'GET /v1/provider-accounts?page=2&per_page=100',
			'GET /v1/provider-accounts?page=3&per_page=100',
		]);
	});

	test('filters.onlyActive: false returns inactive accounts too', async () => {
		const sim = await freshSim({ providerAccountCount: 12 });
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: getMany({ returnAll: true, filters: { onlyActive: false } }),
		});
		expect(result.items.map((i) => i.json)).toEqual(listed(sim));
		expect(result.items.some((i) => i.json.active === false)).toBe(true);
	});

	test('filters.onlyActive + Limit 50 → the first 50 active accounts, each once', async () => {
		const sim = await freshSim({ providerAccountCount: 250 });
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: getMany({ returnAll: false, limit: 50, filters: { onlyActive: true } }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual(listed(sim).filter((a) => a.active).slice(0, 50));
	});

	test('one call per input item: 2 input items → the list twice, each paired with its item', async () => {
		const sim = await freshSim({ providerAccountCount: 3 });
		const result = await runNode({
			store: credentialsFor(sim),
			items: [{ a: 1 }, { a: 2 }],
			parameters: getMany({ returnAll: true }),
		});
		expect(result.items.map((i) => [i.json.id, i.pairedItem])).toEqual([
			...listed(sim).map((a) => [a.id, { item: 0 }]),
			...listed(sim).map((a) => [a.id, { item: 1 }]),
		]);
		expect(accountRequests(sim)).toEqual([
			'GET /v1/provider-accounts?page=1&per_page=100',
			'GET /v1/provider-accounts?page=1&per_page=100',
		]);
	});
});

describe('Provider Account → Get', () => {
	for (const mode of ['id', 'list'] as const) {
		test(`mode '${mode}': the account with its templates, from GET /v1/provider-accounts/<id>`, async () => {
			const sim = await freshSim({ providerAccountCount: 5 });
			const account = sim.providerAccounts[3]!;
			const store = credentialsFor(sim);
			const result = await runNode({ store, parameters: providerAccountGet(account.id, mode) });
			expect(result.error).toBeUndefined();
			expect(result.items).toEqual([
				{
					json: {
						id: account.id,
						provider: account.provider,
						active: account.active,
						tax_authority_approved_date: account.tax_authority_approved_date,
						templates: account.templates,
					},
					pairedItem: { item: 0 },
				},
			]);
			const templates = result.items[0]!.json.templates as Array<Record<string, unknown>>;
			expect(templates).toHaveLength(2);
			expect(templates.map((t) => `${t.template_code}|${t.invoice_series}`)).toEqual(['1|C26TAA', '2|C26TBB']);
			expect(templates.every((t) => typeof t.invoice_label === 'string' && t.invoice_label !== '')).toBe(true);
			expect(result.items[0]!.json).not.toHaveProperty('success');

			const gets = sim.requestsTo('*', /^\/v1\/provider-accounts/);
			expect(requestLines(gets)).toEqual([`GET /v1/provider-accounts/${account.id}`]);
			expect(gets[0]!.headers.authorization).toBe(`Bearer ${await storedToken(store)}`);
			expect(gets[0]!.body).toBeUndefined();
		});
	}

	test('unknown id → "SePay error NOT_FOUND: …" with a hint, httpCode 404, item index', async () => {
		const sim = await freshSim();
		const store = credentialsFor(sim);
		const result = await runNode({ store, parameters: providerAccountGet('no-such-account', 'id') });
		expect(result.items).toEqual([]);
		expect(result.error?.message).toMatch(/^SePay error NOT_FOUND: \S/);
		expect(result.error?.description).toMatch(/Check the value and the Environment/);
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(requestLines(sim.requestsTo('*', /^\/v1\/provider-accounts/))).toEqual([
			'GET /v1/provider-accounts/no-such-account',
		]);
		// not retried, and no token / secret in what n8n keeps
		const text = serialized(result);
		expect(text).not.toContain(await storedToken(store));
		expect(text).not.toContain('demo-client-secret');
	});

	const badIds: Array<[string, 'id' | 'list', string, IDataObject[]]> = [
		['space via expression (mode id)', 'id', '={{ $json.id }}', [{ id: 'abc def' }]],
		['slash via expression (mode id)', 'id', '={{ $json.id }}', [{ id: '../usage' }]],
		['slash (mode list)', 'list', 'abc/def', [{}]],
		['space (mode list)', 'list', 'abc def', [{}]],
		['empty via expression (mode id)', 'id', '={{ $json.id }}', [{ id: '' }]],
		['missing via expression (mode list)', 'list', '={{ $json.id }}', [{}]],
	];
	for (const [name, mode, value, items] of badIds) {
		test(`invalid id: ${name} → error naming "Provider Account" and the item, zero requests`, async () => {
			const sim = await freshSim();
			const result = await runNode({ store: credentialsFor(sim), items, parameters: providerAccountGet(value, mode) });
			expect(result.items).toEqual([]);
			expect(result.error?.message).toMatch(/^Provider Account: .* \[item 0\]$/);
			expect(result.error?.context?.itemIndex).toBe(0);
			expect(sim.requestsTo('*', /provider-accounts/)).toHaveLength(0);
			expect(sim.requests).toHaveLength(0);
		});
	}

	test('invalid id on item 2 of 3 → error names item 2; only valid items reached SePay', async () => {
		const sim = await freshSim();
		const id = sim.activeProviderAccountId;
		const result = await runNode({
			store: credentialsFor(sim),
			items: [{ id }, { id }, { id: 'a b' }],
			parameters: providerAccountGet('={{ $json.id }}', 'id'),
		});
		expect(result.error?.message).toMatch(/^Provider Account: "a b" .*\[item 2\]$/);
		expect(result.error?.context?.itemIndex).toBe(2);
		expect(sim.requestsTo('GET', '/v1/provider-accounts/*').every((r) => r.path === `/v1/provider-accounts/${id}`)).toBe(true);
		expect(sim.requests.some((r) => r.path.includes('a b') || r.path.includes('a%20b'))).toBe(false);
	});

	// n8n's RoutingNode re-wraps whatever a declarative node throws (without Continue On Fail) in a
	// NodeApiError with httpCode "none"; our message, fix and item index come through intact.
	test('invalid id → our message, fix and item index (through n8n\'s wrapper), zero requests', async () => {
		const sim = await freshSim();
		const result = await runNode({ store: credentialsFor(sim), parameters: providerAccountGet('abc/def', 'list') });
		const error = result.error as { description?: string } | undefined;
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(result.error?.message).toMatch(/^Provider Account: "abc\/def" contains characters .*\[item 0\]$/);
		expect(error?.description).toMatch(/letters, digits/);
		expect(sim.requests).toHaveLength(0);
	});

	test('invalid id with Continue On Fail → an error item with the fix, zero requests', async () => {
		const sim = await freshSim();
		const result = await runNode({ store: credentialsFor(sim), continueOnFail: true, parameters: providerAccountGet('abc/def', 'list') });
		expect(result.items).toHaveLength(1);
		expect(result.items[0]!.json).toEqual({
			error: 'Provider Account: "abc/def" contains characters that are not allowed (spaces, /, ?, #, % or "..") [item 0]',
			hint: 'Use letters, digits and . _ - : only, e.g. ORDER-1001.',
		});
		expect(result.items[0]!.error).toBeUndefined();
		expect(result.items[0]!.pairedItem).toEqual({ item: 0 });
		expect(sim.requests).toHaveLength(0);
	});

	test('literal invalid id in mode "id" is refused by n8n\'s parameter validation before the run', async () => {
		const sim = await freshSim();
		await expect(runNode({ store: credentialsFor(sim), parameters: providerAccountGet('abc def', 'id') })).rejects.toThrow(
			/provider account ID holds letters, digits/,
		);
		expect(sim.requests).toHaveLength(0);
	});
});
