// Invoice → Issue Draft (POST /v1/invoices/issue + polling of the issue job).
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

const issueParams = (referenceCode: string, extra: Record<string, unknown> = {}) => ({
	resource: 'invoice',
	operation: 'issue',
	referenceCode,
	pollInterval: 0.5,
	...extra,
});

test('draft → Issue Draft with wait: issued, number assigned, quota minus one', async () => {
	await createInvoice(sim, 'ISSUE-1', { mode: 'draft' });
	expect(sim.invoices.get('ISSUE-1')).toMatchObject({ status: 'draft', invoice_number: '0' });
	sim.setProcessing({ checks: 1 });
	const quotaBefore = sim.quotaRemaining;
	sim.clearRequests();

	const result = await run(sim, { parameters: issueParams('ISSUE-1') });
	expect(result.error).toBeUndefined();
	const stored = sim.invoices.get('ISSUE-1')!;
	expect(stored.status).toBe('issued');
	expect(stored.invoice_number).toMatch(/^[1-9]\d*$/);
	expect(sim.quotaRemaining).toBe(quotaBefore - 1);

	const job = [...sim.jobs.values()].find((j) => j.kind === 'issue' && j.reference_code === 'ISSUE-1')!;
	expect(sim.requestsTo('POST', '/v1/invoices/issue').map((r) => r.body)).toEqual([{ reference_code: 'ISSUE-1' }]);
	expect(result.items).toEqual([
		{
			json: {
				reference_code: 'ISSUE-1',
				tracking_code: job.tracking_code,
				tracking_url: `${sim.url}/v1/invoices/issue/check/${job.tracking_code}`,
				message: 'Xuất bán hóa đơn điện tử thành công',
				status: 'Success',
				invoice: invoiceSummary(stored),
				checks: 2,
			},
			pairedItem: { item: 0 },
		},
	]);
	expect(issueChecks(sim, job.tracking_code)).toHaveLength(2);
});

test('without wait: tracking code at once, zero checks', async () => {
	await createInvoice(sim, 'ISSUE-2', { mode: 'draft' });
	sim.clearRequests();
	const result = await run(sim, { parameters: issueParams('ISSUE-2', { waitForResult: false }) });
	const job = [...sim.jobs.values()].find((j) => j.kind === 'issue' && j.reference_code === 'ISSUE-2')!;
	expect(result.items).toEqual([
		{
			json: {
				reference_code: 'ISSUE-2',
				tracking_code: job.tracking_code,
				tracking_url: `${sim.url}/v1/invoices/issue/check/${job.tracking_code}`,
				message: 'Đã tạo yêu cầu xuất bán hóa đơn điện tử',
				status: 'Pending',
			},
			pairedItem: { item: 0 },
		},
	]);
	expect(issueChecks(sim)).toHaveLength(0);
});

test('issuing an already issued invoice: success with already_issued, no quota used', async () => {
	await createInvoice(sim, 'ISSUE-3');
	const stored = sim.invoices.get('ISSUE-3')!;
	expect(stored.status).toBe('issued');
	const quotaBefore = sim.quotaRemaining;
	const acceptedBefore = sim.stats.issueJobsAccepted;
	sim.clearRequests();

	const result = await run(sim, { parameters: issueParams('ISSUE-3') });
	expect(result.error).toBeUndefined();
	expect(result.items).toEqual([
		{
			json: {
				reference_code: 'ISSUE-3',
				tracking_code: null,
				status: 'Success',
				message: 'The invoice was already issued',
				already_issued: true,
				invoice: expect.objectContaining({
					reference_code: 'ISSUE-3',
					status: 'issued',
					invoice_number: stored.invoice_number,
				}),
			},
			pairedItem: { item: 0 },
		},
	]);
	expect(sim.quotaRemaining).toBe(quotaBefore);
	expect(sim.stats.issueJobsAccepted).toBe(acceptedBefore);
	expect(sim.requests.filter((r) => r.path !== '/v1/token').map((r) => `${r.method} ${r.path}`)).toEqual([
		'POST /v1/invoices/issue',
		'GET /v1/invoices/ISSUE-3',
	]);
});

test('account without tax-authority approval: 422 REGISTRATION_NOT_TAX_APPROVED with the hint', async () => {
	const unapproved = sim.providerAccounts.find((a) => a.active && a.tax_authority_approved_date === null)!;
	expect(unapproved).toBeDefined();
	await createInvoice(sim, 'ISSUE-422', {
		mode: 'draft',
		providerAccount: { __rl: true, mode: 'id', value: unapproved.id },
	});
	const quotaBefore = sim.quotaRemaining;
	sim.clearRequests();

	const result = await run(sim, { parameters: issueParams('ISSUE-422') });
	expect(result.items).toEqual([]);
	expect(errorOf(result)).toEqual({
		message: 'SePay error REGISTRATION_NOT_TAX_APPROVED: Đăng ký sử dụng hóa đơn điện tử chưa được cơ quan thuế chấp nhận.',
		description:
			"This provider account's e-invoice registration is missing or not yet approved by the tax authority (CQT). Finish it in SePay before issuing.",
		httpCode: '422',
		itemIndex: 0,
	});
	expect(sim.invoices.get('ISSUE-422')?.status).toBe('draft');
	expect(sim.quotaRemaining).toBe(quotaBefore);
	expect(issueChecks(sim)).toHaveLength(0);
});

test('Create with Issue Now on an unapproved account: the same 422 and hint, nothing created', async () => {
	const unapproved = sim.providerAccounts.find((a) => a.active && a.tax_authority_approved_date === null)!;
	const result = await run(sim, {
		parameters: createParams(sim, { referenceCode: 'CREATE-422', providerAccount: { __rl: true, mode: 'id', value: unapproved.id } }),
	});
	expect(errorOf(result)).toMatchObject({
		message: 'SePay error REGISTRATION_NOT_TAX_APPROVED: Đăng ký sử dụng hóa đơn điện tử chưa được cơ quan thuế chấp nhận.',
		httpCode: '422',
	});
	expect(errorOf(result).description).toContain('not yet approved by the tax authority (CQT)');
	expect(sim.invoices.has('CREATE-422')).toBe(false);
});

test('issue job Failed: error with SePay’s message; the draft stays a draft', async () => {
	await createInvoice(sim, 'ISSUE-FAIL', { mode: 'draft' });
	sim.queueJobFailure({ kind: 'issue', message: 'Nhà cung cấp từ chối ký hóa đơn' });
	const result = await run(sim, { parameters: issueParams('ISSUE-FAIL') });
	expect(errorOf(result)).toMatchObject({
		message: 'SePay could not issue the invoice: Nhà cung cấp từ chối ký hóa đơn',
		description: 'Fix what SePay names, then issue the draft again.',
		itemIndex: 0,
	});
	expect(sim.invoices.get('ISSUE-FAIL')?.status).toBe('draft');
});

test('still Pending at Max Checks: error names the tracking code and "Get Issue Status"', async () => {
	await createInvoice(sim, 'ISSUE-SLOW', { mode: 'draft' });
	sim.setProcessing({ checks: 50 });
	sim.clearRequests();
	const result = await run(sim, { parameters: issueParams('ISSUE-SLOW', { maxPollAttempts: 2 }) });
	const job = [...sim.jobs.values()].find((j) => j.kind === 'issue' && j.reference_code === 'ISSUE-SLOW')!;
	expect(errorOf(result).message).toBe(`SePay is still processing (tracking code ${job.tracking_code}) after 2 checks`);
	expect(errorOf(result).description).toContain('"Get Issue Status"');
	expect(issueChecks(sim, job.tracking_code)).toHaveLength(2);
});

test('unknown reference code: SePay’s NOT_FOUND', async () => {
	sim.clearRequests();
	const result = await run(sim, { parameters: issueParams('NO-SUCH-DRAFT') });
	expect(errorOf(result)).toMatchObject({
		message: 'SePay error NOT_FOUND: Không tìm thấy hóa đơn nháp',
		httpCode: '404',
		itemIndex: 0,
	});
	expect(sim.requestsTo('POST', '/v1/invoices/issue')).toHaveLength(1);
});

test('empty reference code (from an expression): error naming the field, zero requests', async () => {
	sim.clearRequests();
	const result = await run(sim, { parameters: issueParams('={{ $json.ref ?? "" }}') });
	expect(errorOf(result)).toMatchObject({ message: 'Reference Code: is empty [item 0]', itemIndex: 0 });
	expect(sim.requests).toEqual([]);
});
