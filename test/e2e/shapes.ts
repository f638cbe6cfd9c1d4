/* eslint-disable */
// Workflow shapes in the real n8n (issue 10): Create inside n8n's own Loop Over Items
// (splitInBatches v3) with Reference Code empty, and Download by reference code and by
// tracking code against a SePay whose download accepts tracking codes only. They run on a
// simulator of their own (its own credential), so the main run's request and stats checks
// stay as they are. Hooked into run-e2e.ts: credentials, scenarios, close.

import { SePaySimulator } from '../simulator/index.ts';
import { assert, eq } from './checks.ts';
import { hideTokensSentTo } from './n8n.ts';
import { CREDENTIAL_TYPE, createParams, itemsFrom, manualTrigger, sepayNode } from './workflows.ts';
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
	];
	return {
		credentials: [
			{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data: { environment: 'custom', baseUrl: sim.url, clientId: 'demo-client-id', clientSecret: 'demo-client-secret', accessToken: '' } },
		],
		scenarios,
		close: async () => await sim.close(),
	};
}
