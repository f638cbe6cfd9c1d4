/* eslint-disable */
// E2E, Invoice → Replace and Adjust in the real n8n CLI (called from run-e2e.ts after the main batch,
// so its simulator totals stay as they are). One workflow, three branches run top to bottom:
//   1. Create (issue, wait) → Replace from the original changing only the tax code (wait) → Download the
//      replacement's PDF → Get the original
//   2. Create (issue, wait) → Adjust (increase, wait) → Get the original
//   3. Replace the branch-1 original again, entered in full (On Error: Continue): refused before anything is sent
// plus examples/replace-invoice.json as shipped (id, credential and provider account swapped in),
// run on an invoice ORDER-1001 put into the simulator beforehand.
// Assertions read the execution snapshots and what the simulator received.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { SePaySimulator, SimRequestRecord } from '../simulator/index.ts';
import type { N8n } from './n8n.ts';
import { log, repoRoot } from './n8n.ts';
import { EXAMPLE_PROVIDER_ACCOUNT, createParams, sepayNode, workflow } from './workflows.ts';
import type { CredentialRef } from './workflows.ts';

const WORKFLOW_ID = 'e2e20corrections';
const ORIGINAL_R = 'E2E-CORR-R';
const REPLACEMENT = 'E2E-CORR-R-R1';
const ORIGINAL_A = 'E2E-CORR-A';
const ADJUSTMENT = 'E2E-CORR-A-DC1';
const EXAMPLE_ID = 'e2e21examplereplace';
/** The original the example looks up. */
const EXAMPLE_ORIGINAL = 'ORDER-1001';

interface Options {
	n8n: N8n;
	sim: SePaySimulator;
	tmp: string;
	accountId: string;
	credential: CredentialRef;
	check: (name: string, fn: () => void) => void;
}

function correctionsWorkflow(accountId: string, cred: CredentialRef) {
	const wait = { waitForResult: true, pollInterval: 0.5, maxPollAttempts: 20 };
	return workflow(WORKFLOW_ID, 'E2E replace an issued invoice, adjust another', [
		[
			sepayNode('Create Original', createParams(accountId, { buyerType: 'company', buyerName: 'Công ty TNHH Sai MST', buyerDetails: { taxCode: '0101234567' }, referenceCode: ORIGINAL_R }), cred),
			sepayNode(
				'Replace Invoice',
				{
					resource: 'invoice',
					operation: 'replace',
					originalReferenceCode: '={{ $json.reference_code }}',
					startFrom: 'original',
					fieldsToChange: { taxCode: '0109876543' },
					providerAccount: { __rl: true, mode: 'id', value: accountId },
					referenceCode: REPLACEMENT,
					...wait,
				},
				cred,
			),
			sepayNode('Download Replacement PDF', { resource: 'invoice', operation: 'download', referenceCode: '={{ $json.reference_code }}', fileFormat: 'pdf', binaryPropertyName: 'data' }, cred),
			sepayNode('Get Replaced Original', { resource: 'invoice', operation: 'get', referenceCode: ORIGINAL_R }, cred),
		],
		[
			sepayNode('Create Second Original', createParams(accountId, { referenceCode: ORIGINAL_A }), cred),
			sepayNode(
				'Adjust Invoice',
				createParams(accountId, {
					operation: 'adjust',
					originalReferenceCode: '={{ $json.reference_code }}',
					adjustmentType: 'increase',
					lineItems: { item: [{ lineType: 1, itemName: 'Điều chỉnh tăng số lượng cà phê', unit: 'ly', quantity: 1, unitPrice: 45000, taxRate: '8' }] },
					referenceCode: ADJUSTMENT,
					...wait,
				}),
				cred,
			),
			sepayNode('Get Adjusted Original', { resource: 'invoice', operation: 'get', referenceCode: ORIGINAL_A }, cred),
		],
		[
			sepayNode(
				'Replace Again',
				createParams(accountId, { operation: 'replace', originalReferenceCode: ORIGINAL_R, startFrom: 'newContent', referenceCode: `${ORIGINAL_R}-R2`, ...wait }),
				cred,
				{ onError: 'continueRegularOutput' },
			),
		],
	]);
}

/** examples/replace-invoice.json with our id, credential and provider account. */
function exampleWorkflow(accountId: string, cred: CredentialRef) {
	const text = readFileSync(path.join(repoRoot, 'examples', 'replace-invoice.json'), 'utf8').replaceAll(EXAMPLE_PROVIDER_ACCOUNT, accountId);
	const example = JSON.parse(text);
	for (const node of example.nodes) if (node.credentials?.sePayEInvoiceApi) node.credentials.sePayEInvoiceApi = cred;
	return { ...example, id: EXAMPLE_ID, active: false };
}

/** The invoice the example corrects: issued with a wrong buyer tax code, straight through the simulator's API. */
async function seedExampleOriginal(sim: SePaySimulator, accountId: string): Promise<void> {
	const now = new Date(Date.now() + 7 * 3600_000 - 60_000).toISOString().slice(0, 19).replace('T', ' ');
	const res = await fetch(`${sim.url}/v1/invoices/create`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sim.issueToken()}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			template_code: '1', invoice_series: 'C26TAA', issued_date: now, currency: 'VND', provider_account_id: accountId,
			reference_code: EXAMPLE_ORIGINAL, payment_method: 'CK', is_draft: false,
			buyer: { type: 'company', name: 'Công ty TNHH ABC', tax_code: '0101234567', address: '123 Đường A, Quận B, Hà Nội', email: 'ketoan@abc.example.com' },
			items: [
				{ line_number: 1, line_type: 1, item_code: 'SP001', item_name: 'Sản phẩm A', unit: 'cái', quantity: 2, unit_price: 100000, tax_rate: 10 },
				{ line_number: 2, line_type: 4, item_name: 'Giao hàng trong 3 ngày' },
			],
		}),
	});
	if (res.status !== 200) throw new Error(`seeding ${EXAMPLE_ORIGINAL}: HTTP ${res.status} ${await res.text()}`);
	sim.settleJobs();
}

function eq(actual: unknown, expected: unknown, what: string): void {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

/** The single output item of a node's first run in an execute-batch snapshot. */
function outputOf(snapshot: any, nodeName: string): { json: Record<string, any>; binary?: Record<string, any> } {
	const runs = snapshot?.data?.resultData?.runData?.[nodeName];
	assert(runs && runs.length > 0, `node "${nodeName}" did not run`);
	assert(!runs[0].error, `node "${nodeName}" failed: ${runs[0].error?.message}`);
	const items = runs[0].data?.main?.[0] ?? [];
	eq(items.length, 1, `items out of "${nodeName}"`);
	return items[0];
}

export async function runCorrections({ n8n, sim, tmp, accountId, credential, check }: Options): Promise<void> {
	log('\nexecute-batch (corrections):');
	const started = Date.now();
	const dir = path.join(tmp, 'corrections');
	const workflowDir = path.join(dir, 'workflows');
	mkdirSync(workflowDir, { recursive: true });
	writeFileSync(path.join(workflowDir, `${WORKFLOW_ID}.json`), JSON.stringify(correctionsWorkflow(accountId, credential), null, 2));
	writeFileSync(path.join(workflowDir, `${EXAMPLE_ID}.json`), JSON.stringify(exampleWorkflow(accountId, credential), null, 2));
	const from = sim.requests.length;
	let batch: Awaited<ReturnType<N8n['executeBatch']>>;
	try {
		await seedExampleOriginal(sim, accountId);
		await n8n.importWorkflows(workflowDir);
		batch = await n8n.executeBatch([WORKFLOW_ID, EXAMPLE_ID], path.join(dir, 'snapshots'), path.join(dir, 'summary.json'));
	} catch (error) {
		// Reported as one failed check, so the later phases of run-e2e.ts still run.
		check(`${WORKFLOW_ID}: import and execute-batch`, () => {
			throw error;
		});
		return;
	}
	const { summary, run } = batch;
	log(`  (seed ${EXAMPLE_ORIGINAL}, import and execute-batch of 2 workflows: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
	const requests: SimRequestRecord[] = sim.requests.slice(from);
	const posts = (p: string, originals: string[]) =>
		requests.filter((r) => r.method === 'POST' && r.path === p && originals.includes((r.body as any)?.original_invoice_reference_code)).map((r) => r.body as any);
	const snapshotOf = (id: string): any => {
		try {
			return JSON.parse(readFileSync(path.join(dir, 'snapshots', `${id}-snapshot.json`), 'utf8'));
		} catch {
			return undefined;
		}
	};
	const snapshot = snapshotOf(WORKFLOW_ID);
	const example = snapshotOf(EXAMPLE_ID);

	for (const [id, written] of [[WORKFLOW_ID, snapshot], [EXAMPLE_ID, example]] as const) {
		check(`${id}: the workflow ran successfully`, () => {
			const execution = summary.executions?.find((e) => e.workflowId === id);
			assert(execution, `no execution in the summary (exit ${run.code})`);
			eq(execution.executionStatus, 'success', `execution status (error: ${execution.error ?? '-'})`);
			assert(written, 'snapshot written');
		});
	}
	check(`${WORKFLOW_ID}: Replace from the original, only the tax code set, issues ${REPLACEMENT} with the original's lines and total; the original shows replaced (document_type 5); the new PDF downloads`, () => {
		const replaced = outputOf(snapshot, 'Replace Invoice').json;
		eq([replaced.reference_code, replaced.status, replaced.original_reference_code, replaced.invoice?.status], [REPLACEMENT, 'Success', ORIGINAL_R, 'issued'], 'Replace output (reference_code, status, original_reference_code, invoice.status)');
		const bodies = posts('/v1/invoices/replace', [ORIGINAL_R]);
		eq(bodies.length, 1, 'POST /v1/invoices/replace requests');
		const original = sim.invoices.get(ORIGINAL_R);
		eq(
			[bodies[0].original_invoice_reference_code, bodies[0].reference_code, bodies[0].is_draft, bodies[0].buyer, bodies[0].items, bodies[0].total_amount],
			[ORIGINAL_R, REPLACEMENT, false, { type: 'company', name: 'Công ty TNHH Sai MST', tax_code: '0109876543' }, [{ line_number: 1, line_type: 1, item_name: 'Cà phê sữa', unit: 'ly', quantity: 2, unit_price: 45000, tax_rate: 8 }], original?.total_amount],
			'replace body (original, code, draft, buyer, lines, total)',
		);
		eq(replaced.changes, [
			{ field: 'issued_date', from: original?.issued_date, to: bodies[0].issued_date },
			{ field: 'buyer.tax_code', from: '0101234567', to: '0109876543' },
		], 'Replace output: changes');
		eq(sim.invoices.get(REPLACEMENT)?.total_amount, original?.total_amount, 'replacement total = original total');
		const pdf = outputOf(snapshot, 'Download Replacement PDF');
		eq([pdf.json.reference_code, pdf.binary?.data?.mimeType], [REPLACEMENT, 'application/pdf'], 'Download PDF (reference_code, mime type)');
		assert(/\.pdf$/.test(pdf.json.file_name) && pdf.json.file_size > 0, `PDF ${pdf.json.file_name} (${pdf.json.file_size} bytes)`);
		eq(outputOf(snapshot, 'Get Replaced Original').json.document_type, 5, 'Get of the original: document_type');
		eq([sim.invoices.get(ORIGINAL_R)?.document_type, sim.invoices.get(REPLACEMENT)?.document_type, sim.invoices.get(REPLACEMENT)?.original_reference_code], [5, 4, ORIGINAL_R], 'simulator (original, replacement document_type; link)');
	});
	check(`${WORKFLOW_ID}: Adjust issues the increase ${ADJUSTMENT}; the original shows adjusted (document_type 10)`, () => {
		const adjusted = outputOf(snapshot, 'Adjust Invoice').json;
		eq([adjusted.reference_code, adjusted.status, adjusted.original_reference_code, adjusted.adjustment_type, adjusted.invoice?.total_amount], [ADJUSTMENT, 'Success', ORIGINAL_A, 'increase', 48600], 'Adjust output');
		const bodies = posts('/v1/invoices/adjust', [ORIGINAL_A]);
		eq(bodies.map((b) => [b.original_invoice_reference_code, b.adjustment_type, b.items]), [[ORIGINAL_A, 'increase', [{ line_number: 1, line_type: 1, item_name: 'Điều chỉnh tăng số lượng cà phê', unit: 'ly', quantity: 1, unit_price: 45000, tax_rate: 8 }]]], 'adjust requests');
		eq(outputOf(snapshot, 'Get Adjusted Original').json.document_type, 10, 'Get of the original: document_type');
		eq([sim.invoices.get(ORIGINAL_A)?.status, sim.invoices.get(ADJUSTMENT)?.document_type], ['issued', 6], 'simulator (original still issued, adjustment document_type)');
	});
	check(`${WORKFLOW_ID}: replacing ${ORIGINAL_R} a second time is refused before anything is sent`, () => {
		const again = outputOf(snapshot, 'Replace Again').json;
		eq(again.error, `Original Reference Code: "${ORIGINAL_R}" was already replaced (document_type 5); an invoice can be replaced only once [item 0]`, 'Replace Again error');
		eq(posts('/v1/invoices/replace', [ORIGINAL_R]).map((b) => b.reference_code), [REPLACEMENT], 'replace requests (none for the second attempt)');
		eq(sim.invoices.has(`${ORIGINAL_R}-R2`), false, 'no second replacement');
	});
	check(`${EXAMPLE_ID}: examples/replace-invoice.json replaces ${EXAMPLE_ORIGINAL} from the original with only the corrected tax code: the same lines and total, downloads the new PDF`, () => {
		const replaced = outputOf(example, 'Replace Invoice').json;
		eq([replaced.reference_code, replaced.status, replaced.original_reference_code], [`${EXAMPLE_ORIGINAL}-R1`, 'Success', EXAMPLE_ORIGINAL], 'Replace Invoice output');
		const bodies = posts('/v1/invoices/replace', [EXAMPLE_ORIGINAL]);
		eq(bodies.length, 1, 'replace requests of the example');
		const body = bodies[0];
		eq(body.buyer, { type: 'company', name: 'Công ty TNHH ABC', tax_code: '0109876543', address: '123 Đường A, Quận B, Hà Nội', email: 'ketoan@abc.example.com' }, 'example replace body: buyer');
		eq(body.items, [
			{ line_number: 1, line_type: 1, item_name: 'Sản phẩm A', item_code: 'SP001', unit: 'cái', quantity: 2, unit_price: 100000, tax_rate: 10 },
			{ line_number: 2, line_type: 4, item_name: 'Giao hàng trong 3 ngày' },
		], 'example replace body: the original lines');
		eq([body.total_amount, 'notes' in body], [220000, false], 'example replace body: the original total, no notes');
		eq(replaced.changes?.map((change: any) => change.field), ['issued_date', 'buyer.tax_code'], 'Replace Invoice output: changes');
		const pdf = outputOf(example, 'Download New PDF');
		eq([pdf.json.reference_code, pdf.binary?.data?.mimeType], [`${EXAMPLE_ORIGINAL}-R1`, 'application/pdf'], 'Download New PDF');
		eq([sim.invoices.get(EXAMPLE_ORIGINAL)?.document_type, sim.invoices.get(`${EXAMPLE_ORIGINAL}-R1`)?.document_type], [5, 4], 'simulator document types');
	});
}
