/* eslint-disable */
// Replace / Adjust (Information) with Start From = Original Invoice: the original's detail plus the
// Fields to Change, validated as Create validates, the `changes` output, bad input, On Error.
import { describe, expect, test } from 'vitest';
import type { INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { invoiceSummary } from '../../simulator/routes.ts';
import { adjustRequests, apiCalls, issuingRequests, replaceRequests } from './correctionHelpers';
import { einvoiceNodeType, errorOf, SePaySimulator, shareSimulator } from '../../support';
import { createInvoice, jobOf, run } from './helpers';

let sim: SePaySimulator;
shareSimulator((started) => (sim = started), (shared) => {
	shared.setCorrectionTrackingUrl('own');
	shared.setAdjustPath('/v1/invoices/adjust');
});

const BUYER = { type: 'company', name: 'Công ty TNHH ABC', tax_code: '0101234567', address: '123 Đường A, Quận B, Hà Nội', email: 'ketoan@abc.vn' };
/** The original's lines as Create sends them. */
const LINE_1 = { line_number: 1, line_type: 1, item_name: 'Sản phẩm A', item_code: 'SP001', unit: 'cái', quantity: 2, unit_price: 100000, tax_rate: 10 };
const LINE_2 = { line_number: 2, line_type: 1, item_name: 'Phí giao hàng', unit: 'lần', quantity: 1, unit_price: 30000, tax_rate: 8 };
const LINE_3 = { line_number: 3, line_type: 4, item_name: 'Giao hàng trong 3 ngày' };
/** 200,000 + 10 % and 30,000 + 8 %. */
const ORIGINAL_TOTAL = 252400;

/** An issued invoice with a company buyer, two priced lines and a note line, paid by transfer, with notes. */
async function original(code: string, overrides: INodeParameters = {}): Promise<string> {
	return await createInvoice(sim, code, {
		buyerType: 'company',
		buyerName: BUYER.name,
		buyerDetails: { taxCode: BUYER.tax_code, address: BUYER.address, email: BUYER.email },
		paymentMethod: 'CK',
		lineItems: {
			item: [
				{ lineType: 1, itemCode: 'SP001', itemName: 'Sản phẩm A', unit: 'cái', quantity: 2, unitPrice: 100000, taxRate: '10' },
				{ lineType: 1, itemName: 'Phí giao hàng', unit: 'lần', quantity: 1, unitPrice: 30000, taxRate: '8' },
				{ lineType: 4, itemName: 'Giao hàng trong 3 ngày' },
			],
		},
		additionalFields: { notes: 'Đơn hàng 1001' },
		...overrides,
	});
}

/** Replace with Start From left at its default (Original Invoice): the fields a user sets, nothing else. */
function replaceFromOriginal(originalCode: string, fieldsToChange: INodeParameters, overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'invoice',
		operation: 'replace',
		originalReferenceCode: originalCode,
		providerAccount: { __rl: true, mode: 'id', value: sim.activeProviderAccountId },
		fieldsToChange,
		referenceCode: `${originalCode}-R1`,
		pollInterval: 0.5,
		...overrides,
	};
}

/** Adjust → Information, Start From left at its default (Original Invoice). */
function informationFromOriginal(originalCode: string, fieldsToChange: INodeParameters, overrides: INodeParameters = {}): INodeParameters {
	return replaceFromOriginal(originalCode, fieldsToChange, { operation: 'adjust', adjustmentType: 'info', referenceCode: `${originalCode}-DC1`, ...overrides });
}

const VIETNAM_NOW = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('Replace from the original', () => {
	test('only the buyer’s tax code changes: the original’s lines and total are sent unchanged, `changes` lists the tax code (and the new date)', async () => {
		const code = await original('O-TAX');
		const held = sim.invoices.get(code)!;
		sim.clearRequests();
		const result = await run(sim, { parameters: replaceFromOriginal(code, { taxCode: '0109876543' }) });
		expect(result.error).toBeUndefined();
		const body = replaceRequests(sim)[0]!.body as Record<string, any>;
		expect(body.issued_date).toMatch(VIETNAM_NOW);
		expect(replaceRequests(sim).map((r) => r.body)).toEqual([
			{
				original_invoice_reference_code: code,
				template_code: '1',
				invoice_series: 'C26TAA',
				issued_date: body.issued_date,
				currency: 'VND',
				provider_account_id: sim.activeProviderAccountId,
				reference_code: 'O-TAX-R1',
				payment_method: 'CK',
				is_draft: false,
				buyer: { ...BUYER, tax_code: '0109876543' },
				items: [LINE_1, LINE_2, LINE_3],
				notes: 'Đơn hàng 1001',
				total_amount: ORIGINAL_TOTAL,
			},
		]);
		const { tracking_code } = jobOf(sim, 'O-TAX-R1');
		const replacement = sim.invoices.get('O-TAX-R1')!;
		expect(result.items).toEqual([
			{
				json: {
					reference_code: 'O-TAX-R1',
					tracking_code,
					tracking_url: `${sim.url}/v1/invoices/replace/check/${tracking_code}`,
					message: 'Xuất hóa đơn thay thế thành công',
					is_draft: false,
					status: 'Success',
					invoice: invoiceSummary(replacement),
					checks: 2,
					original_reference_code: code,
					changes: [
						{ field: 'issued_date', from: held.issued_date, to: body.issued_date },
						{ field: 'buyer.tax_code', from: '0101234567', to: '0109876543' },
					],
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(apiCalls(sim)).toEqual([`GET /v1/invoices/${code}`, 'POST /v1/invoices/replace', `GET /v1/invoices/replace/check/${tracking_code}`, `GET /v1/invoices/replace/check/${tracking_code}`]);
		expect([replacement.total_before_tax, replacement.tax_amount, replacement.total_amount]).toEqual([held.total_before_tax, held.tax_amount, held.total_amount]);
		expect(replacement.items).toEqual(held.items);
		expect([held.document_type, replacement.document_type]).toEqual([5, 4]);
	});

	test('remove line 2, add a line, change line 1’s tax rate: lines renumbered, SePay computes the new total, `changes` lists each', async () => {
		const code = await original('O-LINES');
		const held = sim.invoices.get(code)!;
		sim.clearRequests();
		const added = { lineType: 1, itemName: 'Phí lắp đặt', unit: 'lần', quantity: 1, unitPrice: 50000, taxRate: '8' };
		const result = await run(sim, {
			parameters: replaceFromOriginal(code, {
				changeLines: { line: [{ lineNumber: 1, values: { taxRate: '8' } }] },
				removeLines: '2',
				addLines: { line: [added] },
			}),
		});
		expect(result.error).toBeUndefined();
		const body = replaceRequests(sim)[0]!.body as Record<string, any>;
		const installation = { line_number: 3, line_type: 1, item_name: 'Phí lắp đặt', unit: 'lần', quantity: 1, unit_price: 50000, tax_rate: 8 };
		expect(body.items).toEqual([{ ...LINE_1, tax_rate: 8 }, { ...LINE_3, line_number: 2 }, installation]);
		expect('total_amount' in body).toBe(false);
		expect(result.items[0]!.json.changes).toEqual([
			{ field: 'issued_date', from: held.issued_date, to: body.issued_date },
			{ field: 'items[1].tax_rate', from: 10, to: 8 },
			{ field: 'items[2]', from: LINE_2, to: null },
			{ field: 'items[3].line_number', from: 3, to: 2 },
			{ field: 'items[added 1]', from: null, to: installation },
		]);
		expect(result.items[0]!.json).toMatchObject({ status: 'Success', invoice: { total_amount: 200000 + 16000 + 50000 + 4000 } });
	});

	test('a buyer field set empty is removed; a field set to its current value is no change', async () => {
		const code = await original('O-EMPTY');
		sim.clearRequests();
		const result = await run(sim, { parameters: replaceFromOriginal(code, { email: '', buyerName: BUYER.name, phone: '0901234567' }) });
		expect(result.error).toBeUndefined();
		const { email, ...withoutEmail } = BUYER;
		expect((replaceRequests(sim)[0]!.body as any).buyer).toEqual({ ...withoutEmail, phone: '0901234567' });
		expect((result.items[0]!.json.changes as any[]).slice(1)).toEqual([
			{ field: 'buyer.email', from: email, to: null },
			{ field: 'buyer.phone', from: null, to: '0901234567' },
		]);
	});

	test('a discount the detail does not show is kept as the line’s discount amount: same total', async () => {
		const code = await original('O-DISCOUNT', {
			lineItems: { item: [{ lineType: 1, itemName: 'Sản phẩm B', quantity: 2, unitPrice: 100000, taxRate: '10', discountPercent: 10 }] },
		});
		const held = sim.invoices.get(code)!;
		sim.clearRequests();
		const result = await run(sim, { parameters: replaceFromOriginal(code, { address: '45 Đường C, Hà Nội' }) });
		expect(result.error).toBeUndefined();
		expect((replaceRequests(sim)[0]!.body as any).items).toEqual([
			{ line_number: 1, line_type: 1, item_name: 'Sản phẩm B', quantity: 2, unit_price: 100000, tax_rate: 10, discount_amount: 20000 },
		]);
		expect(sim.invoices.get('O-DISCOUNT-R1')!.total_amount).toBe(held.total_amount);
		expect(held.total_amount).toBe(198000);
	});

	test('what the detail does not show must be set: Template & Series, Currency, Buyer Type', async () => {
		const code = await original('O-HIDDEN');
		const held = sim.invoices.get(code)! as any;
		const template = held.template_code;
		delete held.template_code;
		sim.clearRequests();
		const missing = await run(sim, { parameters: replaceFromOriginal(code, { taxCode: '0109876543' }) });
		expect(errorOf(missing)).toMatchObject({ message: `Fields to Change → Template & Series: SePay's detail of "${code}" does not show its template (mẫu số) and series (ký hiệu) [item 0]`, itemIndex: 0 });
		expect(errorOf(missing).description).toContain('Add Template & Series under Fields to Change');
		expect(issuingRequests(sim)).toEqual([]);
		const set = await run(sim, { parameters: replaceFromOriginal(code, { taxCode: '0109876543', templateAndSeries: '1|C26TAA' }) });
		expect(set.error).toBeUndefined();
		expect(replaceRequests(sim).map((r) => [(r.body as any).template_code, (r.body as any).invoice_series])).toEqual([['1', 'C26TAA']]);
		expect((set.items[0]!.json.changes as any[]).map((change) => change.field)).toEqual(['template_code', 'issued_date', 'buyer.tax_code']);
		held.template_code = template;

		const other = await original('O-HIDDEN-2');
		delete (sim.invoices.get(other) as any).buyer.type;
		const noType = await run(sim, { parameters: replaceFromOriginal(other, { taxCode: '0109876543' }) });
		expect(errorOf(noType).message).toBe(`Fields to Change → Buyer Type: SePay's detail of "${other}" does not show its buyer type (personal or company) [item 0]`);
		delete (sim.invoices.get(other) as any).currency;
		const noCurrency = await run(sim, { parameters: replaceFromOriginal(other, { taxCode: '0109876543', buyerType: 'company' }) });
		expect(errorOf(noCurrency).message).toBe(`Fields to Change → Currency: SePay's detail of "${other}" does not show its currency [item 0]`);
		expect(replaceRequests(sim)).toHaveLength(1);
	});

	test('a re-run with the same Reference Code returns the replacement with the same `changes`, sends nothing', async () => {
		const code = await original('O-RERUN');
		const parameters = replaceFromOriginal(code, { taxCode: '0109876543' });
		const first = await run(sim, { parameters });
		expect(first.error).toBeUndefined();
		sim.clearRequests();
		const again = await run(sim, { parameters });
		expect(again.error).toBeUndefined();
		expect(again.items[0]!.json).toMatchObject({ reference_code: 'O-RERUN-R1', already_existed: true, status: 'Success', original_reference_code: code });
		expect((again.items[0]!.json.changes as any[]).slice(1)).toEqual([{ field: 'buyer.tax_code', from: '0101234567', to: '0109876543' }]);
		expect(issuingRequests(sim)).toEqual([]);
	});

	test('SePay’s Failed job with Continue (regular output): the Failed item still lists its changes', async () => {
		const code = await original('O-FAILED');
		sim.queueJobFailure({ kind: 'replace', message: 'Lỗi ký số (mô phỏng)' });
		const result = await run(sim, { continueOnFail: true, parameters: replaceFromOriginal(code, { taxCode: '0109876543' }) });
		expect(result.items[0]!.json).toMatchObject({
			status: 'Failed',
			reference_code: 'O-FAILED-R1',
			original_reference_code: code,
			error: 'SePay could not issue the replacement invoice: Lỗi ký số (mô phỏng)',
			hint: expect.stringContaining('reference code O-FAILED-R1'),
		});
		expect((result.items[0]!.json.changes as any[]).slice(1)).toEqual([{ field: 'buyer.tax_code', from: '0101234567', to: '0109876543' }]);
		expect(sim.invoices.get(code)!.document_type).toBe(2);
	});
});

describe('Adjust → Information from the original', () => {
	test('a corrected buyer name and line text: the buyer as corrected, the changed line without amounts, `changes`', async () => {
		const code = await original('O-INFO');
		const held = sim.invoices.get(code)!;
		sim.clearRequests();
		const result = await run(sim, {
			parameters: informationFromOriginal(code, {
				buyerName: 'Công ty TNHH ABC Việt Nam',
				changeLines: { line: [{ lineNumber: 1, values: { itemName: 'Sản phẩm A (model 2026)' } }] },
			}),
		});
		expect(result.error).toBeUndefined();
		const body = adjustRequests(sim)[0]!.body as Record<string, any>;
		expect(adjustRequests(sim).map((r) => r.body)).toEqual([
			{
				original_invoice_reference_code: code,
				adjustment_type: 'info',
				template_code: '1',
				invoice_series: 'C26TAA',
				issued_date: body.issued_date,
				currency: 'VND',
				provider_account_id: sim.activeProviderAccountId,
				reference_code: 'O-INFO-DC1',
				payment_method: 'CK',
				is_draft: false,
				buyer: { ...BUYER, name: 'Công ty TNHH ABC Việt Nam' },
				items: [{ ...LINE_1, item_name: 'Sản phẩm A (model 2026)', unit_price: 0 }],
				notes: 'Đơn hàng 1001',
			},
		]);
		expect(result.items[0]!.json).toMatchObject({ status: 'Success', adjustment_type: 'info', original_reference_code: code, invoice: { total_amount: 0 } });
		expect(result.items[0]!.json.changes).toEqual([
			{ field: 'issued_date', from: held.issued_date, to: body.issued_date },
			{ field: 'buyer.name', from: BUYER.name, to: 'Công ty TNHH ABC Việt Nam' },
			{ field: 'items[1].item_name', from: 'Sản phẩm A', to: 'Sản phẩm A (model 2026)' },
		]);
		expect([held.document_type, sim.invoices.get('O-INFO-DC1')!.document_type]).toEqual([10, 8]);
	});

	test('only the buyer’s address: no lines are sent', async () => {
		const code = await original('O-INFO-ADDR');
		sim.clearRequests();
		const result = await run(sim, { parameters: informationFromOriginal(code, { address: '45 Đường C, Hà Nội' }) });
		expect(result.error).toBeUndefined();
		const body = adjustRequests(sim)[0]!.body as Record<string, any>;
		expect('items' in body).toBe(false);
		expect(body.buyer).toEqual({ ...BUYER, address: '45 Đường C, Hà Nội' });
	});
});

describe('Start From hides what does not apply (n8n’s own display rules)', () => {
	const shown = (parameters: INodeParameters) =>
		Object.keys(NodeHelpers.getNodeParameters(einvoiceNodeType.description.properties, parameters, true, false, null, null)!);
	const common = ['referenceCode', 'ifReferenceCodeExists', 'waitForResult', 'pollInterval', 'maxPollAttempts', 'reliability'];
	const content = ['templateAndSeries', 'issuedDate', 'currency', 'paymentMethod', 'buyerType', 'buyerName', 'buyerDetails', 'itemsInputMode', 'lineItems'];

	test('Replace: Original Invoice (default) shows Fields to Change and no Create content; New Content the whole form', () => {
		expect(shown({ resource: 'invoice', operation: 'replace' })).toEqual(['resource', 'operation', 'originalReferenceCode', 'startFrom', 'fieldsToChange', 'providerAccount', ...common]);
		expect(shown({ resource: 'invoice', operation: 'replace', startFrom: 'newContent' })).toEqual([
			'resource', 'operation', 'originalReferenceCode', 'startFrom', 'providerAccount', ...content, ...common.slice(0, 5), 'additionalFields', 'reliability',
		]);
	});

	test('Adjust: Start From only for Information; an increase keeps the form (its lines are the difference)', () => {
		expect(shown({ resource: 'invoice', operation: 'adjust' })).toEqual([
			'resource', 'operation', 'originalReferenceCode', 'adjustmentType', 'providerAccount', ...content, ...common.slice(0, 5), 'additionalFields', 'reliability',
		]);
		expect(shown({ resource: 'invoice', operation: 'adjust', adjustmentType: 'info' })).toEqual([
			'resource', 'operation', 'originalReferenceCode', 'adjustmentType', 'startFrom', 'fieldsToChange', 'providerAccount', ...common,
		]);
	});
});

describe('bad input: field and item named, nothing issued', () => {
	test.each([
		['a line number the original does not have', { changeLines: { line: [{ lineNumber: 7, values: { taxRate: '8' } }] } }, 'Fields to Change → Change Lines → line 1 → Line Number: 7 is not a line of the original "O-BAD" (it has lines 1–3) [item 0]'],
		['removing a line the original does not have', { removeLines: '2, 9' }, 'Fields to Change → Remove Lines: 9 is not a line of the original "O-BAD" (it has lines 1–3) [item 0]'],
		['removing every line', { removeLines: '1,2,3' }, 'Fields to Change → Remove Lines: removes every line of the original [item 0]'],
		['leaving only the note line', { removeLines: '1 2' }, 'Fields to Change → Remove Lines: leaves only note lines [item 0]'],
		['nothing that differs', { buyerName: BUYER.name }, 'Fields to Change: change nothing of "O-BAD" [item 0]'],
		['no field at all', {}, 'Fields to Change: change nothing of "O-BAD" [item 0]'],
		['a tax code that is not one', { taxCode: '12345' }, 'Buyer Tax Code (MST): "12345" is not a Vietnamese tax code [item 0]'],
		['a changed line with a negative price', { changeLines: { line: [{ lineNumber: 2, values: { unitPrice: -1 } }] } }, 'Fields to Change → Change Lines → line 1 → unit_price: -1 is negative [item 0]'],
		['an issue date in the future', { issuedDate: '2999-01-01 00:00:00' }, 'Issue Date: 2999-01-01 00:00:00 (Vietnam time) is in the future [item 0]'],
		['an added line without a name', { addLines: { line: [{ lineType: 1, quantity: 1, unitPrice: 1000, taxRate: '8' }] } }, 'Fields to Change → Add Lines → line 1 → item_name: is required [item 0]'],
		// n8n passes only the collection's own fields: a misspelt one (e.g. in an imported workflow) is no change.
		['an unknown field', { taxcode: '0109876543' }, 'Fields to Change: change nothing of "O-BAD" [item 0]'],
	])('%s: the original is looked up, nothing is sent', async (_label, fields, message) => {
		if (!sim.invoices.has('O-BAD')) await original('O-BAD');
		sim.clearRequests();
		const result = await run(sim, { parameters: replaceFromOriginal('O-BAD', fields as INodeParameters) });
		expect(result.items).toEqual([]);
		expect(errorOf(result)).toMatchObject({ message, itemIndex: 0 });
		expect(apiCalls(sim)).toEqual(['GET /v1/invoices/O-BAD']);
	});

	test.each([
		['a line number that is not one', { fieldsToChange: { removeLines: '2, two' } }, 'Fields to Change → Remove Lines: "two" is not a line number [item 0]'],
		['the same line changed twice', { fieldsToChange: { changeLines: { line: [{ lineNumber: 1, values: { unit: 'hộp' } }, { lineNumber: 1, values: { unit: 'cái' } }] } } }, 'Fields to Change → Change Lines → line 2 → Line Number: line 1 is changed twice [item 0]'],
		['a line both changed and removed', { fieldsToChange: { changeLines: { line: [{ lineNumber: 2, values: { unit: 'hộp' } }] }, removeLines: '2' } }, 'Fields to Change → Change Lines → line 1 → Line Number: line 2 is also in Remove Lines [item 0]'],
		['a line change without values', { fieldsToChange: { changeLines: { line: [{ lineNumber: 2 }] } } }, 'Fields to Change → Change Lines → line 1 → New Values: are empty: nothing of line 2 changes [item 0]'],
		['an information adjustment that changes a price', { operation: 'adjust', adjustmentType: 'info', fieldsToChange: { changeLines: { line: [{ lineNumber: 1, values: { unitPrice: 90000 } }] } } }, 'Fields to Change → Change Lines → line 1 → Unit Price: changes an amount, but an information adjustment (điều chỉnh thông tin) changes text only [item 0]'],
		['an information adjustment that removes a line', { operation: 'adjust', adjustmentType: 'info', fieldsToChange: { removeLines: '2' } }, 'Fields to Change → Remove Lines: changes the amounts, but an information adjustment (điều chỉnh thông tin) changes text only [item 0]'],
	])('%s: stops before any request', async (_label, overrides, message) => {
		const result = await run(sim, { parameters: replaceFromOriginal('O-ANY', {}, overrides as INodeParameters) });
		expect(errorOf(result)).toMatchObject({ message, itemIndex: 0 });
		expect(apiCalls(sim)).toEqual([]);
	});

	test('the second of two items names a missing line: neither is sent, the error names item 1', async () => {
		const first = await original('O-TWO-1');
		const second = await original('O-TWO-2');
		sim.clearRequests();
		const result = await run(sim, {
			items: [{ code: first, line: 1 }, { code: second, line: 4 }],
			parameters: replaceFromOriginal('={{ $json.code }}', { changeLines: { line: [{ lineNumber: '={{ $json.line }}', values: { taxRate: '8' } }] } }, { referenceCode: '={{ $json.code }}-R1' }),
		});
		expect(errorOf(result)).toMatchObject({ message: `Fields to Change → Change Lines → line 1 → Line Number: 4 is not a line of the original "${second}" (it has lines 1–3) [item 1]`, itemIndex: 1 });
		expect(issuingRequests(sim)).toEqual([]);
		expect([first, second].map((code) => sim.invoices.get(code)!.document_type)).toEqual([2, 2]);
	});

	test('Continue (regular output): the bad item is Failed with error and hint, the good one is replaced with its changes', async () => {
		const bad = await original('O-COF-BAD');
		const good = await original('O-COF-GOOD');
		sim.clearRequests();
		const result = await run(sim, {
			continueOnFail: true,
			items: [{ code: bad, remove: '1,2,3' }, { code: good, remove: '2' }],
			parameters: replaceFromOriginal('={{ $json.code }}', { removeLines: '={{ $json.remove }}' }, { referenceCode: '={{ $json.code }}-R1' }),
		});
		expect(result.items.map((item) => item.json)).toEqual([
			{
				status: 'Failed',
				reference_code: `${bad}-R1`,
				tracking_code: null,
				original_reference_code: bad,
				error: 'Fields to Change → Remove Lines: removes every line of the original [item 0]',
				hint: 'An invoice needs at least one line. Remove fewer lines, or add the correct ones under Add Lines.',
			},
			expect.objectContaining({ status: 'Success', reference_code: `${good}-R1`, original_reference_code: good }),
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect((result.items[1]!.json.changes as any[]).slice(1)).toEqual([
			{ field: 'items[2]', from: LINE_2, to: null },
			{ field: 'items[3].line_number', from: 3, to: 2 },
		]);
		expect(replaceRequests(sim).map((r) => (r.body as any).original_invoice_reference_code)).toEqual([good]);
		expect(sim.invoices.get(bad)!.document_type).toBe(2);
	});
});
