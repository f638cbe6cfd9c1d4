/* eslint-disable */
// Workflow shapes in the real n8n (issue 10): Create inside n8n's own Loop Over Items
// (splitInBatches v3) with Reference Code empty, Download by reference code and by
// tracking code against a SePay whose download accepts tracking codes only, and Create with
// On Error = Continue on the error output and on the regular output, an Edit Fields node after
// each output reading the orders node through $('…').item. They run on a
// simulator of their own (its own credential), so the main run's request and stats checks
// stay as they are. Hooked into run-e2e.ts: credentials, scenarios, close.

import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, INVALID_BUYER_TAX_CODE, SePaySimulator } from '../simulator/index.ts';
import { assert, eq } from './checks.ts';
import { hideTokensSentTo } from './n8n.ts';
import { CREDENTIAL_TYPE, createParams, editFields, itemsFrom, manualTrigger, sepayNode } from './workflows.ts';
import type { Workflow, WfNode } from './workflows.ts';

const CREDENTIAL = { id: 'SePayE2eShape001', name: 'SePay eInvoice (shapes simulator)' };
const BUYERS = ['Loop Một', 'Loop Hai', 'Loop Ba', 'Loop Bốn', 'Loop Năm'];

interface ShapeCtx {
	snapshot: { runData: Record<string, any[]> } | null;
}

interface ShapeScenario {
	workflow: Workflow;
	expect: 'success' | 'error';
	assert: (ctx: ShapeCtx) => void;
}

/** Items on `output` of every run of a node. */
function runsOf(ctx: ShapeCtx, node: string, output = 0): any[][] {
	const runs = ctx.snapshot?.runData[node];
	assert(runs && runs.length > 0, `node "${node}" did not run`);
	for (const run of runs) assert(!run.error, `node "${node}" failed: ${run.error?.message}`);
	return runs.map((run) => (run.data?.main?.[output] ?? []).map((item: any) => item.json));
}

/** The outputs (main[0], main[1]…) of the node's only run, items as n8n stored them. */
function outputsOfOnlyRun(ctx: ShapeCtx, node: string): any[][] {
	const runs = ctx.snapshot?.runData[node];
	assert(runs?.length === 1, `node "${node}" ran ${runs?.length ?? 0} times, expected once`);
	assert(!runs[0].error, `node "${node}" failed: ${runs[0].error?.message}`);
	return runs[0].data?.main ?? [];
}

const FAILED_JOB_ERROR = 'SePay could not create the invoice: Mã số thuế người mua không hợp lệ';
/** The refused order is the third item: the error names the field and the item. */
const REFUSED_ERROR = 'Buyer Tax Code (MST): "12345" is not a Vietnamese tax code [item 2]';

/** Four orders: two good, one whose job SePay fails (buyer tax code), one the node refuses. */
function errorOrders(prefix: string) {
	return [
		{ order: `${prefix}-1`, name: `${prefix} An`, mst: '0101234567' },
		{ order: `${prefix}-2`, name: `${prefix} Bình`, mst: INVALID_BUYER_TAX_CODE },
		{ order: `${prefix}-3`, name: `${prefix} Chi`, mst: '12345' },
		{ order: `${prefix}-4`, name: `${prefix} Dung`, mst: '0101234567' },
	];
}

/**
 * Orders → Create (Issue Now, wait; codes, buyer and tax code mapped) with On Error = Continue,
 * then an Edit Fields node on each output of Create that reads the order's name from the orders node.
 */
function onErrorWorkflow(id: string, accountId: string, onError: 'continueErrorOutput' | 'continueRegularOutput', prefix: string): Workflow {
	const trigger = manualTrigger();
	const [makeItems, splitItems] = itemsFrom('orders', errorOrders(prefix)) as [WfNode, WfNode];
	const create = sepayNode(
		'Create Invoice',
		createParams(accountId, { buyerType: 'company', buyerName: '={{ $json.name }}', buyerDetails: { taxCode: '={{ $json.mst }}' }, referenceCode: '={{ $json.order }}' }),
		CREDENTIAL,
		{ onError },
	);
	const readName = { name: `={{ $('${splitItems.name}').item.json.name }}` };
	const readers = onError === 'continueErrorOutput' ? [editFields('After Success', readName), editFields('After Failure', readName)] : [editFields('After Create', readName)];
	const nodes = [trigger, makeItems, splitItems, create, ...readers];
	nodes.forEach((node, index) => (node.position = [250 * Math.min(index, 4), 200 * Math.max(0, index - 4)]));
	const to = (node: WfNode) => [{ node: node.name, type: 'main' as const, index: 0 }];
	return {
		id,
		name: `E2E Create with On Error = ${onError}, Edit Fields after each output`,
		active: false,
		nodes,
		connections: {
			[trigger.name]: { main: [to(makeItems)] },
			[makeItems.name]: { main: [to(splitItems)] },
			[splitItems.name]: { main: [to(create)] },
			[create.name]: { main: readers.map(to) },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** Loop Over Items (n8n-nodes-base.splitInBatches v3) → Create, fed back; "done" → nothing. */
function loopWorkflow(accountId: string): Workflow {
	const trigger = manualTrigger();
	const [makeItems, splitItems] = itemsFrom(
		'orders',
		BUYERS.map((name, index) => ({ name, price: 10000 * (index + 1) })),
	) as [WfNode, WfNode];
	const loop: WfNode = {
		id: '10000000-0000-4000-8000-000000000001',
		name: 'Loop Over Items',
		type: 'n8n-nodes-base.splitInBatches',
		typeVersion: 3,
		position: [750, 0],
		parameters: { batchSize: 2, options: {} },
	};
	const create = sepayNode(
		'Create Invoice',
		createParams(accountId, {
			referenceCode: '',
			buyerName: '={{ $json.name }}',
			lineItems: { item: [{ lineType: 1, itemName: 'Dịch vụ', quantity: 1, unitPrice: '={{ $json.price }}', taxRate: '10' }] },
		}),
		CREDENTIAL,
		{ position: [1000, 100] },
	);
	const nodes = [trigger, makeItems, splitItems, loop, create];
	nodes.forEach((node, index) => {
		if (index < 3) node.position = [250 * index, 0];
	});
	const to = (node: string) => ({ node, type: 'main' as const, index: 0 });
	return {
		id: 'e2e20loop',
		name: 'E2E Create inside Loop Over Items, Reference Code empty',
		active: false,
		nodes,
		connections: {
			[trigger.name]: { main: [[to(makeItems.name)]] },
			[makeItems.name]: { main: [[to(splitItems.name)]] },
			[splitItems.name]: { main: [[to(loop.name)]] },
			[loop.name]: { main: [[], [to(create.name)]] },
			[create.name]: { main: [[to(loop.name)]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function downloadWorkflow(accountId: string): Workflow {
	const trigger = manualTrigger();
	const download = (name: string, code: string) =>
		sepayNode(name, { resource: 'invoice', operation: 'download', referenceCode: code, fileFormat: 'pdf', binaryPropertyName: 'data' }, CREDENTIAL);
	const chain = [
		sepayNode('Create Invoice', createParams(accountId, { referenceCode: 'E2E-SHAPE-DL-1', buyerName: 'Tải Về' }), CREDENTIAL),
		download('Download by Reference Code', "={{ $('Create Invoice').item.json.reference_code }}"),
		download('Download by Tracking Code', "={{ $('Create Invoice').item.json.tracking_code }}"),
	];
	const nodes = [trigger, ...chain];
	const connections: Workflow['connections'] = {};
	nodes.forEach((node, index) => {
		node.position = [250 * index, 300];
		const next = nodes[index + 1];
		if (next) connections[node.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
	});
	return { id: 'e2e21download', name: 'E2E download under a tracking-code-only SePay', active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

export async function startShapes() {
	const sim = await SePaySimulator.start({ processing: { checks: 1, ms: 0 }, seed: 11, downloadAccepts: 'trackingCode' });
	hideTokensSentTo(sim);
	const accountId = sim.activeProviderAccountId;
	/** Reference codes with `prefix` sent to POST /v1/invoices/create, sorted. */
	const createsFor = (prefix: string) =>
		sim.requests
			.filter((r) => r.method === 'POST' && r.path === '/v1/invoices/create')
			.map((r) => String((r.body as any)?.reference_code))
			.filter((code) => code.startsWith(prefix))
			.sort();
	/** [reference code, status] of the simulator's invoices with `prefix`, sorted. */
	const invoicesFor = (prefix: string) =>
		[...sim.invoices.values()]
			.filter((i) => i.reference_code.startsWith(prefix))
			.map((i) => [i.reference_code, i.status])
			.sort();
	const scenarios: ShapeScenario[] = [
		{
			workflow: loopWorkflow(accountId),
			expect: 'success',
			assert: (ctx) => {
				const createRuns = runsOf(ctx, 'Create Invoice');
				eq(createRuns.map((items) => items.length), [2, 2, 1], 'Create Invoice runs (batches of 2)');
				const outputs = createRuns.flat();
				const codes = outputs.map((json) => json.reference_code);
				eq(new Set(codes).size, BUYERS.length, `distinct generated reference codes ${JSON.stringify(codes)}`);
				eq(outputs.map((json) => [json.status, json.already_existed ?? false]), BUYERS.map(() => ['Success', false]), 'every item: a new invoice (status, already_existed)');
				eq(codes.map((code) => sim.invoices.get(code)?.buyer.name), BUYERS, 'each invoice has its own buyer');
				eq(codes.map((code) => sim.invoices.get(code)?.total_amount), BUYERS.map((_, i) => 11000 * (i + 1)), 'each invoice has its own total');
				const loopCreates = sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/invoices/create' && BUYERS.includes((r.body as any)?.buyer?.name));
				eq([loopCreates.length, sim.stats.duplicateRejections], [BUYERS.length, 0], 'simulator: one create per input item, no 409');
				const done = runsOf(ctx, 'Loop Over Items', 0).at(-1)!;
				eq(done.map((json) => json.reference_code), codes, 'Loop Over Items "done" holds every result');
			},
		},
		{
			workflow: downloadWorkflow(accountId),
			expect: 'success',
			assert: (ctx) => {
				const [created] = runsOf(ctx, 'Create Invoice')[0]!;
				const byReference = runsOf(ctx, 'Download by Reference Code')[0]![0];
				const byTracking = runsOf(ctx, 'Download by Tracking Code')[0]![0];
				eq([byReference.code, byReference.reference_code, byReference.source], ['E2E-SHAPE-DL-1', 'E2E-SHAPE-DL-1', 'pdf_url'], 'by reference code: the pdf_url fallback');
				eq([byTracking.code, byTracking.source], [created.tracking_code, 'download'], 'by tracking code: straight from download');
				eq(byReference.file_size, byTracking.file_size, 'the same file both ways');
				const portal = sim.requests.filter((r) => r.path.startsWith('/portal/'));
				eq(portal.map((r) => [r.path, r.headers.authorization ?? null]), [['/portal/DownloadPDFCA.aspx', null]], 'portal request, without a token');
				const downloads = sim.requests.filter((r) => r.path.endsWith('/download')).map((r) => r.path);
				eq(downloads, ['/v1/invoices/E2E-SHAPE-DL-1/download', `/v1/invoices/${created.tracking_code}/download`], 'download requests');
			},
		},
		{
			workflow: onErrorWorkflow('e2e22erroroutput', accountId, 'continueErrorOutput', 'E2E-EO'),
			expect: 'success',
			assert: (ctx) => {
				const [success = [], failure = []] = outputsOfOnlyRun(ctx, 'Create Invoice');
				eq(failure.map((item) => item.pairedItem), [{ item: 1 }, { item: 2 }], 'error output: the Failed job and the refused item, paired');
				eq(success.map((item) => [item.json.reference_code, item.json.status, item.json.name, item.pairedItem]), [['E2E-EO-1', 'Success', undefined, { item: 0 }], ['E2E-EO-4', 'Success', undefined, { item: 3 }]], 'success output: the good orders only (reference_code, status, no input fields, pairedItem)');
				const [failedJob, refused] = failure.map((item) => item.json);
				const orders = errorOrders('E2E-EO');
				eq([failedJob.order, failedJob.name, failedJob.mst], [orders[1]!.order, orders[1]!.name, orders[1]!.mst], 'Failed job: the input fields merged in');
				eq([failedJob.error, failedJob.message], [FAILED_JOB_ERROR, 'Fix the data SePay names and create the invoice again. A failed request issued nothing.'], 'Failed job: error and its fix (message)');
				eq(Object.keys(failedJob).sort(), ['error', 'message', 'mst', 'name', 'order'], 'Failed job: only the input fields, error and message');
				eq([refused.order, refused.name, refused.mst], [orders[2]!.order, orders[2]!.name, orders[2]!.mst], 'refused item: the input fields merged in');
				eq(refused.error, REFUSED_ERROR, 'refused item: error');
				assert(typeof refused.message === 'string' && refused.message !== '', `refused item: its fix (message): ${JSON.stringify(refused)}`);
				const [afterSuccess = []] = outputsOfOnlyRun(ctx, 'After Success');
				const [afterFailure = []] = outputsOfOnlyRun(ctx, 'After Failure');
				eq(afterSuccess.map((item) => item.json.name), [orders[0]!.name, orders[3]!.name], "After Success reads $('Split Items').item");
				eq(afterFailure.map((item) => item.json.name), [orders[1]!.name, orders[2]!.name], "After Failure reads $('Split Items').item");
				eq(createsFor('E2E-EO-'), ['E2E-EO-1', 'E2E-EO-2', 'E2E-EO-4'], 'creates sent (none for the refused order)');
				eq(invoicesFor('E2E-EO-'), [['E2E-EO-1', 'issued'], ['E2E-EO-4', 'issued']], 'invoices: exactly the two good orders, issued');
			},
		},
		{
			workflow: onErrorWorkflow('e2e23regularoutput', accountId, 'continueRegularOutput', 'E2E-RO'),
			expect: 'success',
			assert: (ctx) => {
				const [output = [], errorOutput = []] = outputsOfOnlyRun(ctx, 'Create Invoice');
				eq(errorOutput, [], 'no second output');
				eq(output.map((item) => [item.json.reference_code, item.json.status, item.pairedItem]), [['E2E-RO-1', 'Success', { item: 0 }], ['E2E-RO-2', 'Failed', { item: 1 }], [null, 'Failed', { item: 2 }], ['E2E-RO-4', 'Success', { item: 3 }]], 'every item in place (reference_code, status, pairedItem)');
				const [first, failedJob, refused, last] = output.map((item) => item.json);
				eq([first.error, last.error], [undefined, undefined], 'no error on the issued ones');
				eq(failedJob.error, FAILED_JOB_ERROR, 'Failed job: error');
				eq(refused.error, REFUSED_ERROR, 'refused item: error');
				for (const failed of [failedJob, refused]) assert(typeof failed.hint === 'string' && failed.hint !== '', `a hint on each failed item: ${JSON.stringify(failed)}`);
				const [read = []] = outputsOfOnlyRun(ctx, 'After Create');
				eq(read.map((item) => item.json.name), errorOrders('E2E-RO').map((order) => order.name), "After Create reads $('Split Items').item for all four");
				eq(createsFor('E2E-RO-'), ['E2E-RO-1', 'E2E-RO-2', 'E2E-RO-4'], 'creates sent (none for the refused order)');
				eq(invoicesFor('E2E-RO-'), [['E2E-RO-1', 'issued'], ['E2E-RO-4', 'issued']], 'invoices: exactly the two good orders, issued');
			},
		},
	];
	return {
		credentials: [
			{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data: { environment: 'custom', baseUrl: sim.url, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, accessToken: '' } },
		],
		scenarios,
		close: async () => await sim.close(),
	};
}
