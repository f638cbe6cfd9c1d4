/* eslint-disable */
// Invoice → Create (form): exact request body, output, issue date, reference codes, bad input.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';

import { createParams, credentialsFor, errorOf, SePaySimulator, startSim } from '../../support';
import { createBodies, createInvoice, createChecks, createRequests, instantOfVietnamTime, run, vietnamTime } from './helpers';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await startSim({ processing: { checks: 0, ms: 0 } });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.clearRequests());

const noWait = { waitForResult: false };

describe('form fields round-trip', () => {
	test('every documented field, every line type and tax rate, issue mode', async () => {
		const account = sim.activeProviderAccountId;
		const result = await run(sim, {
			parameters: createParams(sim, {
				...noWait,
				mode: 'issue',
				issuedDate: '2026-01-15 08:30:00',
				currency: 'USD',
				paymentMethod: 'CK',
				buyerType: 'company',
				buyerName: 'Công ty TNHH ABC',
				buyerDetails: {
					legalName: 'CÔNG TY TNHH ABC',
					taxCode: '0101234567-001',
					address: '123 Đường ABC, Quận 1, TP.HCM',
					email: 'ketoan@abc.vn',
					phone: '+84 901 234 567',
					buyerCode: 'KH-001',
					nationalId: '001203004005',
				},
				lineItems: {
					item: [
						{ lineType: 1, itemCode: 'SP001', itemName: 'Sản phẩm A', unit: 'cái', quantity: 2.5, unitPrice: 100000, taxRate: '10', discountPercent: 5 },
						{ lineType: 1, itemName: 'Dịch vụ B', unit: 'giờ', quantity: 3, unitPrice: 200000, taxRate: '8', discountAmount: 15000 },
						{ lineType: 2, itemCode: 'KM001', itemName: 'Hàng khuyến mại', unit: 'cái', quantity: 1, unitPrice: 0, taxRate: '5' },
						{ lineType: 3, itemName: 'Chiết khấu thương mại', taxRate: '0', beforeDiscountAndTaxAmount: 50000 },
						{ lineType: 4, itemCode: 'IGNORED', itemName: 'Hàng tặng không thu tiền', unit: 'x', quantity: 9, unitPrice: 9, taxRate: '10', discountAmount: 9 },
						{ lineType: 1, itemName: 'Không kê khai', quantity: 1, unitPrice: 1000, taxRate: '-1' },
						{ lineType: 1, itemName: 'Không chịu thuế', quantity: 1, unitPrice: 2000, taxRate: '-2' },
						{ lineType: 1, itemName: 'Không thuế suất', quantity: 1.25, unitPrice: 3000, taxRate: 'none' },
					],
				},
				referenceCode: 'ORDER-FULL-1',
				additionalFields: { notes: 'Ghi chú hóa đơn', totalAmount: 1234567 },
			}),
		});

		expect(result.error).toBeUndefined();
		expect(createBodies(sim)).toEqual([
			{
				template_code: '1',
				invoice_series: 'C26TAA',
				issued_date: '2026-01-15 08:30:00',
				currency: 'USD',
				provider_account_id: account,
				reference_code: 'ORDER-FULL-1',
				payment_method: 'CK',
				is_draft: false,
				buyer: {
					type: 'company',
					name: 'Công ty TNHH ABC',
					legal_name: 'CÔNG TY TNHH ABC',
					tax_code: '0101234567-001',
					address: '123 Đường ABC, Quận 1, TP.HCM',
					email: 'ketoan@abc.vn',
					phone: '+84 901 234 567',
					buyer_code: 'KH-001',
					national_id: '001203004005',
				},
				items: [
					{ line_number: 1, line_type: 1, item_code: 'SP001', item_name: 'Sản phẩm A', unit: 'cái', quantity: 2.5, unit_price: 100000, tax_rate: 10, discount_tax: 5 },
					{ line_number: 2, line_type: 1, item_name: 'Dịch vụ B', unit: 'giờ', quantity: 3, unit_price: 200000, tax_rate: 8, discount_amount: 15000 },
					{ line_number: 3, line_type: 2, item_code: 'KM001', item_name: 'Hàng khuyến mại', unit: 'cái', quantity: 1, unit_price: 0, tax_rate: 5 },
					// The form's Quantity (1) and Unit Price (0) defaults travel on a discount line too.
					{ line_number: 4, line_type: 3, item_name: 'Chiết khấu thương mại', tax_rate: 0, before_discount_and_tax_amount: 50000 },
					{ line_number: 5, line_type: 4, item_name: 'Hàng tặng không thu tiền' },
					{ line_number: 6, line_type: 1, item_name: 'Không kê khai', quantity: 1, unit_price: 1000, tax_rate: -1 },
					{ line_number: 7, line_type: 1, item_name: 'Không chịu thuế', quantity: 1, unit_price: 2000, tax_rate: -2 },
					{ line_number: 8, line_type: 1, item_name: 'Không thuế suất', quantity: 1.25, unit_price: 3000 },
				],
				notes: 'Ghi chú hóa đơn',
				total_amount: 1234567,
			},
		]);

		const job = [...sim.jobs.values()].find((j) => j.reference_code === 'ORDER-FULL-1')!;
		expect(job.tracking_code).not.toBe('ORDER-FULL-1');
		expect(result.items).toEqual([
			{
				json: {
					reference_code: 'ORDER-FULL-1',
					tracking_code: job.tracking_code,
					tracking_url: `${sim.url}/v1/invoices/create/check/${job.tracking_code}`,
					message: 'Đã tạo yêu cầu xuất bán hóa đơn điện tử',
					is_draft: false,
					status: 'Pending',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(createChecks(sim)).toHaveLength(0);
	});

	test('draft mode with defaults: personal buyer, VND, TM/CK, sales template 2|C26TBB', async () => {
		const result = await run(sim, {
			parameters: createParams(sim, {
				...noWait,
				mode: 'draft',
				templateAndSeries: '2|C26TBB',
				issuedDate: '2026-02-01 00:00:00',
				buyerName: 'Trần Thị B',
				lineItems: { item: [{ itemName: 'Bánh mì', quantity: 1, unitPrice: 25000, taxRate: 'none' }] },
				referenceCode: 'DRAFT-DEFAULTS-1',
			}),
		});
		expect(result.error).toBeUndefined();
		expect(createBodies(sim)).toEqual([
			{
				template_code: '2',
				invoice_series: 'C26TBB',
				issued_date: '2026-02-01 00:00:00',
				currency: 'VND',
				provider_account_id: sim.activeProviderAccountId,
				reference_code: 'DRAFT-DEFAULTS-1',
				payment_method: 'TM/CK',
				is_draft: true,
				buyer: { type: 'personal', name: 'Trần Thị B' },
				items: [{ line_number: 1, line_type: 1, item_name: 'Bánh mì', quantity: 1, unit_price: 25000 }],
			},
		]);
		expect(result.items[0].json).toMatchObject({ reference_code: 'DRAFT-DEFAULTS-1', is_draft: true });
	});

	test.each([
		['TM', 'CAD'],
		['KHAC', 'VND'],
		['TM/CK', 'USD'],
	])('payment method %s and currency %s are sent as chosen', async (paymentMethod, currency) => {
		await run(sim, { parameters: createParams(sim, { ...noWait, paymentMethod, currency, referenceCode: `PM-${currency}` }) });
		expect(createBodies(sim).map((b) => [b.payment_method, b.currency])).toEqual([[paymentMethod, currency]]);
	});

	test('provider account from the list mode and template|series with spaces', async () => {
		await run(sim, {
			parameters: createParams(sim, {
				...noWait,
				providerAccount: { __rl: true, mode: 'list', value: sim.activeProviderAccountId },
				templateAndSeries: ' 1 | C26TAA ',
				referenceCode: 'LIST-MODE-1',
			}),
		});
		expect(createBodies(sim)[0]).toMatchObject({
			provider_account_id: sim.activeProviderAccountId,
			template_code: '1',
			invoice_series: 'C26TAA',
		});
	});

	test('one request per input item, each with its own mapped values and line_number 1..n', async () => {
		const result = await run(sim, {
			items: [
				{ order: 'A1', name: 'Khách 1', lines: 1 },
				{ order: 'A2', name: 'Khách 2', lines: 2 },
			],
			parameters: createParams(sim, {
				...noWait,
				referenceCode: '={{ "ORDER-" + $json.order }}',
				buyerName: '={{ $json.name }}',
				lineItems: {
					item: [
						{ itemName: '={{ "Món " + $json.order }}', quantity: '={{ $json.lines }}', unitPrice: 1000, taxRate: '10' },
						{ lineType: 4, itemName: 'Ghi chú' },
						{ itemName: 'Thêm', quantity: 1, unitPrice: 500, taxRate: '0' },
					],
				},
			}),
		});
		expect(result.error).toBeUndefined();
		const bodies = createBodies(sim).sort((a, b) => a.reference_code.localeCompare(b.reference_code));
		expect(bodies.map((b) => [b.reference_code, b.buyer, b.items])).toEqual(
			['A1', 'A2'].map((order, index) => [
				`ORDER-${order}`,
				{ type: 'personal', name: `Khách ${index + 1}` },
				[
					{ line_number: 1, line_type: 1, item_name: `Món ${order}`, quantity: index + 1, unit_price: 1000, tax_rate: 10 },
					{ line_number: 2, line_type: 4, item_name: 'Ghi chú' },
					{ line_number: 3, line_type: 1, item_name: 'Thêm', quantity: 1, unit_price: 500, tax_rate: 0 },
				],
			]),
		);
		expect(result.items.map((i) => [i.json.reference_code, i.pairedItem])).toEqual([
			['ORDER-A1', { item: 0 }],
			['ORDER-A2', { item: 1 }],
		]);
	});
});

describe('Issue Date', () => {
	const issuedDateOf = async (issuedDate: string, reference: string) => {
		const result = await run(sim, { parameters: createParams(sim, { ...noWait, issuedDate, referenceCode: reference }) });
		expect(result.error).toBeUndefined();
		return createBodies(sim).find((b) => b.reference_code === reference)!.issued_date as string;
	};

	test('empty = now in Vietnam time', async () => {
		const before = Math.floor(Date.now() / 1000) * 1000;
		const sent = await issuedDateOf('', 'DATE-NOW-1');
		const after = Date.now();
		expect(sent).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		const instant = instantOfVietnamTime(sent);
		expect(instant).toBeGreaterThanOrEqual(before);
		expect(instant).toBeLessThanOrEqual(after);
		expect(after - instant).toBeLessThan(5000);
	});

	test.each([
		['2026-01-15T01:30:00Z', '2026-01-15 08:30:00'],
		['2026-01-15T08:30:00+07:00', '2026-01-15 08:30:00'],
		['2026-01-14T20:30:00-05:00', '2026-01-15 08:30:00'],
		['2026-01-15T01:30:00.250Z', '2026-01-15 08:30:00'],
		['2026-01-15 08:30:00', '2026-01-15 08:30:00'],
		['2026-01-15', '2026-01-15 00:00:00'],
		['2026-01-14T17:00:00Z', '2026-01-15 00:00:00'],
	])('%s → %s', async (given, expected) => {
		expect(await issuedDateOf(given, `DATE-${given.replace(/[^0-9A-Z]/g, '')}`)).toBe(expected);
	});

	test('n8n date from an expression: $now.minus({days: 1})', async () => {
		const before = Math.floor((Date.now() - 86400_000) / 1000) * 1000;
		const sent = await issuedDateOf('={{ $now.minus({days: 1}) }}', 'DATE-EXPR-NOW');
		const after = Date.now() - 86400_000;
		const instant = instantOfVietnamTime(sent);
		expect(instant).toBeGreaterThanOrEqual(before);
		expect(instant).toBeLessThanOrEqual(after);
	});

	test('n8n DateTime from an expression with another zone', async () => {
		expect(
			await issuedDateOf("={{ DateTime.fromISO('2026-01-15T01:30:00Z').setZone('America/Los_Angeles') }}", 'DATE-EXPR-LA'),
		).toBe('2026-01-15 08:30:00');
	});

	test('result does not depend on the server time zone (TZ=Pacific/Kiritimati, UTC+14)', async () => {
		const saved = process.env.TZ;
		process.env.TZ = 'Pacific/Kiritimati';
		try {
			expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(-14 * 60);
			expect(await issuedDateOf('2026-01-15 08:30:00', 'DATE-TZ-1')).toBe('2026-01-15 08:30:00');
			expect(await issuedDateOf('2026-01-15T01:30:00Z', 'DATE-TZ-2')).toBe('2026-01-15 08:30:00');
			expect(await issuedDateOf("={{ DateTime.fromISO('2026-01-15T01:30:00Z') }}", 'DATE-TZ-3')).toBe('2026-01-15 08:30:00');
			const before = Math.floor(Date.now() / 1000) * 1000;
			const instant = instantOfVietnamTime(await issuedDateOf('', 'DATE-TZ-4'));
			expect(instant).toBeGreaterThanOrEqual(before);
			expect(instant).toBeLessThanOrEqual(Date.now());
		} finally {
			if (saved === undefined) delete process.env.TZ;
			else process.env.TZ = saved;
		}
	});
});

describe('Reference Code', () => {
	test('empty: generated N8N-<executionId>-<node>-<run+1>-<item+1>, one per item', async () => {
		const result = await run(sim, { executionId: 'exec-gen-1', items: [{}, {}], parameters: createParams(sim, noWait) });
		expect(result.error).toBeUndefined();
		const codes = createBodies(sim).map((b) => b.reference_code as string).sort();
		expect(codes).toHaveLength(2);
		expect(codes[0]).toMatch(/^N8N-exec-gen-1-[0-9a-f]{8}-1-1$/);
		expect(codes[1]).toBe(codes[0].replace(/-1$/, '-2'));
		expect(result.items.map((i) => i.json.reference_code)).toEqual(codes);
	});

	test('generated code is stable for one execution: a re-run returns the existing invoice, no second one', async () => {
		const first = await run(sim, { executionId: 'exec-rerun-1', parameters: createParams(sim, noWait) });
		expect(first.error).toBeUndefined();
		const code = first.items[0].json.reference_code as string;
		expect(code).toMatch(/^N8N-exec-rerun-1-[0-9a-f]{8}-1-1$/);
		sim.settleJobs();
		expect(sim.invoices.get(code)?.status).toBe('issued');
		const parameters = createParams(sim, { waitForResult: true });
		const invoicesBefore = sim.invoices.size;
		const acceptedBefore = sim.stats.createJobsAccepted;
		const rejectionsBefore = sim.stats.duplicateRejections;
		sim.clearRequests();

		const second = await run(sim, { executionId: 'exec-rerun-1', parameters });
		expect(second.error).toBeUndefined();
		expect(createBodies(sim).map((b) => b.reference_code)).toEqual([code]);
		expect(sim.stats.duplicateRejections).toBe(rejectionsBefore + 1);
		expect(sim.stats.createJobsAccepted).toBe(acceptedBefore);
		expect(sim.invoices.size).toBe(invoicesBefore);
		const stored = sim.invoices.get(code)!;
		expect(second.items).toEqual([
			{
				json: {
					reference_code: code,
					tracking_code: null,
					already_existed: true,
					status: 'Success',
					message: 'An invoice with this reference code already existed; it was returned instead of creating another',
					invoice: expect.objectContaining({
						reference_code: code,
						invoice_number: stored.invoice_number,
						status: 'issued',
						source: 'api',
					}),
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(sim.requestsTo('GET', `/v1/invoices/${code}`)).toHaveLength(1);

		const other = await run(sim, { executionId: 'exec-rerun-2', parameters: createParams(sim, noWait) });
		expect(other.items[0].json.reference_code).toMatch(/^N8N-exec-rerun-2-[0-9a-f]{8}-1-1$/);
	});

	test('user-supplied code that exists, default returnExisting: existing invoice, nothing new', async () => {
		const code = 'ORDER-EXISTS-1';
		await createInvoice(sim, code);
		expect(sim.invoices.get(code)?.status).toBe('issued');
		const invoicesBefore = sim.invoices.size;
		sim.clearRequests();

		const again = await run(sim, { parameters: createParams(sim, { referenceCode: code, waitForResult: false }) });
		expect(again.error).toBeUndefined();
		expect(again.items[0].json).toMatchObject({
			reference_code: code,
			tracking_code: null,
			already_existed: true,
			status: 'Success',
			invoice: { reference_code: code, status: 'issued', buyer: { type: 'personal', name: 'Nguyễn Văn A' } },
		});
		expect(sim.invoices.size).toBe(invoicesBefore);
		expect(sim.invoices.get(code)!.buyer.name).toBe('Nguyễn Văn A');
	});

	test('user-supplied code that exists, ifReferenceCodeExists=error: SePay code and hint', async () => {
		const code = 'ORDER-EXISTS-2';
		await createInvoice(sim, code);
		const invoicesBefore = sim.invoices.size;
		sim.clearRequests();

		const again = await run(sim, { parameters: createParams(sim, { referenceCode: code, ifReferenceCodeExists: 'error' }) });
		expect(again.items).toEqual([]);
		expect(errorOf(again)).toEqual({
			message: 'SePay error EINVOICE_DOCUMENT_EXISTED: Hệ thống đã ghi nhận hoá đơn cho mã tham chiếu này.',
			description:
				'An invoice with this Reference Code already exists. Use another Reference Code, or set "If Reference Code Exists" to "Return Existing Invoice".',
			httpCode: '409',
			itemIndex: 0,
		});
		expect(createRequests(sim)).toHaveLength(1);
		expect(sim.requestsTo('GET', '/v1/invoices/**')).toHaveLength(0);
		expect(sim.invoices.size).toBe(invoicesBefore);
	});

	test('existing code still being processed: Pending item without wait, clear error with wait', async () => {
		sim.setProcessing({ checks: 50 });
		try {
			await run(sim, { parameters: createParams(sim, { referenceCode: 'ORDER-PENDING-1', waitForResult: false }) });
			const again = await run(sim, { parameters: createParams(sim, { referenceCode: 'ORDER-PENDING-1', waitForResult: false }) });
			expect(again.items[0].json).toEqual({
				reference_code: 'ORDER-PENDING-1',
				tracking_code: null,
				already_existed: true,
				status: 'Pending',
				message: 'SePay already has a request with this reference code and is still processing it',
			});
			sim.clearRequests();
			const waited = await run(sim, { parameters: createParams(sim, { referenceCode: 'ORDER-PENDING-1', maxPollAttempts: 1 }) });
			expect(errorOf(waited)).toMatchObject({
				message: 'SePay is still processing the earlier request with reference code ORDER-PENDING-1',
				itemIndex: 0,
			});
			expect(errorOf(waited).description).toContain('"Get" operation');
			expect(sim.requestsTo('GET', '/v1/invoices/ORDER-PENDING-1')).toHaveLength(2);
			expect(sim.stats.createJobsAccepted).toBe([...sim.jobs.values()].filter((j) => j.kind === 'create').length);
			expect([...sim.jobs.values()].filter((j) => j.reference_code === 'ORDER-PENDING-1')).toHaveLength(1);
		} finally {
			sim.setProcessing({ checks: 0 });
		}
	});

	test('ifReferenceCodeExists=error with continueOnFail: error item, the other item still created', async () => {
		const code = 'ORDER-EXISTS-3';
		await run(sim, { parameters: createParams(sim, { referenceCode: code, waitForResult: false }) });
		const result = await run(sim, {
			continueOnFail: true,
			items: [{ ref: code }, { ref: 'ORDER-NEW-3' }],
			parameters: createParams(sim, { referenceCode: '={{ $json.ref }}', ifReferenceCodeExists: 'error', waitForResult: false }),
		});
		expect(result.items[0].json).toEqual({
			status: 'Failed',
			reference_code: code,
			tracking_code: null,
			error: 'SePay error EINVOICE_DOCUMENT_EXISTED: Hệ thống đã ghi nhận hoá đơn cho mã tham chiếu này.',
			hint: 'An invoice with this Reference Code already exists. Use another Reference Code, or set "If Reference Code Exists" to "Return Existing Invoice".',
			http_status: 409,
		});
		expect(result.items[1].json).toMatchObject({ reference_code: 'ORDER-NEW-3', is_draft: false });
	});
});

describe('bad input: clear error naming field and item, zero requests', () => {
	const future = () => vietnamTime(Date.now() + 2 * 3600_000);
	const cases: Array<[string, Record<string, unknown>, RegExp | string, RegExp?]> = [
		['missing template/series (expression resolving to empty)', { templateAndSeries: '={{ $json.template ?? "" }}' }, 'Template & Series: is not chosen [item 0]', /1\|C26TAA/],
		['template without series', { templateAndSeries: '1' }, 'Template & Series: "1" is not "template|series" [item 0]'],
		['company buyer without name', { buyerType: 'company', buyerName: '' }, 'Buyer Name: is required for a company buyer [item 0]'],
		[
			'quantity with 3 decimals',
			{ lineItems: { item: [{ itemName: 'A', quantity: 1.234, unitPrice: 1 }] } },
			'Line Items → line 1 → quantity: 1.234 has more than 2 decimals [item 0]',
			/2 decimals/,
		],
		[
			'non-integer total amount',
			{ additionalFields: { totalAmount: 100.5 } },
			'Total Amount: 100.5 is not a whole, non-negative number [item 0]',
			/integer/,
		],
		['empty items', { lineItems: {} }, 'Line Items: are empty [item 0]'],
		['only note lines', { lineItems: { item: [{ lineType: 4, itemName: 'Chỉ ghi chú' }] } }, 'Line Items: hold only note lines [item 0]'],
		[
			'unparseable issue date',
			{ issuedDate: 'hôm qua' },
			'Issue Date: "hôm qua" is not a date in the form YYYY-MM-DD HH:mm:ss or ISO 8601 [item 0]',
			/YYYY-MM-DD HH:mm:ss/,
		],
		['impossible calendar date', { issuedDate: '2026-02-30 10:00:00' }, 'Issue Date: "2026-02-30 10:00:00" is not a real calendar date and time [item 0]'],
		['future issue date', { issuedDate: '__FUTURE__' }, /^Issue Date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Vietnam time\) is in the future \[item 0\]$/, /cannot be dated later/],
		[
			'malformed JSON items',
			{ itemsInputMode: 'json', itemsJson: '[{"line_type": 1, "item_name": "A",' },
			'Items (JSON): is not valid JSON [item 0]',
		],
		['goods line without name', { lineItems: { item: [{ quantity: 1, unitPrice: 1 }] } }, 'Line Items → line 1 → item_name: is required [item 0]'],
		['bad buyer tax code', { buyerDetails: { taxCode: '12345' } }, 'Buyer Tax Code (MST): "12345" is not a Vietnamese tax code [item 0]'],
		['bad buyer email', { buyerDetails: { email: 'a@b' } }, 'Buyer Email: "a@b" is not an e-mail address [item 0]'],
		['reference code with a slash', { referenceCode: 'ORDER/1' }, /^Reference Code: "ORDER\/1" contains characters that are not allowed/],
		['missing provider account', { providerAccount: { __rl: true, mode: 'id', value: '={{ $json.account ?? "" }}' } }, 'Provider Account: is empty [item 0]'],
	];

	test.each(cases)('%s', async (_name, overrides, message, hint) => {
		const params = { ...overrides };
		if (params.issuedDate === '__FUTURE__') params.issuedDate = future();
		const result = await run(sim, { parameters: createParams(sim, params as never) });
		expect(result.items).toEqual([]);
		const error = errorOf(result);
		if (typeof message === 'string') expect(error.message).toBe(message);
		else expect(error.message).toMatch(message);
		expect(error.itemIndex).toBe(0);
		expect(error.description).toEqual(expect.any(String));
		expect((error.description as string).length).toBeGreaterThan(10);
		if (hint) expect(error.description).toMatch(hint);
		expect(sim.requests).toEqual([]);
	});

	test('a literally empty Template & Series or Provider Account is refused by n8n before the node runs', async () => {
		await expect(run(sim, { parameters: createParams(sim, { templateAndSeries: '' }) })).rejects.toThrow(
			'Parameter "Template & Series Name or ID" is required',
		);
		await expect(
			run(sim, { parameters: createParams(sim, { providerAccount: { __rl: true, mode: 'list', value: '' } }) }),
		).rejects.toThrow('Parameter "Provider Account" is required');
		expect(sim.requests).toEqual([]);
	});

	test('the error names the failing item: all items bad, item 1 reported with continueOnFail', async () => {
		const result = await run(sim, {
			continueOnFail: true,
			items: [{ q: 1.111 }, { q: 2.222 }],
			parameters: createParams(sim, { lineItems: { item: [{ itemName: 'A', quantity: '={{ $json.q }}', unitPrice: 1 }] } }),
		});
		const refused = (error: string) => ({ status: 'Failed', reference_code: null, tracking_code: null, error, hint: expect.any(String) });
		expect(result.items.map((i) => [i.json, i.pairedItem])).toEqual([
			[refused('Line Items → line 1 → quantity: 1.111 has more than 2 decimals [item 0]'), { item: 0 }],
			[refused('Line Items → line 1 → quantity: 2.222 has more than 2 decimals [item 1]'), { item: 1 }],
		]);
		expect(sim.requests).toEqual([]);
	});

	test('one bad item (without continueOnFail): no invoice is created for the others', async () => {
		const result = await run(sim, {
			items: [{ q: 1 }, { q: 1.234 }],
			parameters: createParams(sim, { lineItems: { item: [{ itemName: 'A', quantity: '={{ $json.q }}', unitPrice: 1 }] } }),
		});
		// the valid item 0 sends nothing; the run stops on item 1's own error
		expect(errorOf(result)).toMatchObject({
			message: 'Line Items → line 1 → quantity: 1.234 has more than 2 decimals [item 1]',
			itemIndex: 1,
		});
		expect(createRequests(sim)).toHaveLength(0);
	});
});

test('secrets never reach the output', async () => {
	const store = credentialsFor(sim);
	const result = await run(sim, { store, parameters: createParams(sim, { referenceCode: 'NO-SECRET-1' }) });
	const token = String((await store.storedData('sePayEInvoiceApi'))?.accessToken ?? '');
	expect(token.length).toBeGreaterThan(10);
	const text = JSON.stringify(result.items);
	expect(text).not.toContain('demo-client-secret');
	expect(text).not.toContain(token);
});
