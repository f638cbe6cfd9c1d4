// Invoice → Create with "Wait for Result": polling GET /v1/invoices/create/check/{tracking_code}.
import { expect, test } from 'vitest';

import { invoiceSummary } from '../../simulator/routes.ts';
import { createParams, errorOf, SePaySimulator, shareSimulator, startSim } from '../../support';
import { createChecks, createRequests, run, jobOf } from './helpers';

let sim: SePaySimulator;
shareSimulator((started) => (sim = started));

const createJobOf = (reference: string) => jobOf(sim, reference, 'create');

test.each([0, 2])('Pending → Success after %i Pending checks: outputs the issued invoice', async (k) => {
	sim.setProcessing({ checks: k });
	const reference = `WAIT-OK-${k}`;
	const quotaBefore = sim.quotaRemaining;
	const result = await run(sim, { parameters: createParams(sim, { referenceCode: reference, maxPollAttempts: k + 1 }) });
	expect(result.error).toBeUndefined();

	const job = createJobOf(reference);
	const stored = sim.invoices.get(reference)!;
	expect(stored.status).toBe('issued');
	expect(result.items).toEqual([
		{
			json: {
				reference_code: reference,
				tracking_code: job.tracking_code,
				tracking_url: `${sim.url}/v1/invoices/create/check/${job.tracking_code}`,
				message: 'Xuất hóa đơn điện tử thành công',
				is_draft: false,
				status: 'Success',
				invoice: invoiceSummary(stored),
				checks: k + 1,
			},
			pairedItem: { item: 0 },
		},
	]);
	expect(job.tracking_code).not.toBe(reference);
	expect(createChecks(sim, job.tracking_code)).toHaveLength(k + 1);
	expect(createChecks(sim)).toHaveLength(k + 1);
	expect(createRequests(sim)).toHaveLength(1);
	expect(sim.quotaRemaining).toBe(quotaBefore - 1);
});

test('draft with wait: outputs the draft (number 0), uses no quota', async () => {
	const quotaBefore = sim.quotaRemaining;
	const result = await run(sim, { parameters: createParams(sim, { referenceCode: 'WAIT-DRAFT-1', mode: 'draft' }) });
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({
		reference_code: 'WAIT-DRAFT-1',
		is_draft: true,
		status: 'Success',
		checks: 2,
		invoice: { reference_code: 'WAIT-DRAFT-1', status: 'draft', invoice_number: '0' },
	});
	expect(sim.quotaRemaining).toBe(quotaBefore);
});

test('Failed (buyer tax code 0000000000): error with SePay’s message, nothing created', async () => {
	sim.setProcessing({ checks: 0 });
	const result = await run(sim, {
		parameters: createParams(sim, { referenceCode: 'WAIT-FAIL-1', buyerDetails: { taxCode: '0000000000' } }),
	});
	expect(result.items).toEqual([]);
	expect(errorOf(result)).toMatchObject({
		message: 'SePay could not create the invoice: Mã số thuế người mua không hợp lệ',
		description: 'Fix the data SePay names and create the invoice again. A failed request issued nothing.',
		itemIndex: 0,
	});
	expect(createChecks(sim)).toHaveLength(1);
	expect(sim.invoices.has('WAIT-FAIL-1')).toBe(false);
});

test('Failed with continueOnFail: an item with status Failed and error; the good item succeeds', async () => {
	sim.setProcessing({ checks: 0 });
	const result = await run(sim, {
		continueOnFail: true,
		items: [
			{ ref: 'WAIT-FAIL-2', mst: '0000000000' },
			{ ref: 'WAIT-OK-2B', mst: '0101234567' },
		],
		parameters: createParams(sim, { referenceCode: '={{ $json.ref }}', buyerDetails: { taxCode: '={{ $json.mst }}' } }),
	});
	const failedJob = createJobOf('WAIT-FAIL-2');
	expect(result.items[0]).toEqual({
		json: {
			reference_code: 'WAIT-FAIL-2',
			tracking_code: failedJob.tracking_code,
			tracking_url: `${sim.url}/v1/invoices/create/check/${failedJob.tracking_code}`,
			message: 'Mã số thuế người mua không hợp lệ',
			is_draft: false,
			status: 'Failed',
			checks: 1,
			error: 'SePay could not create the invoice: Mã số thuế người mua không hợp lệ',
			hint: 'Fix the data SePay names and create the invoice again. A failed request issued nothing.',
		},
		pairedItem: { item: 0 },
	});
	expect(result.items[1]).toMatchObject({ json: { reference_code: 'WAIT-OK-2B', status: 'Success' }, pairedItem: { item: 1 } });
	expect(sim.invoices.has('WAIT-FAIL-2')).toBe(false);
	expect(sim.invoices.get('WAIT-OK-2B')?.status).toBe('issued');
});

test('still Pending at Max Checks: error names the tracking code and Get Creation Status, exactly 2 checks', async () => {
	sim.setProcessing({ checks: 50 });
	const result = await run(sim, { parameters: createParams(sim, { referenceCode: 'WAIT-SLOW-1', maxPollAttempts: 2 }) });
	const { tracking_code } = createJobOf('WAIT-SLOW-1');
	expect(errorOf(result)).toMatchObject({
		message: `SePay is still processing (tracking code ${tracking_code}) after 2 checks`,
		itemIndex: 0,
	});
	expect(errorOf(result).description).toContain('"Get Creation Status"');
	expect(errorOf(result).description).toContain(`tracking code ${tracking_code}`);
	expect(createChecks(sim, tracking_code)).toHaveLength(2);
	expect(sim.invoices.has('WAIT-SLOW-1')).toBe(false);
});

test('still Pending with continueOnFail: item with status Pending, error and tracking code', async () => {
	sim.setProcessing({ checks: 50 });
	const result = await run(sim, {
		continueOnFail: true,
		parameters: createParams(sim, { referenceCode: 'WAIT-SLOW-2', maxPollAttempts: 1 }),
	});
	const { tracking_code } = createJobOf('WAIT-SLOW-2');
	expect(result.items[0].json).toMatchObject({
		reference_code: 'WAIT-SLOW-2',
		tracking_code,
		status: 'Pending',
		checks: 1,
		error: `SePay is still processing (tracking code ${tracking_code}) after 1 checks`,
	});
	expect(createChecks(sim)).toHaveLength(1);
});

test('without wait: tracking code, URL and reference code at once, zero checks', async () => {
	sim.setProcessing({ checks: 0 });
	const result = await run(sim, { parameters: createParams(sim, { referenceCode: 'NOWAIT-1', waitForResult: false }) });
	const { tracking_code } = createJobOf('NOWAIT-1');
	expect(result.items).toEqual([
		{
			json: {
				reference_code: 'NOWAIT-1',
				tracking_code,
				tracking_url: `${sim.url}/v1/invoices/create/check/${tracking_code}`,
				message: 'Đã tạo yêu cầu xuất bán hóa đơn điện tử',
				is_draft: false,
				status: 'Pending',
			},
			pairedItem: { item: 0 },
		},
	]);
	expect(createChecks(sim)).toHaveLength(0);
	expect(sim.requests.map((r) => `${r.method} ${r.path}`).filter((r) => !r.endsWith('/v1/token'))).toEqual([
		'POST /v1/invoices/create',
	]);
});

test('quota used up: SePay’s QUOTA_EXCEEDED with a hint, no check', async () => {
	sim.setQuota(0);
	try {
		const result = await run(sim, { parameters: createParams(sim, { referenceCode: 'WAIT-QUOTA-1' }) });
		expect(errorOf(result)).toMatchObject({
			message: 'SePay error QUOTA_EXCEEDED: Đã hết hạn ngạch xuất hóa đơn.',
			httpCode: '403',
			itemIndex: 0,
		});
		expect(errorOf(result).description).toContain('Save as Draft');
		expect(createChecks(sim)).toHaveLength(0);
	} finally {
		sim.setQuota(1000);
	}
});

test('50 items with wait: all issued, polled concurrently, one token request', async () => {
	const fresh = await startSim({ processing: { checks: 1, ms: 0 } });
	try {
		const items = Array.from({ length: 50 }, (_, i) => ({ n: i + 1 }));
		const result = await run(fresh, {
			items,
			parameters: createParams(fresh, { referenceCode: '={{ "BULK-" + $json.n }}' }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.reference_code, i.json.status, i.pairedItem])).toEqual(
			items.map((_, i) => [`BULK-${i + 1}`, 'Success', { item: i }]),
		);
		expect(new Set(result.items.map((i) => i.json.tracking_code)).size).toBe(50);
		expect(fresh.tokenRequestCount()).toBe(1);
		expect(fresh.stats.invoicesIssued).toBe(50);
		expect([...fresh.invoices.values()].filter((i) => i.status === 'issued')).toHaveLength(50);
		expect(fresh.requestsTo('POST', '/v1/invoices/create')).toHaveLength(50);
		expect(fresh.requestsTo('GET', '/v1/invoices/create/check/*')).toHaveLength(100);
	} finally {
		await fresh.close();
	}
});
