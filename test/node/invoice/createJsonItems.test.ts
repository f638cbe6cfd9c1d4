// Invoice → Create with Items Input = JSON: arrays from the previous node and JSON text.
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';

import { createParams, errorOf, SePaySimulator, startSim } from '../../support';
import { createBodies, run } from './helpers';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await startSim({ processing: { checks: 0, ms: 0 } });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.clearRequests());

const jsonParams = (itemsJson: unknown, extra: Record<string, unknown> = {}) =>
	createParams(sim, { itemsInputMode: 'json', itemsJson: itemsJson as string, waitForResult: false, ...extra });

const linesA = [
	{ line_type: 1, item_code: 'SP001', item_name: 'Cà phê sữa', unit: 'ly', quantity: 2, unit_price: 45000, tax_rate: 8, discount_tax: 10 },
	{ line_type: 2, item_name: 'Bánh tặng', unit: 'cái', quantity: 1, unit_price: 0, tax_rate: 8 },
	{ line_type: 3, item_name: 'Chiết khấu', tax_rate: 8, before_discount_and_tax_amount: 5000 },
	{ line_type: 4, item_name: 'Cảm ơn quý khách' },
	{ line_type: 1, item_name: 'Nước suối', quantity: '1.5', unit_price: '10000', tax_rate: '-2', discount_amount: 500 },
];
const expectedA = [
	{ line_number: 1, line_type: 1, item_code: 'SP001', item_name: 'Cà phê sữa', unit: 'ly', quantity: 2, unit_price: 45000, tax_rate: 8, discount_tax: 10 },
	{ line_number: 2, line_type: 2, item_name: 'Bánh tặng', unit: 'cái', quantity: 1, unit_price: 0, tax_rate: 8 },
	{ line_number: 3, line_type: 3, item_name: 'Chiết khấu', tax_rate: 8, before_discount_and_tax_amount: 5000 },
	{ line_number: 4, line_type: 4, item_name: 'Cảm ơn quý khách' },
	{ line_number: 5, line_type: 1, item_name: 'Nước suối', quantity: 1.5, unit_price: 10000, tax_rate: -2, discount_amount: 500 },
];

test('array from the previous node via ={{ $json.lines }}: one invoice per item, line_number filled', async () => {
	const linesB = [{ item_name: 'Trà', quantity: 1, unit_price: 20000, tax_rate: 10 }];
	const result = await run(sim, {
		items: [
			{ order: 'J1', lines: linesA },
			{ order: 'J2', lines: linesB },
		],
		parameters: jsonParams('={{ $json.lines }}', { referenceCode: '={{ "JSON-" + $json.order }}' }),
	});
	expect(result.error).toBeUndefined();
	const bodies = Object.fromEntries(createBodies(sim).map((b) => [b.reference_code, b]));
	expect(Object.keys(bodies).sort()).toEqual(['JSON-J1', 'JSON-J2']);
	expect(bodies['JSON-J1'].items).toEqual(expectedA);
	expect(bodies['JSON-J2'].items).toEqual([
		{ line_number: 1, line_type: 1, item_name: 'Trà', quantity: 1, unit_price: 20000, tax_rate: 10 },
	]);
	// The rest of the body is the form's.
	expect(bodies['JSON-J2']).toEqual({
		template_code: '1',
		invoice_series: 'C26TAA',
		issued_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
		currency: 'VND',
		provider_account_id: sim.activeProviderAccountId,
		reference_code: 'JSON-J2',
		payment_method: 'TM/CK',
		is_draft: false,
		buyer: { type: 'personal', name: 'Nguyễn Văn A' },
		items: expect.any(Array),
	});
	expect(result.items.map((i) => [i.json.reference_code, i.pairedItem])).toEqual([
		['JSON-J1', { item: 0 }],
		['JSON-J2', { item: 1 }],
	]);
});

test('JSON text in the parameter', async () => {
	const result = await run(sim, { parameters: jsonParams(JSON.stringify(linesA), { referenceCode: 'JSON-TEXT-1' }) });
	expect(result.error).toBeUndefined();
	expect(createBodies(sim).map((b) => b.items)).toEqual([expectedA]);
});

test('a given line_number is kept, missing ones are filled by position', async () => {
	await run(sim, {
		parameters: jsonParams(
			JSON.stringify([
				{ line_number: 10, item_name: 'A', quantity: 1, unit_price: 1, tax_rate: 0 },
				{ item_name: 'B', quantity: 1, unit_price: 2, tax_rate: 0 },
			]),
			{ referenceCode: 'JSON-LN-1' },
		),
	});
	expect(createBodies(sim)[0].items).toEqual([
		{ line_number: 10, line_type: 1, item_name: 'A', quantity: 1, unit_price: 1, tax_rate: 0 },
		{ line_number: 2, line_type: 1, item_name: 'B', quantity: 1, unit_price: 2, tax_rate: 0 },
	]);
});

test('the form lines are ignored in JSON mode', async () => {
	await run(sim, {
		parameters: jsonParams(JSON.stringify([{ item_name: 'Chỉ JSON', quantity: 1, unit_price: 5, tax_rate: 5 }]), {
			referenceCode: 'JSON-ONLY-1',
			lineItems: { item: [{ itemName: 'Form line', quantity: 1, unitPrice: 1 }] },
		}),
	});
	expect(createBodies(sim)[0].items).toEqual([
		{ line_number: 1, line_type: 1, item_name: 'Chỉ JSON', quantity: 1, unit_price: 5, tax_rate: 5 },
	]);
});

const bad: Array<[string, unknown, string]> = [
	['not a number', [{ item_name: 'A', quantity: 1, unit_price: 1 }, { item_name: 'B', quantity: 'abc', unit_price: 1 }], 'Items (JSON) line 2 → quantity: must be a number, got "abc" [item __I__]'],
	['unknown field', [{ item_name: 'A', quantity: 1, price: 1 }], 'Items (JSON) line 1 → price: is not a SePay line-item field [item __I__]'],
	['3 decimals', [{ item_name: 'A', quantity: 0.125, unit_price: 1 }], 'Items (JSON) line 1 → quantity: 0.125 has more than 2 decimals [item __I__]'],
	['bad tax rate', [{ item_name: 'A', quantity: 1, unit_price: 1, tax_rate: 7 }], 'Items (JSON) line 1 → tax_rate: 7 is not a VAT rate SePay accepts [item __I__]'],
	['bad line type', [{ line_type: 5, item_name: 'A' }], 'Items (JSON) line 1 → line_type: 5 is not a line type [item __I__]'],
	['missing unit price', [{ item_name: 'A', quantity: 1 }], 'Items (JSON) line 1 → unit_price: is required on a goods/service line [item __I__]'],
	['discount line without amount', [{ item_name: 'A', quantity: 1, unit_price: 1 }, { line_type: 3, item_name: 'CK' }], 'Items (JSON) line 2 → before_discount_and_tax_amount: is required on a commercial discount line [item __I__]'],
	['line is not an object', [{ item_name: 'A', quantity: 1, unit_price: 1 }, 'B'], 'Items (JSON) line 2: must be an object [item __I__]'],
	['not an array', { item_name: 'A' }, 'Items (JSON): must be an array of line items, got object [item __I__]'],
	['empty array', [], 'Line Items: are empty [item __I__]'],
];

test.each(bad)('bad line from the previous node (%s): error names line, field and item; zero requests', async (_name, lines, message) => {
	const result = await run(sim, {
		continueOnFail: true,
		items: [{ lines }, { lines }] as IDataObject[],
		parameters: jsonParams('={{ $json.lines }}'),
	});
	const refused = (item: string) => ({ status: 'Failed', reference_code: null, tracking_code: null, error: message.replace('__I__', item), hint: expect.any(String) });
	expect(result.items.map((i) => i.json)).toEqual([refused('0'), refused('1')]);
	expect(sim.requests).toEqual([]);
});

test('bad line without continueOnFail: node error with the item index and a hint', async () => {
	const result = await run(sim, {
		parameters: jsonParams(JSON.stringify([{ item_name: 'A', quantity: 1, unit_price: '1.000.000' }])),
	});
	expect(errorOf(result)).toMatchObject({
		message: 'Items (JSON) line 1 → unit_price: must be a number, got "1.000.000" [item 0]',
		description: 'Enter a plain number such as 150000 (no thousands separators or currency signs).',
		itemIndex: 0,
	});
	expect(sim.requests).toEqual([]);
});

test('malformed JSON text: error and zero requests', async () => {
	const result = await run(sim, { parameters: jsonParams('[{"item_name": "A", "quantity": 1,]') });
	expect(errorOf(result)).toMatchObject({ message: 'Items (JSON): is not valid JSON [item 0]', itemIndex: 0 });
	expect(errorOf(result).description).toContain('[{"line_type":1');
	expect(sim.requests).toEqual([]);
});
