// Invoice → Get Creation Status (GET /v1/invoices/create/check/{tracking_code}) and
// Invoice → Get Issue Status (GET /v1/invoices/issue/check/{tracking_code}): the same contract
// over two kinds of SePay job, so one set of cases runs for each.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { invoiceSummary } from '../../simulator/routes.ts';
import { createParams, errorOf, SePaySimulator, startSim } from '../../support';
import { createInvoice, run } from './helpers';

interface StatusKind {
	operation: 'getCreationStatus' | 'getIssueStatus';
	/** The operation's name in the UI, which a Pending-at-Max-Checks hint points to. */
	label: string;
	/** Prefix of this kind's reference codes. */
	prefix: string;
	checkPath: string;
	successMessage: string;
	/** Submits a job (without waiting) that stays Pending for this many checks; its tracking code. */
	submit: (sim: SePaySimulator, reference: string, pendingChecks: number) => Promise<string>;
	/** Ways the job fails at SePay: each submits a failing job and names SePay's message. */
	failures: Array<{ cause: string; submit: (sim: SePaySimulator, reference: string) => Promise<string>; message: string }>;
	/** What the node says when the job failed (error = prefix + SePay's message). */
	failedPrefix: string;
	failedHint: string;
	/** The invoice's status after a failed job (nothing was issued). */
	statusAfterFailure: string | undefined;
	/** The tracking code of the other kind of job, which this check does not know. */
	foreignTrackingCode: (sim: SePaySimulator, reference: string) => Promise<string>;
}

async function trackingCodeOf(sim: SePaySimulator, parameters: Record<string, unknown>): Promise<string> {
	const result = await run(sim, { parameters: parameters as never });
	if (result.error) throw result.error;
	sim.clearRequests();
	return result.items[0].json.tracking_code as string;
}

async function submitCreate(sim: SePaySimulator, reference: string, pendingChecks: number, extra: Record<string, unknown> = {}) {
	sim.setProcessing({ checks: pendingChecks, ms: 0 });
	return await trackingCodeOf(sim, createParams(sim, { referenceCode: reference, waitForResult: false, ...extra }));
}

const issueDraft = (reference: string) => ({ resource: 'invoice', operation: 'issue', referenceCode: reference, waitForResult: false });

/** A draft, then Issue Draft without waiting; the issue's tracking code. */
async function submitIssue(sim: SePaySimulator, reference: string, pendingChecks: number) {
	sim.setProcessing({ checks: 0, ms: 0 });
	await createInvoice(sim, reference, { mode: 'draft' });
	sim.setProcessing({ checks: pendingChecks, ms: 0 });
	return await trackingCodeOf(sim, issueDraft(reference));
}

const KINDS: StatusKind[] = [
	{
		operation: 'getCreationStatus',
		label: 'Get Creation Status',
		prefix: 'CS',
		checkPath: '/v1/invoices/create/check',
		successMessage: 'Xuất hóa đơn điện tử thành công',
		submit: async (sim, reference, pendingChecks) => await submitCreate(sim, reference, pendingChecks),
		failures: [
			{
				cause: 'invalid buyer tax code',
				submit: async (sim, reference) => await submitCreate(sim, reference, 0, { buyerDetails: { taxCode: '0000000000' } }),
				message: 'Mã số thuế người mua không hợp lệ',
			},
			{
				cause: 'unknown series',
				submit: async (sim, reference) => await submitCreate(sim, reference, 0, { templateAndSeries: '1|C99XYZ' }),
				message: 'Ký hiệu hóa đơn không hợp lệ',
			},
		],
		failedPrefix: 'SePay could not create the invoice: ',
		failedHint: 'Fix the data SePay names and create the invoice again. A failed request issued nothing.',
		statusAfterFailure: undefined,
		foreignTrackingCode: async (sim, reference) => await submitIssue(sim, reference, 0),
	},
	{
		operation: 'getIssueStatus',
		label: 'Get Issue Status',
		prefix: 'IS',
		checkPath: '/v1/invoices/issue/check',
		successMessage: 'Xuất bán hóa đơn điện tử thành công',
		submit: submitIssue,
		failures: [
			{
				cause: 'invalid digital signature',
				submit: async (sim, reference) => {
					sim.setProcessing({ checks: 0, ms: 0 });
					await createInvoice(sim, reference, { mode: 'draft' });
					sim.queueJobFailure({ kind: 'issue', message: 'Chữ ký số không hợp lệ' });
					return await trackingCodeOf(sim, issueDraft(reference));
				},
				message: 'Chữ ký số không hợp lệ',
			},
		],
		failedPrefix: 'SePay could not issue the invoice: ',
		failedHint: 'Fix what SePay names, then issue the draft again.',
		statusAfterFailure: 'draft',
		foreignTrackingCode: async (sim, reference) => await submitCreate(sim, reference, 0),
	},
];

describe.each(KINDS)('$label', (kind) => {
	let sim: SePaySimulator;
	let counter = 0;
	/** A reference code of this kind not used before in this simulator. */
	const ref = (name: string) => `${kind.prefix}-${name}-${++counter}`;
	const checks = (trackingCode: string) => sim.requestsTo('GET', `${kind.checkPath}/${trackingCode}`);
	const statusParams = (trackingCode: string, extra: Record<string, unknown> = {}) => ({
		resource: 'invoice',
		operation: kind.operation,
		trackingCode,
		...extra,
	});

	beforeAll(async () => {
		sim = await startSim();
	});
	afterAll(async () => await sim.close());

	test('without wait: one check, Pending then Success with the invoice', async () => {
		const reference = ref('ONE');
		const tc = await kind.submit(sim, reference, 1);
		const first = await run(sim, { parameters: statusParams(tc) });
		expect(first.items).toEqual([
			{ json: { reference_code: reference, status: 'Pending', message: 'Đang xử lý', tracking_code: tc }, pairedItem: { item: 0 } },
		]);
		expect(sim.requests.filter((r) => r.path !== '/v1/token').map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', `${kind.checkPath}/${tc}`, {}],
		]);

		const second = await run(sim, { parameters: statusParams(tc) });
		const stored = sim.invoices.get(reference)!;
		expect(stored.status).toBe('issued');
		expect(second.items).toEqual([
			{
				json: { reference_code: reference, status: 'Success', message: kind.successMessage, invoice: invoiceSummary(stored), tracking_code: tc },
				pairedItem: { item: 0 },
			},
		]);
		expect(checks(tc)).toHaveLength(2);
	});

	test.each([3, 5])('with Wait Until Done (Max Checks %i): keeps checking while Pending, Success after 3 checks', async (maxPollAttempts) => {
		const reference = ref('WAIT');
		const tc = await kind.submit(sim, reference, 2);
		const result = await run(sim, { parameters: statusParams(tc, { waitUntilDone: true, pollInterval: 0.5, maxPollAttempts }) });
		expect(result.items).toEqual([
			{
				json: {
					reference_code: reference,
					status: 'Success',
					message: kind.successMessage,
					invoice: invoiceSummary(sim.invoices.get(reference)!),
					tracking_code: tc,
					checks: 3,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(checks(tc)).toHaveLength(3);
	});

	test('with Wait Until Done on a finished job: one check, no waiting', async () => {
		const reference = ref('DONE');
		const tc = await kind.submit(sim, reference, 0);
		const result = await run(sim, { parameters: statusParams(tc, { waitUntilDone: true, pollInterval: 0.5 }) });
		expect(result.items[0].json).toMatchObject({ reference_code: reference, status: 'Success', checks: 1, tracking_code: tc });
		expect(checks(tc)).toHaveLength(1);
	});

	describe.each(kind.failures)('Failed job ($cause)', (failure) => {
		test('without wait: reported as the status, not as an error', async () => {
			const reference = ref('FAIL');
			const tc = await failure.submit(sim, reference);
			const result = await run(sim, { parameters: statusParams(tc) });
			expect(result.error).toBeUndefined();
			expect(result.items).toEqual([
				{ json: { reference_code: reference, status: 'Failed', message: failure.message, tracking_code: tc }, pairedItem: { item: 0 } },
			]);
		});

		test('with Wait Until Done: error with SePay’s message and a hint', async () => {
			const tc = await failure.submit(sim, ref('FAIL'));
			const result = await run(sim, { parameters: statusParams(tc, { waitUntilDone: true, pollInterval: 0.5 }) });
			expect(errorOf(result)).toMatchObject({
				message: `${kind.failedPrefix}${failure.message}`,
				description: kind.failedHint,
				itemIndex: 0,
			});
		});

		test('with Wait Until Done and continueOnFail: a Failed item with error and hint; nothing issued', async () => {
			const reference = ref('FAIL');
			const tc = await failure.submit(sim, reference);
			const cof = await run(sim, { continueOnFail: true, parameters: statusParams(tc, { waitUntilDone: true, pollInterval: 0.5 }) });
			expect(cof.items).toEqual([
				{
					json: {
						reference_code: reference,
						status: 'Failed',
						message: failure.message,
						tracking_code: tc,
						checks: 1,
						error: `${kind.failedPrefix}${failure.message}`,
						hint: kind.failedHint,
					},
					pairedItem: { item: 0 },
				},
			]);
			expect(checks(tc)).toHaveLength(1);
			expect(sim.invoices.get(reference)?.status).toBe(kind.statusAfterFailure);
		});
	});

	test.each([1, 2])('still Pending at Max Checks %i with Wait Until Done: error naming the tracking code and the operation', async (maxPollAttempts) => {
		const tc = await kind.submit(sim, ref('SLOW'), 50);
		const result = await run(sim, { parameters: statusParams(tc, { waitUntilDone: true, pollInterval: 0.5, maxPollAttempts }) });
		expect(errorOf(result).message).toBe(`SePay is still processing (tracking code ${tc}) after ${maxPollAttempts} checks`);
		expect(errorOf(result).description).toContain(`"${kind.label}"`);
		expect(checks(tc)).toHaveLength(maxPollAttempts);
	});

	test.each([1, 2])('still Pending at Max Checks %i (continueOnFail): exactly Max Checks checks, then a Pending item', async (maxPollAttempts) => {
		const reference = ref('SLOW');
		const tc = await kind.submit(sim, reference, 50);
		const result = await run(sim, {
			continueOnFail: true,
			parameters: statusParams(tc, { waitUntilDone: true, pollInterval: 0.5, maxPollAttempts }),
		});
		expect(result.items[0].json).toMatchObject({
			reference_code: reference,
			status: 'Pending',
			checks: maxPollAttempts,
			tracking_code: tc,
			error: `SePay is still processing (tracking code ${tc}) after ${maxPollAttempts} checks`,
			hint: expect.stringContaining(`"${kind.label}"`),
		});
		expect(checks(tc)).toHaveLength(maxPollAttempts);
	});

	test('unknown tracking code: SePay’s NOT_FOUND with a hint; continueOnFail keeps the other items', async () => {
		const tc = await kind.submit(sim, ref('KNOWN'), 1);
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

	test('the tracking code of the other kind of job: NOT_FOUND', async () => {
		const foreign = await kind.foreignTrackingCode(sim, ref('OTHER'));
		const result = await run(sim, { parameters: statusParams(foreign) });
		expect(errorOf(result)).toMatchObject({
			message: 'SePay error NOT_FOUND: Không tìm thấy yêu cầu với tracking_code này.',
			httpCode: '404',
		});
		expect(checks(foreign)).toHaveLength(1);
	});

	test('a tracking code with unsafe characters: error, zero requests', async () => {
		sim.clearRequests();
		const result = await run(sim, { parameters: statusParams('abc/../../v1/usage') });
		expect(errorOf(result)).toMatchObject({ itemIndex: 0 });
		expect(errorOf(result).message).toMatch(/^Tracking Code: "abc\/\.\.\/\.\.\/v1\/usage" contains characters that are not allowed/);
		expect(sim.requests).toEqual([]);
	});
});
