// The dropdowns of Create: getTemplates (loadOptions) and searchProviderAccounts (listSearch),
// run through n8n-core's LoadOptionsContext against the simulator.
import type { NodeParameterValueType } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';

import { SePayEInvoice } from '../../../nodes/SePayEInvoice/SePayEInvoice.node';
import { listSearch, loadOptions } from '../../harness/loadOptions';
import { credentialsFor, SePaySimulator, startSim } from '../../support';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await startSim({ providerAccountCount: 230 });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.clearRequests());

const createForm = (providerAccount: NodeParameterValueType) => ({ resource: 'invoice', operation: 'create', providerAccount });

describe('getTemplates', () => {
	test('template|series values with SePay’s labels, for the chosen account', async () => {
		const account = sim.providerAccounts[1];
		const store = credentialsFor(sim);
		const options = await loadOptions('getTemplates', {
			store,
			parameters: createForm({ __rl: true, mode: 'list', value: account.id }),
			path: 'parameters.templateAndSeries',
		});
		expect(options).toEqual([
			{ name: '1 - C26TAA - Hóa đơn giá trị gia tăng', value: '1|C26TAA', description: 'Template 1, series C26TAA' },
			{ name: '2 - C26TBB - Hóa đơn bán hàng', value: '2|C26TBB', description: 'Template 2, series C26TBB' },
		]);
		expect(options.map((o) => o.value)).toEqual(account.templates.map((t) => `${t.template_code}|${t.invoice_series}`));
		const calls = sim.requests.filter((r) => r.path !== '/v1/token');
		expect(calls.map((r) => [r.method, r.path, r.query])).toEqual([['GET', `/v1/provider-accounts/${account.id}`, {}]]);
		const token = String((await store.storedData('sePayEInvoiceApi'))?.accessToken ?? '');
		expect(token).not.toBe('');
		expect(calls[0].headers.authorization).toBe(`Bearer ${token}`);
	});

	test('account chosen by ID works the same', async () => {
		const options = await loadOptions('getTemplates', {
			store: credentialsFor(sim),
			parameters: createForm({ __rl: true, mode: 'id', value: sim.activeProviderAccountId }),
		});
		expect(options.map((o) => o.value)).toEqual(['1|C26TAA', '2|C26TBB']);
	});

	// The editor loads this list as soon as Create opens: an error here is the user's first impression.
	test.each([
		['list mode, nothing picked', { __rl: true, mode: 'list', value: '' }],
		['ID mode, blank', { __rl: true, mode: 'id', value: '   ' }],
		['parameter missing', undefined],
	])('no account chosen (%s): an empty list, no request', async (_case, providerAccount) => {
		const form = providerAccount === undefined ? { resource: 'invoice', operation: 'create' } : createForm(providerAccount);
		const options = await loadOptions('getTemplates', { store: credentialsFor(sim), parameters: form, path: 'parameters.templateAndSeries' });
		expect(options).toEqual([]);
		expect(sim.requests).toEqual([]);
	});

	// Switching Create → Delete Draft, the editor asks once more with the new form, which has
	// no Provider Account field (n8n 2.41.1 in Chromium answered HTTP 500 "Could not find property").
	test.each(['deleteDraft', 'get', 'getAll'])('operation %s (no Provider Account field): an empty list, no request', async (operation) => {
		const options = await loadOptions('getTemplates', {
			store: credentialsFor(sim),
			parameters: { resource: 'invoice', operation, referenceCode: '' },
			path: 'parameters.templateAndSeries',
		});
		expect(options).toEqual([]);
		expect(sim.requests).toEqual([]);
	});

	test('the field says whose templates it lists, and that it stays empty without an account', () => {
		const field = new SePayEInvoice().description.properties.find((p) => p.name === 'templateAndSeries');
		expect(field?.hint).toMatch(/^Lists the templates \(mẫu số\) and series \(ký hiệu\) of the Provider Account above \(empty until one is chosen\)\. /);
		expect(field?.typeOptions?.loadOptionsDependsOn).toEqual(['providerAccount.value']);
	});

	test('unknown account: SePay’s NOT_FOUND', async () => {
		await expect(
			loadOptions('getTemplates', { store: credentialsFor(sim), parameters: createForm({ __rl: true, mode: 'id', value: 'no-such-account' }) }),
		).rejects.toThrow('SePay error NOT_FOUND: Không tìm thấy tài khoản nhà cung cấp.');
	});
});

describe('searchProviderAccounts', () => {
	const label = (a: SePaySimulator['providerAccounts'][number]) =>
		`${a.provider} · ${a.id} (${a.tax_authority_approved_date ? `approved ${a.tax_authority_approved_date}` : 'not yet approved by CQT'})`;
	const expectedPage = (page: number) =>
		sim.providerAccounts
			.slice((page - 1) * 100, page * 100)
			.filter((a) => a.active)
			.map((a) => ({ name: label(a), value: a.id }));

	test('first page: only active accounts, labelled, with a paging token', async () => {
		const result = await listSearch('searchProviderAccounts', { store: credentialsFor(sim), parameters: createForm({ __rl: true, mode: 'list', value: '' }) });
		expect(result).toEqual({ results: expectedPage(1), paginationToken: '2' });
		expect(result.results).toHaveLength(80);
		const inactive = new Set(sim.providerAccounts.filter((a) => !a.active).map((a) => a.id));
		expect(inactive.size).toBeGreaterThan(0);
		expect(result.results.some((r) => inactive.has(String(r.value)))).toBe(false);
		expect(result.results[0]).toEqual({ name: label(sim.providerAccounts[0]), value: sim.activeProviderAccountId });
		expect(result.results.some((r) => r.name.endsWith('(not yet approved by CQT)'))).toBe(true);
		expect(sim.requestsTo('GET', '/v1/provider-accounts').map((r) => r.query)).toEqual([{ page: '1', per_page: '100' }]);
	});

	test('paging token walks to the last page, which has no token', async () => {
		const store = credentialsFor(sim);
		const page2 = await listSearch('searchProviderAccounts', { store, parameters: createForm({}), paginationToken: '2' });
		expect(page2).toEqual({ results: expectedPage(2), paginationToken: '3' });
		const page3 = await listSearch('searchProviderAccounts', { store, parameters: createForm({}), paginationToken: '3' });
		expect(page3).toEqual({ results: expectedPage(3), paginationToken: undefined });
		expect(page3.results).toHaveLength(24);
		expect(sim.requestsTo('GET', '/v1/provider-accounts').map((r) => r.query)).toEqual([
			{ page: '2', per_page: '100' },
			{ page: '3', per_page: '100' },
		]);
	});

	test('filter: case-insensitive match on the label', async () => {
		const result = await listSearch('searchProviderAccounts', { store: credentialsFor(sim), parameters: createForm({}), filter: ' BKAV ' });
		expect(result.results).toEqual(expectedPage(1).filter((r) => r.name.startsWith('bkav ·')));
		expect(result.results.length).toBeGreaterThan(5);
		const byId = await listSearch('searchProviderAccounts', {
			store: credentialsFor(sim),
			parameters: createForm({}),
			filter: sim.activeProviderAccountId.slice(0, 13),
		});
		expect(byId.results.map((r) => r.value)).toContain(sim.activeProviderAccountId);
	});
});
