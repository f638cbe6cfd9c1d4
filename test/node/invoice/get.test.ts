// Invoice → Get (GET /v1/invoices/{reference_code}).
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';

import { invoiceDetail } from '../../simulator/routes.ts';
import { errorOf, SePaySimulator, startSim } from '../../support';
import { createInvoice, run } from './helpers';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await startSim({ processing: { checks: 0, ms: 0 } });
	await createInvoice(sim, 'GET-1', {
		buyerType: 'company',
		buyerName: 'Công ty ABC',
		buyerDetails: { taxCode: '0101234567', email: 'a@abc.vn' },
		lineItems: {
			item: [
				{ itemName: 'Cà phê', quantity: 2, unitPrice: 100000, taxRate: '10' },
				{ lineType: 4, itemName: 'Ghi chú' },
			],
		},
		additionalFields: { notes: 'Giao tận nơi' },
	});
	await createInvoice(sim, 'GET:2@shop', { mode: 'draft' });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.clearRequests());

const getParams = (referenceCode: string) => ({ resource: 'invoice', operation: 'get', referenceCode });

test('outputs SePay’s invoice detail without the envelope', async () => {
	const result = await run(sim, { parameters: getParams('GET-1') });
	expect(result.items).toEqual([{ json: invoiceDetail(sim.invoices.get('GET-1')!), pairedItem: { item: 0 } }]);
	expect(result.items[0].json).toMatchObject({
		status: 'issued',
		total_amount: 220000,
		notes: 'Giao tận nơi',
		items: [
			expect.objectContaining({ line_number: 1, item_name: 'Cà phê', quantity: '2.00', tax_rate: '10.00' }),
			expect.objectContaining({ line_number: 2, line_type: 4, item_name: 'Ghi chú' }),
		],
	});
	expect(sim.requests.filter((r) => r.path !== '/v1/token').map((r) => [r.method, r.path, r.query, r.body])).toEqual([
		['GET', '/v1/invoices/GET-1', {}, undefined],
	]);
});

test('reference codes are encoded into the path; one request per item', async () => {
	const result = await run(sim, {
		items: [{ ref: 'GET:2@shop' }, { ref: 'GET-1' }],
		parameters: getParams('={{ $json.ref }}'),
	});
	expect(result.items.map((i) => [i.json.reference_code, i.json.status, i.pairedItem])).toEqual([
		['GET:2@shop', 'draft', { item: 0 }],
		['GET-1', 'issued', { item: 1 }],
	]);
	expect(sim.requestsTo('GET', '/v1/invoices/*').map((r) => r.path).sort()).toEqual([
		'/v1/invoices/GET%3A2%40shop',
		'/v1/invoices/GET-1',
	]);
});

test('unknown reference code: SePay’s NOT_FOUND with a hint; continueOnFail keeps going', async () => {
	const result = await run(sim, { parameters: getParams('NOPE-1') });
	expect(errorOf(result)).toEqual({
		message: 'SePay error NOT_FOUND: Không tìm thấy hóa đơn.',
		description: 'Nothing matches that ID or code in this SePay environment. Check the value and the Environment.',
		httpCode: '404',
		itemIndex: 0,
	});
	const cof = await run(sim, { continueOnFail: true, items: [{ ref: 'NOPE-2' }, { ref: 'GET-1' }], parameters: getParams('={{ $json.ref }}') });
	expect(cof.items.map((i) => [i.json.error ?? i.json.reference_code, i.pairedItem])).toEqual([
		['SePay error NOT_FOUND: Không tìm thấy hóa đơn.', { item: 0 }],
		['GET-1', { item: 1 }],
	]);
});

test.each([
	['a slash', 'A/B', /^Reference Code: "A\/B" contains characters that are not allowed/],
	['a space', 'A B', /^Reference Code: "A B" contains characters that are not allowed/],
	['dot-dot', '..', /^Reference Code: "\.\." contains characters that are not allowed/],
	['empty (expression)', '={{ "" }}', /^Reference Code: is empty \[item 0\]$/],
	['too long', 'X'.repeat(101), /^Reference Code: is 101 characters long \(at most 100\)/],
])('reference code with %s: error, zero requests', async (_name, referenceCode, message) => {
	const result = await run(sim, { parameters: getParams(referenceCode) });
	expect(errorOf(result).message).toMatch(message);
	expect(errorOf(result).itemIndex).toBe(0);
	expect(sim.requests).toEqual([]);
});
