// Invoice → Delete Draft (POST /v1/invoices/delete/{reference_code}).
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';

import { errorOf, SePaySimulator, startSim } from '../../support';
import { createInvoice, run } from './helpers';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await startSim({ processing: { checks: 0, ms: 0 } });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.clearRequests());

const deleteParams = (referenceCode: string) => ({ resource: 'invoice', operation: 'deleteDraft', referenceCode });

test('deletes a draft: SePay’s answer as output, the draft is gone', async () => {
	await createInvoice(sim, 'DEL-1', { mode: 'draft' });
	await createInvoice(sim, 'DEL-KEEP', { mode: 'draft' });
	sim.clearRequests();
	const result = await run(sim, { parameters: deleteParams('DEL-1') });
	expect(result.items).toEqual([
		{ json: { reference_code: 'DEL-1', message: 'Hóa đơn nháp đã được xóa thành công' }, pairedItem: { item: 0 } },
	]);
	expect(sim.invoices.has('DEL-1')).toBe(false);
	expect(sim.invoices.has('DEL-KEEP')).toBe(true);
	expect(sim.requests.filter((r) => r.path !== '/v1/token').map((r) => [r.method, r.path, r.query])).toEqual([
		['POST', '/v1/invoices/delete/DEL-1', {}],
	]);
});

test('deleting an issued invoice: SePay’s error, the invoice stays', async () => {
	await createInvoice(sim, 'DEL-ISSUED');
	const result = await run(sim, { parameters: deleteParams('DEL-ISSUED') });
	expect(result.items).toEqual([]);
	expect(errorOf(result)).toEqual({
		message: 'SePay error BAD_REQUEST: Chỉ xóa được hóa đơn nháp',
		description:
			"Only drafts can be deleted, and not while they are being issued. An issued invoice cannot be deleted: correct it with a replacement invoice (hóa đơn thay thế) or an adjustment invoice (hóa đơn điều chỉnh), or cancel it in SePay's web app (my.sepay.vn).",
		httpCode: '400',
		itemIndex: 0,
	});
	expect(sim.invoices.get('DEL-ISSUED')?.status).toBe('issued');
	expect(sim.requestsTo('POST', '/v1/invoices/delete/DEL-ISSUED')).toHaveLength(1);
});

test('deleting an unknown code: NOT_FOUND with a Delete Draft hint', async () => {
	const result = await run(sim, { parameters: deleteParams('DEL-NEVER') });
	expect(result.items).toEqual([]);
	expect(errorOf(result)).toEqual({
		message: 'SePay error NOT_FOUND: Không tìm thấy hóa đơn.',
		description:
			'No invoice has this reference code in this SePay environment, or the draft was already deleted. Check the code with Get and the Environment.',
		httpCode: '404',
		itemIndex: 0,
	});
	expect(sim.requestsTo('POST', '/v1/invoices/delete/DEL-NEVER')).toHaveLength(1);
});

test('deleting twice: the second is NOT_FOUND; continueOnFail outputs it as an error item', async () => {
	await createInvoice(sim, 'DEL-2', { mode: 'draft' });
	const result = await run(sim, {
		continueOnFail: true,
		items: [{}, {}],
		parameters: deleteParams('DEL-2'),
	});
	const outputs = result.items.map((i) => i.json);
	expect(outputs).toHaveLength(2);
	expect(outputs).toContainEqual({ reference_code: 'DEL-2', message: 'Hóa đơn nháp đã được xóa thành công' });
	expect(outputs).toContainEqual({
		error: 'SePay error NOT_FOUND: Không tìm thấy hóa đơn.',
		hint: 'No invoice has this reference code in this SePay environment, or the draft was already deleted. Check the code with Get and the Environment.',
		http_status: 404,
	});
	expect(sim.invoices.has('DEL-2')).toBe(false);
});

test('unsafe reference code: error, zero requests', async () => {
	const result = await run(sim, { parameters: deleteParams('../create') });
	expect(errorOf(result).message).toMatch(/^Reference Code: "\.\.\/create" contains characters that are not allowed/);
	expect(sim.requests).toEqual([]);
});
