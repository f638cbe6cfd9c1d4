// Invoice → Get Creation Status (GET /v1/invoices/create/check/{tracking_code}).
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';

import { invoiceSummary } from '../../simulator/routes.ts';
import { createParams, errorOf, SePaySimulator, startSim } from '../../support';
import { createChecks, run } from './helpers';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await startSim();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.setProcessing({ checks: 1, ms: 0 }));

/** Submits a create without waiting; returns its tracking code. */
async function submit(reference: string, extra: Record<string, unknown> = {}): Promise<string> {
	const result = await run(sim, { parameters: createParams(sim, { referenceCode: reference, waitForResult: false, ...extra }) });
	if (result.error) throw result.error;
	sim.clearRequests();
	return result.items[0].json.tracking_code as string;
}

const statusParams = (trackingCode: string, extra: Record<string, unknown> = {}) => ({
	resource: 'invoice',
	operation: 'getCreationStatus',
	trackingCode,
	...extra,
});

test('without wait: one check, Pending then Success with the invoice', async () => {
	const tc = await submit('CS-1');
	const first = await run(sim, { parameters: statusParams(tc) });
	expect(first.items).toEqual([
		{ json: { reference_code: 'CS-1', status: 'Pending', message: 'Đang xử lý', tracking_code: tc }, pairedItem: { item: 0 } },
	]);
	expect(sim.requests.filter((r) => r.path !== '/v1/token').map((r) => [r.method, r.path, r.query])).toEqual([
		['GET', `/v1/invoices/create/check/${tc}`, {}],
	]);

	const second = await run(sim, { parameters: statusParams(tc) });
	expect(second.items).toEqual([
		{
			json: {
				reference_code: 'CS-1',
				status: 'Success',
				message: 'Xuất hóa đơn điện tử thành công',
				invoice: invoiceSummary(sim.invoices.get('CS-1')!),
				tracking_code: tc,
			},
			pairedItem: { item: 0 },
		},
	]);
	expect(createChecks(sim, tc)).toHaveLength(2);
});

test('with Wait Until Done: keeps checking while Pending and outputs Success', async () => {
	sim.setProcessing({ checks: 2 });
	const tc = await submit('CS-2');
	const result = await run(sim, { parameters: statusParams(tc, { waitForResult: true, pollInterval: 0.5, maxPollAttempts: 5 }) });
	expect(result.items).toEqual([
		{
			json: {
				reference_code: 'CS-2',
				status: 'Success',
				message: 'Xuất hóa đơn điện tử thành công',
				invoice: invoiceSummary(sim.invoices.get('CS-2')!),
				tracking_code: tc,
				checks: 3,
			},
			pairedItem: { item: 0 },
		},
	]);
	expect(createChecks(sim, tc)).toHaveLength(3);
});

test('with Wait Until Done on a finished job: one check, no waiting', async () => {
	sim.setProcessing({ checks: 0 });
	const tc = await submit('CS-3');
	const result = await run(sim, { parameters: statusParams(tc, { waitForResult: true, pollInterval: 0.5 }) });
	expect(result.items[0].json).toMatchObject({ reference_code: 'CS-3', status: 'Success', checks: 1, tracking_code: tc });
	expect(createChecks(sim, tc)).toHaveLength(1);
});

test('Failed without wait: reported as the status, not as an error', async () => {
	sim.setProcessing({ checks: 0 });
	const tc = await submit('CS-FAIL-1', { buyerDetails: { taxCode: '0000000000' } });
	const result = await run(sim, { parameters: statusParams(tc) });
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toEqual({
		reference_code: 'CS-FAIL-1',
		status: 'Failed',
		message: 'Mã số thuế người mua không hợp lệ',
		tracking_code: tc,
	});
});

test('Failed with Wait Until Done: error with SePay’s message', async () => {
	sim.setProcessing({ checks: 0 });
	const tc = await submit('CS-FAIL-2', { templateAndSeries: '1|C99XYZ' });
	const result = await run(sim, { parameters: statusParams(tc, { waitForResult: true, pollInterval: 0.5 }) });
	expect(errorOf(result)).toMatchObject({
		message: 'SePay could not create the invoice: Ký hiệu hóa đơn không hợp lệ',
		description: 'Fix the data SePay names and create the invoice again. A failed request issued nothing.',
		itemIndex: 0,
	});
});

test('Failed with Wait Until Done and continueOnFail: a Failed item with error and hint', async () => {
	sim.setProcessing({ checks: 0 });
	const tc = await submit('CS-FAIL-3', { templateAndSeries: '1|C99XYZ' });
	const cof = await run(sim, { continueOnFail: true, parameters: statusParams(tc, { waitForResult: true, pollInterval: 0.5 }) });
	expect(cof.items).toEqual([
		{
			json: {
				reference_code: 'CS-FAIL-3',
				status: 'Failed',
				message: 'Ký hiệu hóa đơn không hợp lệ',
				tracking_code: tc,
				checks: 1,
				error: 'SePay could not create the invoice: Ký hiệu hóa đơn không hợp lệ',
				hint: 'Fix the data SePay names and create the invoice again. A failed request issued nothing.',
			},
			pairedItem: { item: 0 },
		},
	]);
	expect(createChecks(sim, tc)).toHaveLength(1);
});

test('still Pending at Max Checks with Wait Until Done: error naming the tracking code', async () => {
	sim.setProcessing({ checks: 50 });
	const tc = await submit('CS-SLOW-1');
	const result = await run(sim, { parameters: statusParams(tc, { waitForResult: true, pollInterval: 0.5, maxPollAttempts: 2 }) });
	expect(errorOf(result).message).toBe(`SePay is still processing (tracking code ${tc}) after 2 checks`);
	expect(errorOf(result).description).toContain('"Get Creation Status"');
});

test('still Pending at Max Checks with Wait Until Done: exactly Max Checks checks, then a Pending item (continueOnFail)', async () => {
	sim.setProcessing({ checks: 50 });
	const tc = await submit('CS-SLOW-2');
	const result = await run(sim, {
		continueOnFail: true,
		parameters: statusParams(tc, { waitForResult: true, pollInterval: 0.5, maxPollAttempts: 2 }),
	});
	expect(result.items[0].json).toMatchObject({
		reference_code: 'CS-SLOW-2',
		status: 'Pending',
		checks: 2,
		tracking_code: tc,
		error: `SePay is still processing (tracking code ${tc}) after 2 checks`,
		hint: expect.stringContaining('"Get Creation Status"'),
	});
	expect(createChecks(sim, tc)).toHaveLength(2);
});

test('unknown tracking code: SePay’s NOT_FOUND with a hint; continueOnFail keeps the other items', async () => {
	const tc = await submit('CS-4');
	const missing = '7d1f7a4e-0000-4000-8000-000000000000';
	const result = await run(sim, { parameters: statusParams(missing) });
	expect(errorOf(result)).toMatchObject({
		message: 'SePay error NOT_FOUND: Không tìm thấy yêu cầu với tracking_code này.',
		httpCode: '404',
		itemIndex: 0,
	});
	expect(errorOf(result).description).toContain('Nothing matches');

	const cof = await run(sim, {
		continueOnFail: true,
		items: [{ tc: missing }, { tc }],
		parameters: statusParams('={{ $json.tc }}'),
	});
	expect(cof.items.map((i) => [i.json.error ?? i.json.status, i.pairedItem])).toEqual([
		['SePay error NOT_FOUND: Không tìm thấy yêu cầu với tracking_code này.', { item: 0 }],
		['Pending', { item: 1 }],
	]);
});

test('a tracking code with unsafe characters: error, zero requests', async () => {
	sim.clearRequests();
	const result = await run(sim, { parameters: statusParams('abc/../../v1/usage') });
	expect(errorOf(result)).toMatchObject({ itemIndex: 0 });
	expect(errorOf(result).message).toMatch(/^Tracking Code: "abc\/\.\.\/\.\.\/v1\/usage" contains characters that are not allowed/);
	expect(sim.requests).toEqual([]);
});
