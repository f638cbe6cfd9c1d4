/* eslint-disable */
// Invoice → Replace (hóa đơn thay thế): body, wait, local checks of the original, exactly-once, bad input.
import { describe, expect, test } from 'vitest';

import { invoiceSummary } from '../../simulator/routes.ts';
import { apiCalls, issuedOriginal, issuingRequests, replaceParams, replaceRequests } from './correctionHelpers';
import { errorOf, SePaySimulator, shareSimulator, startSim } from '../../support';
import { createInvoice, getInvoice, jobOf, run } from './helpers';

let sim: SePaySimulator;
shareSimulator((started) => (sim = started), (shared) => shared.setCorrectionTrackingUrl('own'));

const ISSUED_AT = '2026-03-01 10:00:00';

describe('success', () => {
	test('without wait: the original is looked up, then one POST /v1/invoices/replace with the create body', async () => {
		await issuedOriginal(sim, 'R-ORIG-1');
		sim.clearRequests();
		const result = await run(sim, {
			parameters: replaceParams(sim, 'R-ORIG-1', { referenceCode: 'R-NEW-1', issuedDate: ISSUED_AT, waitForResult: false }),
		});
		expect(result.error).toBeUndefined();
		expect(apiCalls(sim)).toEqual(['GET /v1/invoices/R-ORIG-1', 'POST /v1/invoices/replace']);
		expect(replaceRequests(sim).map((r) => r.body)).toEqual([
			{
				original_invoice_reference_code: 'R-ORIG-1',
				template_code: '1',
				invoice_series: 'C26TAA',
				issued_date: ISSUED_AT,
				currency: 'VND',
				provider_account_id: sim.activeProviderAccountId,
				reference_code: 'R-NEW-1',
				payment_method: 'TM/CK',
				is_draft: false,
				buyer: { type: 'personal', name: 'Nguyễn Văn A' },
				items: [{ line_number: 1, line_type: 1, item_name: 'Cà phê sữa', quantity: 2, unit_price: 45000, tax_rate: 8 }],
			},
		]);
		const { tracking_code } = jobOf(sim, 'R-NEW-1');
		expect(result.items).toEqual([
			{
				json: {
					reference_code: 'R-NEW-1',
					tracking_code,
					tracking_url: `${sim.url}/v1/invoices/replace/check/${tracking_code}`,
					message: 'Đã tạo yêu cầu xuất bán hóa đơn điện tử',
					is_draft: false,
					status: 'Pending',
					original_reference_code: 'R-ORIG-1',
				},
				pairedItem: { item: 0 },
			},
		]);
		sim.settleJobs();
		expect(sim.invoices.get('R-ORIG-1')!.document_type).toBe(5);
		expect(sim.invoices.get('R-NEW-1')).toMatchObject({ document_type: 4, status: 'issued', original_reference_code: 'R-ORIG-1' });
	});

	test('with wait: follows tracking_url to the replace check, outputs the replacement; Get shows the original replaced', async () => {
		await issuedOriginal(sim, 'R-ORIG-2');
		sim.clearRequests();
		const quota = sim.quotaRemaining;
		const result = await run(sim, {
			parameters: replaceParams(sim, 'R-ORIG-2', {
				referenceCode: 'R-NEW-2',
				buyerType: 'company',
				buyerName: 'Công ty TNHH ABC',
				buyerDetails: { taxCode: '0109876543' },
			}),
		});
		expect(result.error).toBeUndefined();
		const { tracking_code } = jobOf(sim, 'R-NEW-2');
		const stored = sim.invoices.get('R-NEW-2')!;
		expect(result.items).toEqual([
			{
				json: {
					reference_code: 'R-NEW-2',
					tracking_code,
					tracking_url: `${sim.url}/v1/invoices/replace/check/${tracking_code}`,
					message: 'Xuất hóa đơn thay thế thành công',
					is_draft: false,
					status: 'Success',
					invoice: invoiceSummary(stored),
					checks: 2,
					original_reference_code: 'R-ORIG-2',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(apiCalls(sim)).toEqual([
			'GET /v1/invoices/R-ORIG-2',
			'POST /v1/invoices/replace',
			`GET /v1/invoices/replace/check/${tracking_code}`,
			`GET /v1/invoices/replace/check/${tracking_code}`,
		]);
		expect(stored.buyer.tax_code).toBe('0109876543');
		expect(sim.quotaRemaining).toBe(quota - 1);
		expect(await getInvoice(sim, 'R-ORIG-2')).toMatchObject({ reference_code: 'R-ORIG-2', document_type: 5, status: 'issued' });
		expect(await getInvoice(sim, 'R-NEW-2')).toMatchObject({ document_type: 4, status: 'issued' });
	});

	test('a replacement can be replaced in turn', async () => {
		await issuedOriginal(sim, 'R-ORIG-3');
		expect((await run(sim, { parameters: replaceParams(sim, 'R-ORIG-3', { referenceCode: 'R-NEW-3A' }) })).error).toBeUndefined();
		const second = await run(sim, { parameters: replaceParams(sim, 'R-NEW-3A', { referenceCode: 'R-NEW-3B' }) });
		expect(second.error).toBeUndefined();
		expect(second.items[0]!.json).toMatchObject({ reference_code: 'R-NEW-3B', status: 'Success', original_reference_code: 'R-NEW-3A' });
		expect(['R-ORIG-3', 'R-NEW-3A', 'R-NEW-3B'].map((r) => sim.invoices.get(r)!.document_type)).toEqual([5, 5, 4]);
	});

	test.each([
		['tracking_url points to the create check', 'create' as const],
		['no tracking_url', 'none' as const],
		['tracking_url on another host', 'foreign' as const],
	])('%s: polls the create check on the credential’s base URL', async (_label, mode) => {
		sim.setCorrectionTrackingUrl(mode);
		const original = await issuedOriginal(sim, `R-ORIG-URL-${mode}`);
		sim.clearRequests();
		const result = await run(sim, { parameters: replaceParams(sim, original, { referenceCode: `R-NEW-URL-${mode}` }) });
		expect(result.error).toBeUndefined();
		const { tracking_code } = jobOf(sim, `R-NEW-URL-${mode}`);
		expect(result.items[0]!.json).toMatchObject({ status: 'Success', checks: 2, invoice: { reference_code: `R-NEW-URL-${mode}` } });
		expect(apiCalls(sim).slice(2)).toEqual([`GET /v1/invoices/create/check/${tracking_code}`, `GET /v1/invoices/create/check/${tracking_code}`]);
	});
});

describe('wait outcomes', () => {
	test('Failed: error with SePay’s message, the original stays valid', async () => {
		const original = await issuedOriginal(sim, 'R-ORIG-FAIL');
		sim.queueJobFailure({ kind: 'replace', message: 'Lỗi ký số (mô phỏng)' });
		const result = await run(sim, { parameters: replaceParams(sim, original, { referenceCode: 'R-NEW-FAIL' }) });
		expect(errorOf(result)).toMatchObject({ message: 'SePay could not issue the replacement invoice: Lỗi ký số (mô phỏng)', itemIndex: 0 });
		expect(errorOf(result).description).toContain('reference code R-NEW-FAIL');
		expect(sim.invoices.has('R-NEW-FAIL')).toBe(false);
		expect(sim.invoices.get(original)!.document_type).toBe(2);
	});

	test('still Pending at Max Checks: error names the tracking code and Get with the new reference code', async () => {
		const original = await issuedOriginal(sim, 'R-ORIG-SLOW');
		sim.setProcessing({ checks: 50 });
		const result = await run(sim, { parameters: replaceParams(sim, original, { referenceCode: 'R-NEW-SLOW', maxPollAttempts: 2 }) });
		const { tracking_code } = jobOf(sim, 'R-NEW-SLOW');
		expect(errorOf(result)).toMatchObject({ message: `SePay is still processing the replacement (tracking code ${tracking_code}) after 2 checks`, itemIndex: 0 });
		expect(errorOf(result).description).toContain('"Get" operation and reference code R-NEW-SLOW');
		expect(sim.requestsTo('GET', `/v1/invoices/replace/check/${tracking_code}`)).toHaveLength(2);
	});
});

describe('local checks of the original: a clear error, nothing sent to create/issue/replace/adjust', () => {
	async function refused(original: string, overrides = {}) {
		sim.clearRequests();
		const result = await run(sim, { parameters: replaceParams(sim, original, { referenceCode: `NEW-FOR-${original}`, ...overrides }) });
		expect(result.items).toEqual([]);
		expect(issuingRequests(sim)).toEqual([]);
		expect(sim.requestsTo('GET', `/v1/invoices/${original}`)).toHaveLength(1);
		return errorOf(result);
	}

	test('unknown original', async () => {
		expect(await refused('R-NOPE')).toMatchObject({ message: 'Original Reference Code: no invoice has the reference code "R-NOPE" [item 0]', itemIndex: 0 });
	});

	test('a draft original', async () => {
		const draft = await createInvoice(sim, 'R-DRAFT-1', { mode: 'draft' });
		const error = await refused(draft);
		expect(error.message).toBe('Original Reference Code: "R-DRAFT-1" is a draft (hóa đơn nháp), not an issued invoice [item 0]');
		expect(error.description).toContain('Issue Draft');
		expect(sim.invoices.get(draft)!.status).toBe('draft');
	});

	test('an original replaced before: a second replacement is refused', async () => {
		const original = await issuedOriginal(sim, 'R-TWICE');
		expect((await run(sim, { parameters: replaceParams(sim, original, { referenceCode: 'R-TWICE-1' }) })).error).toBeUndefined();
		const error = await refused(original, { referenceCode: 'R-TWICE-2' });
		expect(error.message).toBe('Original Reference Code: "R-TWICE" was already replaced (document_type 5); an invoice can be replaced only once [item 0]');
		expect(sim.invoices.has('R-TWICE-2')).toBe(false);
		expect(sim.stats.replaceJobsAccepted).toBe([...sim.jobs.values()].filter((j) => j.kind === 'replace').length);
	});

	test('an adjustment invoice as the original', async () => {
		const original = await issuedOriginal(sim, 'R-HAS-ADJ');
		const adjusted = await run(sim, {
			parameters: replaceParams(sim, original, {
				operation: 'adjust',
				adjustmentType: 'increase',
				referenceCode: 'R-ADJ-1',
				lineItems: { item: [{ itemName: 'Tăng giá', quantity: 1, unitPrice: 5000, taxRate: '8' }] },
			}),
		});
		expect(adjusted.error).toBeUndefined();
		expect((await refused('R-ADJ-1')).message).toBe('Original Reference Code: "R-ADJ-1" is itself an adjustment invoice (document_type 6) [item 0]');
	});

	test('cancelled, and not yet accepted by the tax authority', async () => {
		const cancelled = await issuedOriginal(sim, 'R-CANCELLED');
		Object.assign(sim.invoices.get(cancelled)!, { status: 'cancelled', document_type: 3 });
		expect((await refused(cancelled)).message).toBe('Original Reference Code: "R-CANCELLED" is cancelled (đã hủy) [item 0]');
		const waiting = await issuedOriginal(sim, 'R-NOT-CQT');
		sim.invoices.get(waiting)!.provider_status = '5';
		expect((await refused(waiting)).message).toBe(
			'Original Reference Code: "R-NOT-CQT" is not accepted by the tax authority yet (provider_status 5: the tax authority has not answered yet) [item 0]',
		);
	});

	test('another provider account: refused locally when the detail shows the account, else SePay’s refusal with a hint', async () => {
		const shows = await startSim({ detailShowsProviderAccount: true });
		try {
			const original = await createInvoice(shows, 'R-ACC-1');
			shows.clearRequests();
			const other = shows.providerAccounts[1]!.id;
			const result = await run(shows, {
				parameters: replaceParams(shows, original, { referenceCode: 'R-ACC-NEW', providerAccount: { __rl: true, mode: 'id', value: other } }),
			});
			expect(errorOf(result)).toMatchObject({ message: `Original Reference Code: "R-ACC-1" belongs to another provider account (${shows.activeProviderAccountId}) [item 0]`, itemIndex: 0 });
			expect(issuingRequests(shows)).toEqual([]);
		} finally {
			await shows.close();
		}
		const original = await issuedOriginal(sim, 'R-ACC-2');
		sim.clearRequests();
		const result = await run(sim, {
			parameters: replaceParams(sim, original, { referenceCode: 'R-ACC-2-NEW', providerAccount: { __rl: true, mode: 'id', value: sim.providerAccounts[1]!.id } }),
		});
		expect(errorOf(result)).toMatchObject({ message: 'SePay error ORIGINAL_INVOICE_OTHER_ACCOUNT: Hóa đơn gốc thuộc tài khoản nhà cung cấp khác.', httpCode: '400', itemIndex: 0 });
		expect(errorOf(result).description).toContain('under this Provider Account');
		expect(replaceRequests(sim)).toHaveLength(1);
		expect(sim.invoices.get(original)!.document_type).toBe(2);
	});

	test('two items, the second original a draft: neither is sent, the error names item 1', async () => {
		const good = await issuedOriginal(sim, 'R-BATCH-OK');
		const draft = await createInvoice(sim, 'R-BATCH-DRAFT', { mode: 'draft' });
		sim.clearRequests();
		const result = await run(sim, {
			items: [{ original: good }, { original: draft }],
			parameters: replaceParams(sim, '={{ $json.original }}', { referenceCode: '={{ $json.original + "-R" }}' }),
		});
		expect(errorOf(result)).toMatchObject({ message: 'Original Reference Code: "R-BATCH-DRAFT" is a draft (hóa đơn nháp), not an issued invoice [item 1]', itemIndex: 1 });
		expect(sim.requestsTo('GET', '/v1/invoices/*').map((r) => r.path).sort()).toEqual(['/v1/invoices/R-BATCH-DRAFT', '/v1/invoices/R-BATCH-OK']);
		expect(issuingRequests(sim)).toEqual([]);
		expect(sim.invoices.get(good)!.document_type).toBe(2);
	});

	test('continue on fail: the bad item is an error item, the good one is replaced', async () => {
		const good = await issuedOriginal(sim, 'R-COF-OK');
		sim.clearRequests();
		const result = await run(sim, {
			continueOnFail: true,
			items: [{ original: 'R-COF-MISSING' }, { original: good }],
			parameters: replaceParams(sim, '={{ $json.original }}', { referenceCode: '={{ $json.original + "-R" }}' }),
		});
		expect(result.items.map((i) => [i.json.error ?? i.json.status, i.pairedItem])).toEqual([
			['Original Reference Code: no invoice has the reference code "R-COF-MISSING" [item 0]', { item: 0 }],
			['Success', { item: 1 }],
		]);
		expect(replaceRequests(sim).map((r) => (r.body as any).reference_code)).toEqual(['R-COF-OK-R']);
	});
});

describe('exactly once', () => {
	test.each([true, false])('lost answer (wait %s): the same body is resent, the 409 resolves to the one replacement', async (wait) => {
		const original = await issuedOriginal(sim, `R-LOST-${wait}`);
		sim.clearRequests();
		sim.setProcessing({ checks: 0 });
		sim.queueFault({ method: 'POST', path: '/v1/invoices/replace', kind: 'resetAfterProcessing' });
		const reference = `R-LOST-${wait}-NEW`;
		const result = await run(sim, { parameters: replaceParams(sim, original, { referenceCode: reference, waitForResult: wait }) });
		expect(result.error).toBeUndefined();
		const posts = replaceRequests(sim);
		expect(posts).toHaveLength(2);
		expect(posts[1]!.body).toEqual(posts[0]!.body);
		expect([...sim.jobs.values()].filter((j) => j.kind === 'replace' && j.reference_code === reference)).toHaveLength(1);
		expect(result.items).toEqual([
			{
				json: expect.objectContaining({ reference_code: reference, tracking_code: null, already_existed: true, status: 'Success', original_reference_code: original }),
				pairedItem: { item: 0 },
			},
		]);
		expect(result.items[0]!.json.invoice).toMatchObject({ reference_code: reference, status: 'issued' });
		expect(await getInvoice(sim, original)).toMatchObject({ document_type: 5 });
	});

	test('a re-run with the same Reference Code returns the replacement, sends nothing; with "Error" it stops', async () => {
		const original = await issuedOriginal(sim, 'R-RERUN');
		const parameters = replaceParams(sim, original, { referenceCode: 'R-RERUN-NEW' });
		expect((await run(sim, { parameters })).error).toBeUndefined();
		sim.clearRequests();
		const again = await run(sim, { parameters });
		expect(again.error).toBeUndefined();
		expect(again.items[0]!.json).toMatchObject({ reference_code: 'R-RERUN-NEW', already_existed: true, status: 'Success', original_reference_code: original, invoice: { reference_code: 'R-RERUN-NEW' } });
		expect(issuingRequests(sim)).toEqual([]);
		sim.clearRequests();
		const strict = await run(sim, { parameters: { ...parameters, ifReferenceCodeExists: 'error' } });
		expect(errorOf(strict)).toMatchObject({ message: 'Reference Code: an invoice "R-RERUN-NEW" exists already and "R-RERUN" is replaced [item 0]', itemIndex: 0 });
		expect(issuingRequests(sim)).toEqual([]);
		expect([...sim.invoices.values()].filter((i) => i.original_reference_code === original)).toHaveLength(1);
	});

	test('n8n’s retry of the same execution with a generated code: the 409 returns the earlier replacement', async () => {
		const original = await issuedOriginal(sim, 'R-GEN');
		const parameters = replaceParams(sim, original, { waitForResult: false });
		const first = await run(sim, { executionId: 'exec-replace-gen', parameters });
		const code = first.items[0]!.json.reference_code as string;
		expect(code).toMatch(/^N8N-exec-replace-gen-[0-9a-f]{8}-1-1$/);
		sim.clearRequests();
		// Still pending: the original is not yet replaced, so the request goes out and SePay answers 409.
		const second = await run(sim, { executionId: 'exec-replace-gen', parameters });
		expect(second.items[0]!.json).toMatchObject({ reference_code: code, already_existed: true, original_reference_code: original });
		expect(replaceRequests(sim).map((r) => (r.body as any).reference_code)).toEqual([code]);
		sim.settleJobs();
		expect([...sim.invoices.values()].filter((i) => i.original_reference_code === original)).toHaveLength(1);
	});
});

describe('bad input: field and item named, nothing sent', () => {
	test.each([
		['empty Original Reference Code', { originalReferenceCode: '={{ "" }}' }, 'Original Reference Code: is empty [item 0]'],
		['Original Reference Code with a slash', { originalReferenceCode: 'A/B' }, 'Original Reference Code: "A/B" contains characters that are not allowed (spaces, /, ?, #, % or "..") [item 0]'],
		['new code equal to the original', { originalReferenceCode: 'SAME-1', referenceCode: 'SAME-1' }, 'Reference Code: "SAME-1" is the Original Reference Code [item 0]'],
		['a line without a price', { lineItems: { item: [{ itemName: 'Cà phê', quantity: 1, unitPrice: '' }] } }, 'Line Items → line 1 → unit_price: is required on a goods/service line [item 0]'],
		['a company buyer without a name', { buyerType: 'company', buyerName: '' }, 'Buyer Name: is required for a company buyer [item 0]'],
	])('%s', async (_label, overrides, message) => {
		const result = await run(sim, { parameters: replaceParams(sim, 'R-ANY', { referenceCode: 'R-ANY-NEW', ...overrides }) });
		expect(errorOf(result)).toMatchObject({ message, itemIndex: 0 });
		expect(sim.requests.filter((r) => r.path !== '/v1/token')).toEqual([]);
	});

	test('the second of three items is invalid: nothing at all is sent, the error names item 1', async () => {
		const result = await run(sim, {
			items: [{ qty: 1 }, { qty: 'many' }, { qty: 2 }],
			parameters: replaceParams(sim, 'R-ANY', {
				referenceCode: '={{ "R-GATE-" + $itemIndex }}',
				lineItems: { item: [{ itemName: 'Cà phê', quantity: '={{ $json.qty }}', unitPrice: 45000, taxRate: '8' }] },
			}),
		});
		expect(errorOf(result).itemIndex).toBe(1);
		expect(errorOf(result).message).toContain('[item 1]');
		expect(sim.requests.filter((r) => r.path !== '/v1/token')).toEqual([]);
	});
});

describe('a Reference Code already taken by an unrelated invoice', () => {
	test('SePay’s 409 for an ordinary invoice of the same sale is an error naming the code, not a replacement', async () => {
		const original = await issuedOriginal(sim, 'R-TAKEN-ORIG');
		await createInvoice(sim, 'R-TAKEN-1');
		sim.clearRequests();
		const result = await run(sim, { parameters: replaceParams(sim, original, { referenceCode: 'R-TAKEN-1', pollInterval: 0.5 }) });
		expect(result.items).toEqual([]);
		expect(errorOf(result)).toMatchObject({
			message: 'Reference Code R-TAKEN-1 already belongs to an invoice of document_type 2, not a replacement: "R-TAKEN-ORIG" was not replaced',
			itemIndex: 0,
		});
		expect(errorOf(result).description).toContain('R-TAKEN-ORIG-R1');
		expect(replaceRequests(sim)).toHaveLength(1);
		expect(sim.invoices.get('R-TAKEN-ORIG')!.document_type).toBe(2);
		expect(sim.invoices.get('R-TAKEN-1')!.document_type).toBe(2);
	});

	test('with Continue: a Failed item with the code, never reported as corrected', async () => {
		const original = await issuedOriginal(sim, 'R-TAKEN-ORIG-2');
		await createInvoice(sim, 'R-TAKEN-2');
		const result = await run(sim, {
			continueOnFail: true,
			parameters: replaceParams(sim, original, { referenceCode: 'R-TAKEN-2', pollInterval: 0.5 }),
		});
		expect(result.items.map((item) => item.json)).toEqual([
			{
				status: 'Failed',
				reference_code: 'R-TAKEN-2',
				tracking_code: null,
				original_reference_code: 'R-TAKEN-ORIG-2',
				error: 'Reference Code R-TAKEN-2 already belongs to an invoice of document_type 2, not a replacement: "R-TAKEN-ORIG-2" was not replaced',
				hint: expect.stringContaining('R-TAKEN-ORIG-2-R1'),
			},
		]);
	});
});
