/* eslint-disable */
// Invoice → Adjust (hóa đơn điều chỉnh): types and sign convention, wait, local checks, the
// unconfirmed endpoint path (404/405 = may have moved), exactly-once, bad input.
import { describe, expect, test } from 'vitest';

import { invoiceSummary } from '../../simulator/routes.ts';
import { adjustParams, adjustRequests, apiCalls, issuedOriginal, issuingRequests } from './correctionHelpers';
import { errorOf, SePaySimulator, shareSimulator, startSim } from '../../support';
import { createInvoice, getInvoice, jobOf, run } from './helpers';

let sim: SePaySimulator;
shareSimulator((started) => (sim = started), (shared) => shared.setAdjustPath('/v1/invoices/adjust'));

const ISSUED_AT = '2026-03-02 08:00:00';

describe('success', () => {
	test('increase without wait: original looked up, one POST /v1/invoices/adjust with adjustment_type and the difference', async () => {
		await issuedOriginal(sim, 'A-ORIG-1');
		sim.clearRequests();
		const result = await run(sim, {
			parameters: adjustParams(sim, 'A-ORIG-1', { referenceCode: 'A-INC-1', issuedDate: ISSUED_AT, buyerType: 'company', buyerName: 'Công ty TNHH ABC', waitForResult: false }),
		});
		expect(result.error).toBeUndefined();
		expect(apiCalls(sim)).toEqual(['GET /v1/invoices/A-ORIG-1', 'POST /v1/invoices/adjust']);
		expect(adjustRequests(sim).map((r) => r.body)).toEqual([
			{
				original_invoice_reference_code: 'A-ORIG-1',
				adjustment_type: 'increase',
				template_code: '1',
				invoice_series: 'C26TAA',
				issued_date: ISSUED_AT,
				currency: 'VND',
				provider_account_id: sim.activeProviderAccountId,
				reference_code: 'A-INC-1',
				payment_method: 'TM/CK',
				is_draft: false,
				buyer: { type: 'company', name: 'Công ty TNHH ABC' },
				items: [{ line_number: 1, line_type: 1, item_name: 'Điều chỉnh tăng đơn giá', quantity: 1, unit_price: 1000000, tax_rate: 10 }],
			},
		]);
		const { tracking_code } = jobOf(sim, 'A-INC-1');
		expect(result.items).toEqual([
			{
				json: {
					reference_code: 'A-INC-1',
					tracking_code,
					tracking_url: `${sim.url}/v1/invoices/adjust/check/${tracking_code}`,
					message: 'Đã tạo yêu cầu xuất bán hóa đơn điện tử',
					is_draft: false,
					status: 'Pending',
					original_reference_code: 'A-ORIG-1',
					adjustment_type: 'increase',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('with wait: increase then decrease (positive amounts); Get shows the original adjusted (10), each adjustment 6 / 7', async () => {
		await issuedOriginal(sim, 'A-ORIG-2');
		const originalTotal = sim.invoices.get('A-ORIG-2')!.total_amount;
		sim.clearRequests();
		const increase = await run(sim, { parameters: adjustParams(sim, 'A-ORIG-2', { referenceCode: 'A-INC-2' }) });
		expect(increase.error).toBeUndefined();
		const { tracking_code } = jobOf(sim, 'A-INC-2');
		expect(increase.items).toEqual([
			{
				json: {
					reference_code: 'A-INC-2',
					tracking_code,
					tracking_url: `${sim.url}/v1/invoices/adjust/check/${tracking_code}`,
					message: 'Xuất hóa đơn điều chỉnh thành công',
					is_draft: false,
					status: 'Success',
					invoice: invoiceSummary(sim.invoices.get('A-INC-2')!),
					checks: 2,
					original_reference_code: 'A-ORIG-2',
					adjustment_type: 'increase',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(increase.items[0]!.json.invoice).toMatchObject({ total_before_tax: 1000000, tax_amount: 100000, total_amount: 1100000 });
		expect(apiCalls(sim)).toEqual([
			'GET /v1/invoices/A-ORIG-2',
			'POST /v1/invoices/adjust',
			`GET /v1/invoices/adjust/check/${tracking_code}`,
			`GET /v1/invoices/adjust/check/${tracking_code}`,
		]);
		const decrease = await run(sim, {
			parameters: adjustParams(sim, 'A-ORIG-2', {
				referenceCode: 'A-DEC-2',
				adjustmentType: 'decrease',
				lineItems: { item: [{ itemName: 'Điều chỉnh giảm số lượng', quantity: 1, unitPrice: 45000, taxRate: '8' }] },
			}),
		});
		expect(decrease.error).toBeUndefined();
		expect(adjustRequests(sim).map((r) => [(r.body as any).adjustment_type, (r.body as any).items[0].unit_price])).toEqual([
			['increase', 1000000],
			['decrease', 45000],
		]);
		expect(decrease.items[0]!.json).toMatchObject({ status: 'Success', adjustment_type: 'decrease', invoice: { total_amount: 48600 } });
		expect(await getInvoice(sim, 'A-ORIG-2')).toMatchObject({ document_type: 10, status: 'issued', total_amount: originalTotal });
		expect((await getInvoice(sim, 'A-INC-2')).document_type).toBe(6);
		expect((await getInvoice(sim, 'A-DEC-2')).document_type).toBe(7);
		expect(sim.invoices.get('A-ORIG-2')!.adjusted_by).toEqual(['A-INC-2', 'A-DEC-2']);
	});

	test('information adjustment: no lines means no items in the body; a note line is sent as is', async () => {
		await issuedOriginal(sim, 'A-ORIG-3');
		sim.clearRequests();
		const noLines = await run(sim, {
			parameters: adjustParams(sim, 'A-ORIG-3', { referenceCode: 'A-INFO-3', adjustmentType: 'info', buyerType: 'company', buyerName: 'Công ty TNHH ABC (tên đúng)', lineItems: {} }),
		});
		expect(noLines.error).toBeUndefined();
		const body = adjustRequests(sim)[0]!.body as any;
		expect(body.adjustment_type).toBe('info');
		expect('items' in body).toBe(false);
		expect(noLines.items[0]!.json).toMatchObject({ status: 'Success', adjustment_type: 'info', invoice: { total_amount: 0, buyer: { name: 'Công ty TNHH ABC (tên đúng)' } } });
		const noted = await run(sim, {
			parameters: adjustParams(sim, 'A-ORIG-3', {
				referenceCode: 'A-INFO-3B',
				adjustmentType: 'info',
				itemsInputMode: 'json',
				itemsJson: JSON.stringify([{ line_type: 4, item_name: 'Điều chỉnh địa chỉ người mua' }]),
			}),
		});
		expect(noted.error).toBeUndefined();
		expect((adjustRequests(sim)[1]!.body as any).items).toEqual([{ line_number: 1, line_type: 4, item_name: 'Điều chỉnh địa chỉ người mua' }]);
		expect(['A-INFO-3', 'A-INFO-3B'].map((r) => sim.invoices.get(r)!.document_type)).toEqual([8, 8]);
	});

	test('combined adjustment: document_type 9', async () => {
		await issuedOriginal(sim, 'A-ORIG-4');
		const result = await run(sim, { parameters: adjustParams(sim, 'A-ORIG-4', { referenceCode: 'A-MIX-4', adjustmentType: 'combined' }) });
		expect(result.error).toBeUndefined();
		expect(sim.invoices.get('A-MIX-4')!.document_type).toBe(9);
		expect(sim.invoices.get('A-ORIG-4')!.document_type).toBe(10);
	});
});

describe('the unconfirmed endpoint path', () => {
	test.each([404, 405] as const)('POST /v1/invoices/adjust answers %i: an error that says the endpoint may have moved, nothing issued', async (status) => {
		const original = await issuedOriginal(sim, `A-MOVED-${status}`);
		sim.setAdjustPath('/v1/invoices/adjustment', status);
		sim.clearRequests();
		const result = await run(sim, { parameters: adjustParams(sim, original, { referenceCode: `A-MOVED-${status}-NEW` }) });
		const sepay = status === 404 ? 'NOT_FOUND – Không tìm thấy đường dẫn yêu cầu.' : 'METHOD_NOT_ALLOWED – Phương thức HTTP không được hỗ trợ cho đường dẫn này.';
		expect(errorOf(result)).toMatchObject({
			message: `The adjustment endpoint POST /v1/invoices/adjust answered HTTP ${status} (SePay: ${sepay}): it may have moved`,
			httpCode: String(status),
			itemIndex: 0,
		});
		expect(errorOf(result).description).toContain('SePay has not published the path of its adjustment endpoint');
		expect(errorOf(result).description).toContain('Nothing was issued');
		expect(adjustRequests(sim).map((r) => r.path)).toEqual(['/v1/invoices/adjust']);
		expect(sim.stats.adjustJobsAccepted).toBe([...sim.jobs.values()].filter((j) => j.kind === 'adjust').length);
		expect(sim.invoices.get(original)!.document_type).toBe(2);
	});

	test('continue on fail: the moved-endpoint error becomes an error item', async () => {
		const original = await issuedOriginal(sim, 'A-MOVED-COF');
		sim.setAdjustPath(null);
		const result = await run(sim, { continueOnFail: true, parameters: adjustParams(sim, original, { referenceCode: 'A-MOVED-COF-NEW' }) });
		expect(result.items).toHaveLength(1);
		expect(String(result.items[0]!.json.error)).toContain('it may have moved');
	});
});

describe('local checks of the original: a clear error, nothing sent to create/issue/replace/adjust', () => {
	async function refused(original: string, overrides = {}) {
		sim.clearRequests();
		const result = await run(sim, { parameters: adjustParams(sim, original, { referenceCode: `ADJ-FOR-${original}`, ...overrides }) });
		expect(result.items).toEqual([]);
		expect(issuingRequests(sim)).toEqual([]);
		return errorOf(result);
	}

	test('unknown and draft originals', async () => {
		expect((await refused('A-NOPE')).message).toBe('Original Reference Code: no invoice has the reference code "A-NOPE" [item 0]');
		const draft = await createInvoice(sim, 'A-DRAFT', { mode: 'draft' });
		expect((await refused(draft)).message).toBe('Original Reference Code: "A-DRAFT" is a draft (hóa đơn nháp), not an issued invoice [item 0]');
	});

	test('a replaced original: adjust its replacement instead', async () => {
		const original = await issuedOriginal(sim, 'A-REPLACED');
		const replaced = await run(sim, { parameters: adjustParams(sim, original, { operation: 'replace', referenceCode: 'A-REPLACED-R1' }) });
		expect(replaced.error).toBeUndefined();
		const error = await refused(original);
		expect(error.message).toBe('Original Reference Code: "A-REPLACED" was replaced (document_type 5) and is no longer valid [item 0]');
		expect(error.description).toBe('Adjust the invoice that replaced it instead.');
		const ofReplacement = await run(sim, { parameters: adjustParams(sim, 'A-REPLACED-R1', { referenceCode: 'A-REPLACED-R1-DC1' }) });
		expect(ofReplacement.error).toBeUndefined();
		expect(sim.invoices.get('A-REPLACED-R1')!.document_type).toBe(10);
	});

	test('an adjustment invoice as the original', async () => {
		const original = await issuedOriginal(sim, 'A-CHAIN');
		expect((await run(sim, { parameters: adjustParams(sim, original, { referenceCode: 'A-CHAIN-DC1' }) })).error).toBeUndefined();
		const error = await refused('A-CHAIN-DC1');
		expect(error.message).toBe('Original Reference Code: "A-CHAIN-DC1" is itself an adjustment invoice (document_type 6) [item 0]');
		expect(error.description).toContain('Correct the original invoice it adjusts');
	});

	test('another provider account, shown in the detail', async () => {
		const shows = await startSim({ detailShowsProviderAccount: true });
		try {
			const original = await createInvoice(shows, 'A-ACC-1');
			shows.clearRequests();
			const result = await run(shows, {
				parameters: adjustParams(shows, original, { referenceCode: 'A-ACC-NEW', providerAccount: { __rl: true, mode: 'id', value: shows.providerAccounts[1]!.id } }),
			});
			expect(errorOf(result)).toMatchObject({ message: `Original Reference Code: "A-ACC-1" belongs to another provider account (${shows.activeProviderAccountId}) [item 0]`, itemIndex: 0 });
			expect(issuingRequests(shows)).toEqual([]);
		} finally {
			await shows.close();
		}
	});

	test('three items, the third original unknown: no adjustment is sent (a re-run cannot adjust twice)', async () => {
		const first = await issuedOriginal(sim, 'A-BATCH-1');
		const second = await issuedOriginal(sim, 'A-BATCH-2');
		sim.clearRequests();
		const result = await run(sim, {
			items: [{ original: first }, { original: second }, { original: 'A-BATCH-MISSING' }],
			parameters: adjustParams(sim, '={{ $json.original }}', { referenceCode: '={{ $json.original + "-DC" }}' }),
		});
		expect(errorOf(result)).toMatchObject({ message: 'Original Reference Code: no invoice has the reference code "A-BATCH-MISSING" [item 2]', itemIndex: 2 });
		expect(sim.requestsTo('GET', '/v1/invoices/*')).toHaveLength(3);
		expect(issuingRequests(sim)).toEqual([]);
		expect([first, second].map((r) => sim.invoices.get(r)!.document_type)).toEqual([2, 2]);
	});
});

describe('exactly once', () => {
	test.each([true, false])('lost answer (wait %s): resent with the same body, the 409 resolves to the one adjustment', async (wait) => {
		const original = await issuedOriginal(sim, `A-LOST-${wait}`);
		sim.clearRequests();
		sim.setProcessing({ checks: 0 });
		sim.queueFault({ method: 'POST', path: '/v1/invoices/adjust', kind: 'resetAfterProcessing' });
		const reference = `A-LOST-${wait}-DC`;
		const result = await run(sim, { parameters: adjustParams(sim, original, { referenceCode: reference, waitForResult: wait }) });
		expect(result.error).toBeUndefined();
		const posts = adjustRequests(sim);
		expect(posts).toHaveLength(2);
		expect(posts[1]!.body).toEqual(posts[0]!.body);
		expect([...sim.jobs.values()].filter((j) => j.kind === 'adjust' && j.reference_code === reference)).toHaveLength(1);
		expect(result.items[0]!.json).toMatchObject({ reference_code: reference, already_existed: true, status: 'Success', original_reference_code: original, adjustment_type: 'increase' });
		expect(sim.invoices.get(original)!.adjusted_by).toEqual([reference]);
		expect(await getInvoice(sim, original)).toMatchObject({ document_type: 10 });
	});

	test('a re-run with the same Reference Code: SePay’s 409 returns the adjustment, no second one', async () => {
		const original = await issuedOriginal(sim, 'A-RERUN');
		const parameters = adjustParams(sim, original, { referenceCode: 'A-RERUN-DC' });
		expect((await run(sim, { parameters })).error).toBeUndefined();
		sim.clearRequests();
		const again = await run(sim, { parameters });
		expect(again.items[0]!.json).toMatchObject({ reference_code: 'A-RERUN-DC', already_existed: true, status: 'Success', invoice: { reference_code: 'A-RERUN-DC' } });
		expect(adjustRequests(sim)).toHaveLength(1);
		const strict = await run(sim, { parameters: { ...parameters, ifReferenceCodeExists: 'error' } });
		expect(errorOf(strict)).toMatchObject({ message: 'SePay error EINVOICE_DOCUMENT_EXISTED: Hệ thống đã ghi nhận hoá đơn cho mã tham chiếu này.', httpCode: '409', itemIndex: 0 });
		expect(sim.invoices.get(original)!.adjusted_by).toEqual(['A-RERUN-DC']);
	});
});

describe('bad input: field and item named, nothing sent', () => {
	test.each([
		['an unknown Adjustment Type', { adjustmentType: '={{ "more" }}' }, 'Adjustment Type: "more" is not one of increase, decrease, combined, info [item 0]'],
		['a negative decrease (sign convention: positive amounts)', { adjustmentType: 'decrease', lineItems: { item: [{ itemName: 'Giảm', quantity: 1, unitPrice: -45000, taxRate: '8' }] } }, 'Line Items → line 1 → unit_price: -45000 is negative [item 0]'],
		['an increase without an amount', { lineItems: { item: [{ itemName: 'Tăng', quantity: 1, unitPrice: 0, taxRate: '8' }] } }, 'Line Items: carry no amount, but an increase adjustment lists the difference [item 0]'],
		['a decrease of note lines only', { adjustmentType: 'decrease', lineItems: { item: [{ lineType: 4, itemName: 'Ghi chú' }] } }, 'Line Items: hold only note lines [item 0]'],
		['an information adjustment with a price', { adjustmentType: 'info' }, 'Line Items → line 1 → unit_price: is 1000000, but an information adjustment (điều chỉnh thông tin) changes no amounts [item 0]'],
		['an information adjustment with a bad JSON line', { adjustmentType: 'info', itemsInputMode: 'json', itemsJson: '[{"line_type": 9, "item_name": "x"}]' }, 'Items (JSON) line 1 → line_type: 9 is not a line type [item 0]'],
		['an empty Original Reference Code', { originalReferenceCode: '={{ "" }}' }, 'Original Reference Code: is empty [item 0]'],
	])('%s', async (_label, overrides, message) => {
		const result = await run(sim, { parameters: adjustParams(sim, 'A-ANY', { referenceCode: 'A-ANY-DC', ...overrides }) });
		expect(errorOf(result)).toMatchObject({ message, itemIndex: 0 });
		expect(sim.requests.filter((r) => r.path !== '/v1/token')).toEqual([]);
	});

	test('the error names the second item of two', async () => {
		const result = await run(sim, {
			items: [{ price: 1000 }, { price: -1 }],
			parameters: adjustParams(sim, 'A-ANY', {
				referenceCode: '={{ "A-ANY-" + $itemIndex }}',
				lineItems: { item: [{ itemName: 'Tăng', quantity: 1, unitPrice: '={{ $json.price }}', taxRate: '8' }] },
			}),
		});
		expect(errorOf(result)).toMatchObject({ message: 'Line Items → line 1 → unit_price: -1 is negative [item 1]', itemIndex: 1 });
		expect(sim.requests.filter((r) => r.path !== '/v1/token')).toEqual([]);
	});
});
