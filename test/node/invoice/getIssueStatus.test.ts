// Invoice → Get Issue Status (GET /v1/invoices/issue/check/{tracking_code}).
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';

import { invoiceSummary } from '../../simulator/routes.ts';
import { createParams, errorOf, SePaySimulator, startSim } from '../../support';
import { createInvoice, issueChecks, run } from './helpers';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await startSim({ processing: { checks: 0, ms: 0 } });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.setProcessing({ checks: 0, ms: 0 }));

/** A draft, then Issue Draft without waiting; returns the issue tracking code. */
async function submitIssue(reference: string, pendingChecks: number): Promise<string> {
	sim.setProcessing({ checks: 0 });
	await createInvoice(sim, reference, { mode: 'draft' });
	sim.setProcessing({ checks: pendingChecks });
	const result = await run(sim, {
		parameters: { resource: 'invoice', operation: 'issue', referenceCode: reference, waitForResult: false },
	});
	if (result.error) throw result.error;
	sim.clearRequests();
	return result.items[0].json.tracking_code as string;
}

const statusParams = (trackingCode: string, extra: Record<string, unknown> = {}) => ({
	resource: 'invoice',
	operation: 'getIssueStatus',
	trackingCode,
	...extra,
});

test('without wait: one check, Pending then Success with the issued invoice', async () => {
	const tc = await submitIssue('IS-1', 1);
	const first = await run(sim, { parameters: statusParams(tc) });
	expect(first.items).toEqual([
		{ json: { reference_code: 'IS-1', status: 'Pending', message: 'Đang xử lý', tracking_code: tc }, pairedItem: { item: 0 } },
	]);
	expect(sim.requests.filter((r) => r.path !== '/v1/token').map((r) => `${r.method} ${r.path}`)).toEqual([
		`GET /v1/invoices/issue/check/${tc}`,
	]);
	const second = await run(sim, { parameters: statusParams(tc) });
	const stored = sim.invoices.get('IS-1')!;
	expect(stored.status).toBe('issued');
	expect(second.items[0].json).toEqual({
		reference_code: 'IS-1',
		status: 'Success',
		message: 'Xuất bán hóa đơn điện tử thành công',
		invoice: invoiceSummary(stored),
		tracking_code: tc,
	});
	expect(issueChecks(sim, tc)).toHaveLength(2);
});

test('with Wait Until Done: Pending twice, then Success after 3 checks', async () => {
	const tc = await submitIssue('IS-2', 2);
	const result = await run(sim, { parameters: statusParams(tc, { waitForResult: true, pollInterval: 0.5, maxPollAttempts: 3 }) });
	expect(result.items[0].json).toEqual({
		reference_code: 'IS-2',
		status: 'Success',
		message: 'Xuất bán hóa đơn điện tử thành công',
		invoice: invoiceSummary(sim.invoices.get('IS-2')!),
		tracking_code: tc,
		checks: 3,
	});
	expect(issueChecks(sim, tc)).toHaveLength(3);
});

async function submitFailingIssue(reference: string): Promise<string> {
	sim.setProcessing({ checks: 0 });
	await createInvoice(sim, reference, { mode: 'draft' });
	sim.queueJobFailure({ kind: 'issue', message: 'Chữ ký số không hợp lệ' });
	const issued = await run(sim, {
		parameters: { resource: 'invoice', operation: 'issue', referenceCode: reference, waitForResult: false },
	});
	return issued.items[0].json.tracking_code as string;
}

test('Failed without wait: the status, not an error; with wait + continueOnFail: Failed item', async () => {
	const tc = await submitFailingIssue('IS-FAIL-1');
	const plain = await run(sim, { parameters: statusParams(tc) });
	expect(plain.items[0].json).toEqual({
		reference_code: 'IS-FAIL-1',
		status: 'Failed',
		message: 'Chữ ký số không hợp lệ',
		tracking_code: tc,
	});
	const cof = await run(sim, { continueOnFail: true, parameters: statusParams(tc, { waitForResult: true, pollInterval: 0.5 }) });
	expect(cof.items[0].json).toEqual({
		reference_code: 'IS-FAIL-1',
		status: 'Failed',
		message: 'Chữ ký số không hợp lệ',
		tracking_code: tc,
		checks: 1,
		error: 'SePay could not issue the invoice: Chữ ký số không hợp lệ',
		hint: 'Fix what SePay names, then issue the draft again.',
	});
	expect(sim.invoices.get('IS-FAIL-1')?.status).toBe('draft');
});

test('Failed with Wait Until Done: error with SePay’s message', async () => {
	const tc = await submitFailingIssue('IS-FAIL-2');
	const waited = await run(sim, { parameters: statusParams(tc, { waitForResult: true, pollInterval: 0.5 }) });
	expect(errorOf(waited)).toMatchObject({
		message: 'SePay could not issue the invoice: Chữ ký số không hợp lệ',
		description: 'Fix what SePay names, then issue the draft again.',
		itemIndex: 0,
	});
});

test('still Pending at Max Checks: error names the tracking code and "Get Issue Status"', async () => {
	const tc = await submitIssue('IS-SLOW-1', 50);
	const result = await run(sim, { parameters: statusParams(tc, { waitForResult: true, pollInterval: 0.5, maxPollAttempts: 1 }) });
	expect(errorOf(result).message).toBe(`SePay is still processing (tracking code ${tc}) after 1 checks`);
	expect(errorOf(result).description).toContain('"Get Issue Status"');
});

test('still Pending at Max Checks (continueOnFail): exactly Max Checks checks, Pending item', async () => {
	const tc = await submitIssue('IS-SLOW-2', 50);
	const result = await run(sim, {
		continueOnFail: true,
		parameters: statusParams(tc, { waitForResult: true, pollInterval: 0.5, maxPollAttempts: 1 }),
	});
	expect(result.items[0].json).toMatchObject({
		reference_code: 'IS-SLOW-2',
		status: 'Pending',
		checks: 1,
		error: `SePay is still processing (tracking code ${tc}) after 1 checks`,
		hint: expect.stringContaining('"Get Issue Status"'),
	});
	expect(issueChecks(sim, tc)).toHaveLength(1);
});

test('a create tracking code is not an issue tracking code: NOT_FOUND', async () => {
	const created = await run(sim, { parameters: createParams(sim, { referenceCode: 'IS-CREATE-TC', waitForResult: false }) });
	const createTc = created.items[0].json.tracking_code as string;
	const result = await run(sim, { parameters: statusParams(createTc) });
	expect(errorOf(result)).toMatchObject({
		message: 'SePay error NOT_FOUND: Không tìm thấy yêu cầu với tracking_code này.',
		httpCode: '404',
	});
	expect(sim.requestsTo('GET', `/v1/invoices/issue/check/${createTc}`)).toHaveLength(1);
});
