/* eslint-disable */
// Workflow shapes users build: Create inside Loop Over Items, a node reached twice, a code
// reused for another sale, and one output shape per outcome.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { INodeExecutionData } from 'n8n-workflow';

import { runGraph } from '../../harness/runGraph';
import { INPUT_TYPE, LOOP_TYPE, NODE_TYPE, PASS_TYPE } from '../../support';
import { createParams, credentialsFor, errorOf, SePaySimulator, startSim } from '../../support';
import { createBodies, createInvoice, run } from './helpers';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await startSim({ processing: { checks: 0, ms: 0 } });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.clearRequests());

let executionCounter = 0;
const nextExecutionId = () => `shape-${process.pid}-${++executionCounter}`;

const BUYERS = ['Khách Một', 'Khách Hai', 'Khách Ba', 'Khách Bốn', 'Khách Năm'];
const orders = BUYERS.map((name, index) => ({ order: 7000 + index, name, price: 10000 * (index + 1) }));

/** Create form mapped from the item: buyer name and price differ per item. */
const mappedCreate = (overrides: Record<string, unknown> = {}) =>
	createParams(sim, {
		buyerName: '={{ $json.name }}',
		lineItems: { item: [{ lineType: 1, itemName: 'Dịch vụ', quantity: 1, unitPrice: '={{ $json.price }}', taxRate: '10' }] },
		...overrides,
	});

async function runLoop(createOverrides: Record<string, unknown>, batchSize: number) {
	return await runGraph({
		executionId: nextExecutionId(),
		store: credentialsFor(sim),
		nodes: [
			{ name: 'Input', type: INPUT_TYPE, parameters: { items: JSON.stringify(orders) } },
			{ name: 'Loop Over Items', type: LOOP_TYPE, parameters: { batchSize } },
			{ name: 'Create', type: NODE_TYPE, parameters: mappedCreate(createOverrides) },
		],
		connections: {
			Input: [['Loop Over Items']],
			'Loop Over Items': [[], ['Create']],
			Create: [['Loop Over Items']],
		},
	});
}

/** One invoice per order, each with that order's buyer and total, and nothing else new. */
function expectOneInvoicePerOrder(outputs: INodeExecutionData[], acceptedBefore: number) {
	expect(outputs).toHaveLength(orders.length);
	const codes = outputs.map((item) => item.json.reference_code as string);
	expect(new Set(codes).size).toBe(orders.length);
	for (const [index, item] of outputs.entries()) {
		const invoice = sim.invoices.get(codes[index]!)!;
		expect(item.json.status).toBe('Success');
		expect(item.json.already_existed).toBeUndefined();
		expect(invoice.buyer.name).toBe(orders[index]!.name);
		expect(invoice.total_amount).toBe(Math.round(orders[index]!.price * 1.1));
	}
	expect(sim.stats.createJobsAccepted - acceptedBefore).toBe(orders.length);
	expect(createBodies(sim).map((body) => body.buyer.name)).toEqual(BUYERS);
	expect(sim.stats.duplicateRejections).toBe(0);
}

describe('Create inside Loop Over Items', () => {
	beforeEach(() => sim.resetStats());

	test('Reference Code empty, 3 batches: one invoice per input item, each with its own code', async () => {
		const acceptedBefore = sim.stats.createJobsAccepted;
		const graph = await runLoop({}, 2);
		expect(graph.errorOf('Create')).toBeUndefined();
		const createRuns = graph.runsOf('Create');
		expect(createRuns.map((outputs) => outputs[0]!.length)).toEqual([2, 2, 1]);
		const done = graph.runsOf('Loop Over Items').at(-1)![0]!;
		expectOneInvoicePerOrder(done, acceptedBefore);
		// Run and item both show in the code: N8N-<execution>-<node>-<run>-<item>.
		expect(done.map((item) => (item.json.reference_code as string).split('-').slice(-2).join('-'))).toEqual([
			'1-1', '1-2', '2-1', '2-2', '3-1',
		]);
	});

	test('Reference Code mapped from the order, 5 batches of 1: one invoice per order', async () => {
		const acceptedBefore = sim.stats.createJobsAccepted;
		const graph = await runLoop({ referenceCode: '=LOOP-{{ $json.order }}' }, 1);
		expect(graph.errorOf('Create')).toBeUndefined();
		expect(graph.runsOf('Create')).toHaveLength(5);
		const done = graph.runsOf('Loop Over Items').at(-1)![0]!;
		expect(done.map((item) => item.json.reference_code)).toEqual(orders.map((o) => `LOOP-${o.order}`));
		expectOneInvoicePerOrder(done, acceptedBefore);
	});
});

test('a Create node reached twice (two paths into it): one invoice per item of each path', async () => {
	sim.resetStats();
	const graph = await runGraph({
		executionId: nextExecutionId(),
		store: credentialsFor(sim),
		nodes: [
			{ name: 'Input', type: INPUT_TYPE, parameters: { items: JSON.stringify(orders.slice(0, 2)) } },
			{ name: 'Path A', type: PASS_TYPE },
			{ name: 'Path B', type: PASS_TYPE },
			{ name: 'Create', type: NODE_TYPE, parameters: mappedCreate({ waitForResult: false }) },
		],
		connections: { Input: [['Path A', 'Path B']], 'Path A': [['Create']], 'Path B': [['Create']] },
	});
	expect(graph.errorOf('Create')).toBeUndefined();
	const runs = graph.runsOf('Create').map((outputs) => outputs[0]!);
	expect(runs.map((items) => items.length)).toEqual([2, 2]);
	const codes = runs.flat().map((item) => item.json.reference_code as string);
	expect(new Set(codes).size).toBe(4);
	expect(runs.flat().map((item) => item.json.status)).toEqual(['Pending', 'Pending', 'Pending', 'Pending']);
	expect(sim.stats.createJobsAccepted).toBe(4);
	expect(sim.stats.duplicateRejections).toBe(0);
});

describe('a Reference Code reused for another sale', () => {
	const code = 'SALE-REUSED-1';
	beforeAll(async () => {
		await createInvoice(sim, code, {
			buyerType: 'company',
			buyerName: 'Công ty TNHH Một',
			buyerDetails: { taxCode: '0101234567' },
			lineItems: { item: [{ lineType: 1, itemName: 'Tư vấn', quantity: 3, unitPrice: 150000, taxRate: '8' }] },
		});
	});
	const sameSale = {
		referenceCode: code,
		buyerType: 'company',
		buyerName: 'Công ty TNHH Một',
		buyerDetails: { taxCode: '0101234567' },
		lineItems: { item: [{ lineType: 1, itemName: 'Tư vấn', quantity: 3, unitPrice: 150000, taxRate: '8' }] },
	};

	test('another buyer and total: stops with an error naming the code, both buyers and both totals', async () => {
		const invoicesBefore = sim.invoices.size;
		const result = await run(sim, { parameters: createParams(sim, { referenceCode: code, buyerName: 'Trần Thị B' }) });
		expect(result.items).toEqual([]);
		expect(errorOf(result)).toMatchObject({
			message:
				'Reference Code SALE-REUSED-1 already belongs to another sale: SePay\'s invoice is for "Công ty TNHH Một" (tax code 0101234567), 486,000 VND; this item is for "Trần Thị B", 97,200 VND',
			description:
				'A Reference Code must identify one sale. Different: buyer name, buyer tax code, total. Nothing was created and the existing invoice was not returned. Map a code that is unique per sale, such as an order or payment ID (not a customer ID).',
			itemIndex: 0,
		});
		expect(createBodies(sim)).toHaveLength(1);
		expect(sim.invoices.size).toBe(invoicesBefore);
	});

	test('same buyer, another total: the mismatch error too', async () => {
		const result = await run(sim, {
			parameters: createParams(sim, { ...sameSale, lineItems: { item: [{ lineType: 1, itemName: 'Tư vấn', quantity: 2, unitPrice: 150000, taxRate: '8' }] } }),
		});
		expect(errorOf(result).message).toContain('486,000 VND; this item is for "Công ty TNHH Một" (tax code 0101234567), 324,000 VND');
		expect(errorOf(result).description).toContain('Different: total.');
	});

	test('another series: the mismatch error names it', async () => {
		const result = await run(sim, { parameters: createParams(sim, { ...sameSale, templateAndSeries: '2|C26TBB' }) });
		expect(errorOf(result).description).toContain('Different: template (1 at SePay, 2 here), series (C26TAA at SePay, C26TBB here).');
	});

	test('with Continue On Fail: an item with status Failed and the error; the other item carries on', async () => {
		const result = await run(sim, {
			continueOnFail: true,
			items: [{ ref: code, name: 'Trần Thị B' }, { ref: 'SALE-REUSED-NEW', name: 'Lê Văn C' }],
			parameters: createParams(sim, { referenceCode: '={{ $json.ref }}', buyerName: '={{ $json.name }}', waitForResult: false }),
		});
		expect(result.items[0]!.json).toEqual({
			reference_code: code,
			tracking_code: null,
			status: 'Failed',
			error: expect.stringMatching(/^Reference Code SALE-REUSED-1 already belongs to another sale: .*"Trần Thị B"/),
			hint: expect.stringContaining('A Reference Code must identify one sale.'),
		});
		expect(result.items[1]!.json).toMatchObject({ reference_code: 'SALE-REUSED-NEW', status: 'Pending' });
	});

	test('a true re-run of the same sale returns the existing invoice', async () => {
		const acceptedBefore = sim.stats.createJobsAccepted;
		const result = await run(sim, { parameters: createParams(sim, sameSale) });
		expect(result.error).toBeUndefined();
		expect(result.items[0]!.json).toMatchObject({
			reference_code: code,
			already_existed: true,
			status: 'Success',
			invoice: { reference_code: code, total_amount: 486000, buyer: { name: 'Công ty TNHH Một', tax_code: '0101234567' } },
		});
		expect(sim.stats.createJobsAccepted).toBe(acceptedBefore);
	});

	test('our lost-answer retry hitting the 409 compares equal, with discounts and decimals in the lines', async () => {
		const lines = [
			{ line_type: 1, item_name: 'Cà phê', quantity: 1.5, unit_price: 33333, tax_rate: 8, discount_tax: 10 },
			{ line_type: 1, item_name: 'Bánh', quantity: 3, unit_price: 12345, tax_rate: 10, discount_amount: 1000 },
			{ line_type: 2, item_name: 'Khuyến mại', quantity: 1, unit_price: 0, tax_rate: 10 },
			{ line_type: 3, item_name: 'Chiết khấu', tax_rate: 8, before_discount_and_tax_amount: 2500 },
			{ line_type: 4, item_name: 'Cảm ơn' },
		];
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'resetAfterProcessing' });
		const result = await run(sim, {
			parameters: createParams(sim, { referenceCode: 'SALE-LOST-1', itemsInputMode: 'json', itemsJson: JSON.stringify(lines) }),
		});
		expect(result.error).toBeUndefined();
		expect(createBodies(sim)).toHaveLength(2);
		expect(result.items[0]!.json).toMatchObject({ reference_code: 'SALE-LOST-1', already_existed: true, status: 'Success' });
		expect(sim.invoices.get('SALE-LOST-1')!.total_amount).toBe((result.items[0]!.json.invoice as any).total_amount);
	});
});

describe('one output shape per outcome (README table)', () => {
	const shapeOf = (json: Record<string, unknown>) => ({
		status: json.status,
		reference_code: typeof json.reference_code,
		tracking_code: json.tracking_code === null ? null : typeof json.tracking_code,
	});

	test.each([
		['Create, Wait for Result', { referenceCode: 'SHAPE-C-1' }, { status: 'Success', reference_code: 'string', tracking_code: 'string' }],
		['Create, no wait', { referenceCode: 'SHAPE-C-2', waitForResult: false }, { status: 'Pending', reference_code: 'string', tracking_code: 'string' }],
	])('%s', async (_name, overrides, shape) => {
		const result = await run(sim, { parameters: createParams(sim, overrides) });
		expect(result.error).toBeUndefined();
		expect(shapeOf(result.items[0]!.json)).toEqual(shape);
	});

	test('Create, existing invoice (same sale): Success, tracking_code null', async () => {
		await createInvoice(sim, 'SHAPE-C-3');
		const result = await run(sim, { parameters: createParams(sim, { referenceCode: 'SHAPE-C-3' }) });
		expect(shapeOf(result.items[0]!.json)).toEqual({ status: 'Success', reference_code: 'string', tracking_code: null });
	});

	test('Create, Failed job with Continue On Fail: Failed with its tracking code', async () => {
		sim.queueJobFailure({ kind: 'create', message: 'Ký hiệu hóa đơn không hợp lệ' });
		const result = await run(sim, { continueOnFail: true, parameters: createParams(sim, { referenceCode: 'SHAPE-C-4' }) });
		expect(shapeOf(result.items[0]!.json)).toEqual({ status: 'Failed', reference_code: 'string', tracking_code: 'string' });
	});

	test('Create, still Pending after Max Checks with Continue On Fail: Pending with its tracking code', async () => {
		sim.setProcessing({ checks: 50 });
		try {
			const result = await run(sim, { continueOnFail: true, parameters: createParams(sim, { referenceCode: 'SHAPE-C-5', maxPollAttempts: 1 }) });
			expect(shapeOf(result.items[0]!.json)).toEqual({ status: 'Pending', reference_code: 'string', tracking_code: 'string' });
		} finally {
			sim.setProcessing({ checks: 0 });
			sim.settleJobs();
		}
	});

	test.each([
		['Issue Draft, Wait for Result', 'SHAPE-I-1', {}, { status: 'Success', reference_code: 'string', tracking_code: 'string' }],
		['Issue Draft, no wait', 'SHAPE-I-2', { waitForResult: false }, { status: 'Pending', reference_code: 'string', tracking_code: 'string' }],
	])('%s', async (_name, code, overrides, shape) => {
		await createInvoice(sim, code, { mode: 'draft' });
		const result = await run(sim, { parameters: { resource: 'invoice', operation: 'issue', referenceCode: code, pollInterval: 0.5, ...overrides } });
		expect(result.error).toBeUndefined();
		expect(shapeOf(result.items[0]!.json)).toEqual(shape);
	});

	test('Issue Draft, already issued: Success, tracking_code null', async () => {
		await createInvoice(sim, 'SHAPE-I-3');
		const result = await run(sim, { parameters: { resource: 'invoice', operation: 'issue', referenceCode: 'SHAPE-I-3' } });
		expect(shapeOf(result.items[0]!.json)).toEqual({ status: 'Success', reference_code: 'string', tracking_code: null });
	});
});
