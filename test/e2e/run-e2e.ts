/* eslint-disable */
// End-to-end test in the real n8n CLI (see test/e2e/README.md):
//   npm run build && node test/e2e/run-e2e.ts
// Packs this package, installs it as a community node into a throw-away n8n user folder,
// runs generated workflows against the in-process SePay simulator with one
// `n8n execute-batch`, then, in one `n8n start`: a published webhook, the credential tests
// through REST, the stored executions, and the SePay Trigger → Create → Download workflow.
// Env: E2E_KEEP=1 keeps the temp folder (it holds the client secret: delete it yourself).

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEMO_CLIENT_ID as CLIENT_ID, DEMO_CLIENT_SECRET as CLIENT_SECRET, SePaySimulator } from '../simulator/index.ts';
import type { SimRequestRecord } from '../simulator/index.ts';
import {
	hideTokensSentTo,
	repoRoot,
	N8n,
	installN8nRuntime,
	installPackageInto,
	killAllChildren,
	log,
	packPackage,
	registerSecret,
} from './n8n.ts';
import type { BatchExecution, ExecutionSummary, N8nServer } from './n8n.ts';
import { runCorrections } from './corrections.ts';
import { runAgentToolChecks } from './agentTool.ts';
import { assert, check, counts, eq, fail, failedChecks, setCheckGroup, short } from './checks.ts';
import { faultRun, FAULT_WORKFLOW_ID, faultWorkflow, printFaultFigures } from './faultRun.ts';
import type { FaultFigures } from './faultRun.ts';
import { binaryContent, flattedParse, readSnapshot, Snapshot } from './snapshot.ts';
import { selectedN8nVersions } from './versions.ts';
import { CREDENTIAL_TYPE, NODE_TYPE, SEPAY_TRIGGER_TYPE, WEBHOOK_CREDENTIAL_TYPE, createParams, itemsFrom, sepayNode, sepayTrigger, webhookTrigger, workflow } from './workflows.ts';
import type { Workflow } from './workflows.ts';
import { BURST_WORKFLOW_ID, burstTriggerWorkflow, runTriggerBurstChecks } from './triggerBursts.ts';
import { HMAC_WORKFLOW_ID, hmacCredential, hmacTriggerWorkflow, runHmacTriggerChecks } from './triggerHmac.ts';
import { startShapes } from './shapes.ts';
import { startRetryExecution } from './retryExecution.ts';

const BAD_TAX_CODE = '0000000000';
const BAD_TAX_MESSAGE = 'Mã số thuế người mua không hợp lệ';
const CREDENTIAL = { id: 'SePayE2eCred0001', name: 'SePay eInvoice (simulator)' };
const WRONG_CREDENTIAL = { id: 'SePayE2eCred0002', name: 'SePay eInvoice (wrong secret)' };
/** Right secret, never used by a workflow: no token stored when it is tested. */
const FRESH_CREDENTIAL = { id: 'SePayE2eCred0003', name: 'SePay eInvoice (never used)' };
registerSecret(CLIENT_SECRET);
registerSecret(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'));
registerSecret('not-the-secret');
registerSecret(Buffer.from(`${CLIENT_ID}:not-the-secret`).toString('base64'));
/** Typed into the form of the credential already in use (token stored), tested before saving. */
const EDITED_SECRET = 'typo-in-the-secret';
registerSecret(EDITED_SECRET);
registerSecret(Buffer.from(`${CLIENT_ID}:${EDITED_SECRET}`).toString('base64'));
const WEBHOOK_KEY = 'e2e-webhook-key-3f9c2a7b';
registerSecret(WEBHOOK_KEY);
const WEBHOOK_CREDENTIAL = { id: 'SePayE2eHook0001', name: 'SePay webhook key (e2e)' };

// ------------------------------------------------------------------ scenarios

interface Ctx {
	sim: SePaySimulator;
	accountId: string;
	snapshot: Snapshot | null;
	execution: BatchExecution | undefined;
	userFolder: string;
	/** Simulator requests made while the batch ran. */
	requests: SimRequestRecord[];
}

interface Scenario {
	workflow: Workflow;
	expect: 'success' | 'error';
	assert: (ctx: Ctx) => void;
}

const creates = (ctx: Ctx, ref: string) =>
	ctx.requests.filter((r) => r.method === 'POST' && r.path === '/v1/invoices/create' && (r.body as any)?.reference_code === ref);

function scenarios(accountId: string): Scenario[] {
	const cred = CREDENTIAL;
	const list: Scenario[] = [];

	// 1. Provider accounts: Get Many (all) and Get by ID.
	list.push({
		workflow: workflow('e2e01accounts', 'E2E provider accounts', [
			[sepayNode('List Accounts', { resource: 'providerAccount', operation: 'getAll', returnAll: true, filters: { onlyActive: false } }, cred)],
			[sepayNode('Active Accounts', { resource: 'providerAccount', operation: 'getAll', returnAll: false, limit: 50, filters: {} }, cred)],
			[sepayNode('Get Account', { resource: 'providerAccount', operation: 'get', providerAccount: { __rl: true, mode: 'id', value: accountId } }, cred)],
		]),
		expect: 'success',
		assert: (ctx) => {
			const s = ctx.snapshot!;
			const all = s.out('List Accounts').map((i) => i.json);
			eq(all.length, ctx.sim.providerAccounts.length, 'all provider accounts listed');
			eq(all.map((a) => a.id).sort(), ctx.sim.providerAccounts.map((a) => a.id).sort(), 'provider account ids');
			const active = s.out('Active Accounts').map((i) => i.json);
			eq(active.map((a) => a.id).sort(), ctx.sim.providerAccounts.filter((a) => a.active).map((a) => a.id).sort(), 'active filter (default on)');
			const one = s.one('Get Account').json;
			eq(one.id, accountId, 'Get Account id');
			assert(Array.isArray(one.templates) && one.templates.some((t: any) => t.template_code === '1' && t.invoice_series === 'C26TAA'), `templates of account: ${short(one.templates)}`);
		},
	});

	// 2. Usage: quota as a number.
	list.push({
		workflow: workflow('e2e02quota', 'E2E quota', [[sepayNode('Get Quota', { resource: 'usage', operation: 'getQuota' }, cred)]]),
		expect: 'success',
		assert: (ctx) => {
			const q = ctx.snapshot!.one('Get Quota').json;
			assert(typeof q.quota_remaining === 'number' && q.quota_remaining > 0, `quota_remaining is a positive number: ${short(q)}`);
		},
	});

	// 3. Create + Issue Now with wait, download the PDF, create again with the same reference code.
	list.push({
		workflow: workflow('e2e03issue', 'E2E create issue now + download', [
			[
				sepayNode(
					'Create Invoice',
					createParams(accountId, {
						buyerType: 'company',
						buyerName: 'Công ty TNHH Thử Nghiệm E2E',
						buyerDetails: { taxCode: '0101234567', email: 'ketoan@e2e.vn', address: '1 Lê Lợi, Quận 1, TP.HCM' },
						lineItems: {
							item: [
								{ lineType: 1, itemName: 'Cà phê sữa', unit: 'ly', quantity: 2, unitPrice: 45000, taxRate: '8' },
								{ lineType: 1, itemName: 'Bánh mì', unit: 'cái', quantity: 1, unitPrice: 30000, taxRate: '10' },
							],
						},
						referenceCode: 'E2E-ISSUE-1',
					}),
					cred,
				),
				sepayNode('Download PDF', { resource: 'invoice', operation: 'download', referenceCode: '={{ $json.reference_code }}', fileFormat: 'pdf', binaryPropertyName: 'invoicePdf' }, cred),
				// The same sale again (a true re-run): SePay's 409, and the node returns the existing invoice.
				sepayNode('Create Again', createParams(accountId, {
					buyerType: 'company', buyerName: 'Công ty TNHH Thử Nghiệm E2E', buyerDetails: { taxCode: '0101234567', email: 'ketoan@e2e.vn', address: '1 Lê Lợi, Quận 1, TP.HCM' }, referenceCode: 'E2E-ISSUE-1',
					lineItems: { item: [{ lineType: 1, itemName: 'Cà phê sữa', unit: 'ly', quantity: 2, unitPrice: 45000, taxRate: '8' }, { lineType: 1, itemName: 'Bánh mì', unit: 'cái', quantity: 1, unitPrice: 30000, taxRate: '10' }] },
				}), cred),
			],
		]),
		expect: 'success',
		assert: (ctx) => {
			const s = ctx.snapshot!;
			const created = s.one('Create Invoice').json;
			eq(created.status, 'Success', 'create status');
			eq(created.reference_code, 'E2E-ISSUE-1', 'create reference_code');
			assert(typeof created.tracking_code === 'string' && created.tracking_code !== '', 'tracking_code present');
			const inv = ctx.sim.invoices.get('E2E-ISSUE-1');
			assert(inv, 'simulator holds invoice E2E-ISSUE-1');
			eq(inv.status, 'issued', 'simulator invoice status');
			eq(creates(ctx, 'E2E-ISSUE-1').length, 2, 'POST /v1/invoices/create for E2E-ISSUE-1 (create + create again)');
			const body = creates(ctx, 'E2E-ISSUE-1')[0]!.body as any;
			eq(
				{ template_code: body.template_code, invoice_series: body.invoice_series, is_draft: body.is_draft, currency: body.currency, payment_method: body.payment_method, provider_account_id: body.provider_account_id },
				{ template_code: '1', invoice_series: 'C26TAA', is_draft: false, currency: 'VND', payment_method: 'CK', provider_account_id: ctx.accountId },
				'create body fields',
			);
			assert(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(body.issued_date), `issued_date format: ${body.issued_date}`);
			eq(body.buyer, { type: 'company', name: 'Công ty TNHH Thử Nghiệm E2E', tax_code: '0101234567', address: '1 Lê Lợi, Quận 1, TP.HCM', email: 'ketoan@e2e.vn' }, 'create body buyer');
			eq(
				body.items,
				[
					{ line_number: 1, line_type: 1, item_name: 'Cà phê sữa', unit: 'ly', quantity: 2, unit_price: 45000, tax_rate: 8 },
					{ line_number: 2, line_type: 1, item_name: 'Bánh mì', unit: 'cái', quantity: 1, unit_price: 30000, tax_rate: 10 },
				],
				'create body items',
			);
			const dl = s.one('Download PDF');
			const file = dl.binary?.invoicePdf;
			assert(file, `binary property invoicePdf present: ${short(Object.keys(dl.binary ?? {}))}`);
			assert(typeof file.fileName === 'string' && /\.pdf$/.test(file.fileName), `file name set: ${file.fileName}`);
			eq(file.mimeType, 'application/pdf', 'mime type');
			eq(dl.json.file_name, file.fileName, 'json.file_name matches binary fileName');
			assert(dl.json.file_size > 0, 'file_size > 0');
			const content = binaryContent(ctx.userFolder, file);
			eq(content.subarray(0, 5).toString('latin1'), '%PDF-', 'file content starts with');
			eq(content.length, dl.json.file_size, 'stored file size');
			const downloads = ctx.requests.filter((r) => r.method === 'GET' && r.path === '/v1/invoices/E2E-ISSUE-1/download');
			eq(downloads.map((r) => r.query.type), ['pdf'], 'download requests (?type=pdf)');
			const again = s.one('Create Again').json;
			eq(again.already_existed, true, 'create again: already_existed');
			eq(again.invoice?.reference_code ?? again.reference_code, 'E2E-ISSUE-1', 'create again returns the existing invoice');
		},
	});

	// 4. Save as draft (JSON items), then Issue Draft with wait, then Get.
	list.push({
		workflow: workflow('e2e04draft', 'E2E draft then issue', [
			[
				sepayNode(
					'Create Draft',
					createParams(accountId, {
						mode: 'draft',
						templateAndSeries: '2|C26TBB',
						paymentMethod: 'TM',
						buyerDetails: { email: 'a.nguyen@example.vn' },
						itemsInputMode: 'json',
						itemsJson: JSON.stringify([{ line_type: 1, item_name: 'Trà đá', unit: 'ly', quantity: 3, unit_price: 5000, tax_rate: 0 }, { line_type: 4, item_name: 'Ghi chú: giao tại quầy' }]),
						referenceCode: 'E2E-DRAFT-1',
					}),
					cred,
				),
				sepayNode('Issue Draft', { resource: 'invoice', operation: 'issue', referenceCode: '={{ $json.reference_code }}', waitForResult: true, pollInterval: 0.5, maxPollAttempts: 20 }, cred),
				sepayNode('Get Invoice', { resource: 'invoice', operation: 'get', referenceCode: 'E2E-DRAFT-1' }, cred),
			],
		]),
		expect: 'success',
		assert: (ctx) => {
			const s = ctx.snapshot!;
			const draft = s.one('Create Draft').json;
			eq([draft.status, draft.is_draft], ['Success', true], 'draft create status / is_draft');
			const body = creates(ctx, 'E2E-DRAFT-1')[0]?.body as any;
			assert(body, 'create request for E2E-DRAFT-1 received');
			eq([body.is_draft, body.template_code, body.invoice_series, body.payment_method], [true, '2', 'C26TBB', 'TM'], 'draft body fields');
			eq(body.items, [{ line_number: 1, line_type: 1, item_name: 'Trà đá', unit: 'ly', quantity: 3, unit_price: 5000, tax_rate: 0 }, { line_number: 2, line_type: 4, item_name: 'Ghi chú: giao tại quầy' }], 'draft body items (JSON mode)');
			const issued = s.one('Issue Draft').json;
			eq(issued.status, 'Success', 'issue status');
			const issues = ctx.requests.filter((r) => r.method === 'POST' && r.path === '/v1/invoices/issue');
			eq(issues.map((r) => r.body), [{ reference_code: 'E2E-DRAFT-1' }], 'issue requests');
			eq(s.one('Get Invoice').json.status, 'issued', 'Get Invoice status');
			eq(ctx.sim.invoices.get('E2E-DRAFT-1')?.status, 'issued', 'simulator draft now issued');
		},
	});

	// 5. An invoice SePay rejects asynchronously: the workflow stops with SePay's message.
	list.push({
		workflow: workflow('e2e05badtax', 'E2E invalid buyer tax code', [
			[sepayNode('Create Invoice', createParams(accountId, { buyerType: 'company', buyerName: 'Công ty Sai MST', buyerDetails: { taxCode: BAD_TAX_CODE }, referenceCode: 'E2E-BADTAX-1' }), cred)],
		]),
		expect: 'error',
		assert: (ctx) => {
			assert(ctx.execution?.error?.includes('on node Create Invoice'), `summary error names the node: ${ctx.execution?.error}`);
			eq(ctx.sim.invoices.has('E2E-BADTAX-1'), false, 'no invoice created for the bad tax code');
			const checksMade = ctx.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/invoices/create/check/'));
			assert(checksMade.length > 0, 'status was polled');
		},
	});

	// 6. Same failure with "On Error: Continue": the item says Failed with SePay's message.
	list.push({
		workflow: workflow('e2e06continue', 'E2E invalid tax code, continue on fail', [
			[
				sepayNode(
					'Create Invoice',
					createParams(accountId, { buyerType: 'company', buyerName: 'Công ty Sai MST', buyerDetails: { taxCode: BAD_TAX_CODE }, referenceCode: 'E2E-BADTAX-2' }),
					cred,
					{ onError: 'continueRegularOutput' },
				),
			],
		]),
		expect: 'success',
		assert: (ctx) => {
			const item = ctx.snapshot!.one('Create Invoice').json;
			eq([item.reference_code, item.status, item.error], ['E2E-BADTAX-2', 'Failed', `SePay could not create the invoice: ${BAD_TAX_MESSAGE}`], 'continued item (reference_code, status, error)');
			eq(ctx.sim.invoices.has('E2E-BADTAX-2'), false, 'no invoice created');
		},
	});

	// 7. Three items (Edit Fields + Split Out) → three creates in one node run, one token.
	list.push({
		workflow: workflow('e2e07batch', 'E2E three items', [
			[
				...itemsFrom('ref', ['E2E-BATCH-1', 'E2E-BATCH-2', 'E2E-BATCH-3']),
				sepayNode('Create Invoices', createParams(accountId, { referenceCode: '={{ $json.ref }}' }), cred),
				sepayNode('List Invoices', { resource: 'invoice', operation: 'getAll', returnAll: true, filters: { source: 'api' } }, cred, { executeOnce: true }),
			],
		]),
		expect: 'success',
		assert: (ctx) => {
			const s = ctx.snapshot!;
			const out = s.out('Create Invoices').map((i) => i.json);
			eq(out.map((o) => [o.reference_code, o.status]), [['E2E-BATCH-1', 'Success'], ['E2E-BATCH-2', 'Success'], ['E2E-BATCH-3', 'Success']], 'three creates in item order');
			for (const ref of ['E2E-BATCH-1', 'E2E-BATCH-2', 'E2E-BATCH-3']) eq(ctx.sim.invoices.get(ref)?.status, 'issued', `${ref} issued`);
			const listed = s.out('List Invoices').map((i) => i.json.reference_code);
			for (const ref of ['E2E-BATCH-1', 'E2E-BATCH-2', 'E2E-BATCH-3']) assert(listed.includes(ref), `Get Many lists ${ref}: ${short(listed)}`);
			eq(listed.length, new Set(listed).size, 'Get Many lists each invoice once');
		},
	});

	// 8. Wrong Client Secret at run time: the workflow stops, nothing but the token request is sent.
	list.push({
		workflow: workflow('e2e08wrongsecret', 'E2E wrong client secret', [[sepayNode('Get Quota', { resource: 'usage', operation: 'getQuota' }, WRONG_CREDENTIAL)]]),
		expect: 'error',
		assert: (ctx) => {
			assert(ctx.execution?.error?.includes('on node Get Quota'), `summary error names the node: ${ctx.execution?.error}`);
			const wrongBasic = `Basic ${Buffer.from(`${CLIENT_ID}:not-the-secret`).toString('base64')}`;
			eq(ctx.requests.filter((r) => r.headers.authorization === wrongBasic).map((r) => `${r.method} ${r.path}`), ['POST /v1/token'], 'requests with the wrong secret (a 401 is not retried)');
		},
	});

	return list;
}

// ------------------------------------------------------------------ main

const WEBHOOK_WORKFLOW_ID = 'e2e90webhook';
const WEBHOOK_PATH = 'sepay-e2e-quota';
const TRIGGER_WORKFLOW_ID = 'e2e91sepaytrigger';
const TRIGGER_WEBHOOK_ID = '5e9a0c1d-7b2f-4c3e-8a6d-91f0e2b4c7a8';
/** Production URL of the SePay Trigger: /webhook/<webhookId>/sepay. */
const TRIGGER_WEBHOOK_PATH = `${TRIGGER_WEBHOOK_ID}/sepay`;
/** How long an ignored webhook call gets to (wrongly) start an execution before we count. */
const NO_EXECUTION_SETTLE_MS = 1000;
/** A SePay bank-transaction webhook body (API reference §6.1). */
const PAYMENT = {
	id: 92704,
	gateway: 'Vietcombank',
	transactionDate: '2026-03-05 14:02:37',
	accountNumber: '0123499999',
	subAccount: null,
	code: 'DH1001',
	content: 'DH1001 chuyen tien mua hang',
	transferType: 'in',
	transferAmount: 250000,
	accumulated: 19077000,
	referenceCode: 'MBVCB.3278907687',
	description: 'BankAPINotify DH1001 chuyen tien mua hang',
};

function triggerWorkflow(accountId: string) {
	return workflow(
		TRIGGER_WORKFLOW_ID,
		'E2E SePay payment → invoice → PDF',
		[
			[
				sepayNode(
					'Create Invoice',
					createParams(accountId, {
						buyerName: '=Khách hàng {{ $json.code }}',
						lineItems: { item: [{ lineType: 1, itemName: '=Thanh toán đơn hàng {{ $json.code }}', quantity: 1, unitPrice: '={{ $json.transferAmount }}', taxRate: 'none' }] },
						referenceCode: '={{ $json.invoiceReferenceCode }}',
						paymentMethod: 'CK',
						pollInterval: 0.5,
					}),
					CREDENTIAL,
				),
				sepayNode('Download PDF', { resource: 'invoice', operation: 'download', referenceCode: '={{ $json.reference_code }}', fileFormat: 'pdf', binaryPropertyName: 'data' }, CREDENTIAL),
			],
		],
		// Skip Repeated Deliveries off: the redelivery below must reach Create's reference-code defence.
		sepayTrigger(TRIGGER_WEBHOOK_ID, { authentication: 'apiKey', transferType: 'in', filters: {}, options: {}, skipRepeatedDeliveries: false }, WEBHOOK_CREDENTIAL),
	);
}

/** Calls the SePay Trigger's production URL and waits for the executions it starts. */
class TriggerRuns {
	lastError = '';
	private readonly server: N8nServer;
	private readonly executionData: (id: string) => Promise<any>;
	constructor(server: N8nServer, executionData: (id: string) => Promise<any>) {
		this.server = server;
		this.executionData = executionData;
	}
	async post(label: string, body: unknown, headers: Record<string, string>, timings: Array<[string, number]>) {
		const t = Date.now();
		const res = await this.server.postWebhook(TRIGGER_WEBHOOK_PATH, body, headers);
		const text = await res.text();
		timings.push([`trigger: POST ${label} → ${res.status}`, Date.now() - t]);
		let json: any = text;
		try {
			json = JSON.parse(text);
		} catch {
			/* keep text */
		}
		return { ok: res.status === 200, status: res.status, body: json, authenticate: res.headers.get('www-authenticate') };
	}
	/** The `count`-th execution of the trigger workflow, once every execution has finished. */
	async waitFor(count: number, label: string, timings: Array<[string, number]>): Promise<{ summary: ExecutionSummary; data: any } | undefined> {
		const t = Date.now();
		try {
			const list = await this.server.waitForExecutions(TRIGGER_WORKFLOW_ID, count);
			const summary = list[count - 1]!;
			timings.push([`trigger: ${label}: execution finished (after the 200)`, Date.now() - t]);
			return { summary, data: await this.executionData(summary.id) };
		} catch (error) {
			this.lastError = (error as Error).message;
			log(`       ${this.lastError}`);
			return undefined;
		}
	}
}

/** What one n8n line produced, for the closing summary. */
interface LineResult {
	version: string;
	ms: number;
	fault?: FaultFigures;
}

/** Every phase on one n8n version, in its own user folder and with its own simulator. */
async function runLine(version: string, tarball: string, tmpRoot: string): Promise<LineResult> {
	const startedLine = Date.now();
	const tmp = path.join(tmpRoot, `n8n-${version}`);
	mkdirSync(tmp);
	const line: LineResult = { version, ms: 0 };
	let sim: SePaySimulator | undefined;
	let server: N8nServer | undefined;
	let shapes: Awaited<ReturnType<typeof startShapes>> | undefined;
	let retries: Awaited<ReturnType<typeof startRetryExecution>> | undefined;
	const timings: Array<[string, number]> = [];
	const workflowTimes: Array<[string, string, number]> = [];
	setCheckGroup(`n8n ${version}`);
	log(`\n======== n8n ${version} ========`);
	try {
		// --- install: n8n runtime (cached) + this package, packed
		const runtime = await installN8nRuntime(version);
		timings.push(['n8n runtime (install-n8n.sh)', runtime.ms]);
		let t = Date.now();
		const userFolder = path.join(tmp, 'n8n-user');
		await installPackageInto(userFolder, tarball);
		timings.push(['npm install into .n8n/nodes', Date.now() - t]);

		sim = await SePaySimulator.start({ processing: { checks: 1, ms: 300 }, seed: 7 });
		const accountId = sim.activeProviderAccountId;
		hideTokensSentTo(sim);
		const n8n = await N8n.create(runtime.dir, userFolder, version);
		shapes = await startShapes();
		retries = await startRetryExecution();

		// --- import credentials + workflows
		t = Date.now();
		const credData = (clientSecret: string) => ({ environment: 'custom', baseUrl: sim!.url, clientId: CLIENT_ID, clientSecret, accessToken: '' });
		const credsFile = path.join(tmp, 'credentials.json');
		writeFileSync(
			credsFile,
			JSON.stringify([
				{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data: credData(CLIENT_SECRET) },
				{ ...WRONG_CREDENTIAL, type: CREDENTIAL_TYPE, data: credData('not-the-secret') },
				{ ...FRESH_CREDENTIAL, type: CREDENTIAL_TYPE, data: credData(CLIENT_SECRET) },
				{ ...WEBHOOK_CREDENTIAL, type: WEBHOOK_CREDENTIAL_TYPE, data: { apiKey: WEBHOOK_KEY } },
				hmacCredential,
				...shapes.credentials,
				...retries.credentials,
			]),
		);
		await n8n.importCredentials(credsFile);
		rmSync(credsFile);
		const list = [...scenarios(accountId), ...shapes.scenarios];
		const wfDir = path.join(tmp, 'workflows');
		mkdirSync(wfDir);
		for (const s of list) writeFileSync(path.join(wfDir, `${s.workflow.id}.json`), JSON.stringify(s.workflow, null, 2));
		// Not run by execute-batch: published, then called through `n8n start` (phase 2).
		const webhookWorkflow = workflow(WEBHOOK_WORKFLOW_ID, 'E2E webhook → quota', [[sepayNode('Get Quota', { resource: 'usage', operation: 'getQuota' }, CREDENTIAL)]], webhookTrigger(WEBHOOK_PATH));
		writeFileSync(path.join(wfDir, `${WEBHOOK_WORKFLOW_ID}.json`), JSON.stringify(webhookWorkflow, null, 2));
		// Published through REST in the running n8n (the editor's Publish button), phase 3.
		writeFileSync(path.join(wfDir, `${TRIGGER_WORKFLOW_ID}.json`), JSON.stringify(triggerWorkflow(accountId), null, 2));
		writeFileSync(path.join(wfDir, `${HMAC_WORKFLOW_ID}.json`), JSON.stringify(hmacTriggerWorkflow(), null, 2));
		writeFileSync(path.join(wfDir, `${BURST_WORKFLOW_ID}.json`), JSON.stringify(burstTriggerWorkflow(), null, 2));
		// Published through REST in phase 3, failed once by a webhook call, then retried through REST.
		for (const wf of retries.workflows) writeFileSync(path.join(wfDir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
		// Run last by its own execute-batch, under faults.
		writeFileSync(path.join(wfDir, `${FAULT_WORKFLOW_ID}.json`), JSON.stringify(faultWorkflow(accountId, CREDENTIAL), null, 2));
		await n8n.importWorkflows(wfDir);
		timings.push(['n8n import:credentials + import:workflow', Date.now() - t]);

		// --- one execute-batch for every workflow
		t = Date.now();
		const snapshotDir = path.join(tmp, 'snapshots');
		const { summary, run } = await n8n.executeBatch(list.map((s) => s.workflow.id), snapshotDir, path.join(tmp, 'summary.json'));
		timings.push(['n8n execute-batch (all workflows)', Date.now() - t]);
		const requests = [...sim.requests];
		for (const e of summary.executions ?? []) workflowTimes.push([e.workflowId, e.executionStatus, e.executionTime]);

		log('\nexecute-batch:');
		check('execute-batch ran every workflow, no warnings', () => {
			eq(summary.executions?.length, list.length, `executions in summary (exit ${run.code})`);
			eq(summary.summary.warningExecutions, 0, `warnings ${short(summary.summary.warnings)}`);
		});
		for (const s of list) {
			const execution = summary.executions.find((e) => e.workflowId === s.workflow.id);
			const snapshot = readSnapshot(snapshotDir, s.workflow.id);
			check(`${s.workflow.id}: ${s.workflow.name}`, () => {
				assert(execution, 'no execution in the summary');
				eq(execution.executionStatus, s.expect, `execution status (error: ${execution.error ?? '-'})`);
				if (s.expect === 'success') assert(snapshot, 'snapshot written');
				s.assert({ sim: sim!, accountId, snapshot, execution, requests, userFolder });
			});
		}
		check('whole batch: one POST /v1/token per credential, every API call authenticated', () => {
			const rightBasic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
			eq(requests.filter((r) => r.method === 'POST' && r.path === '/v1/token' && r.headers.authorization === rightBasic).length, 1, 'token requests, right secret');
			eq(sim!.tokenRequestCount(), 2, 'simulator token count (right + wrong secret)');
			const unauthenticated = requests.filter((r) => r.path !== '/v1/token' && !/^Bearer \S+$/.test(r.headers.authorization ?? ''));
			eq(unauthenticated.map((r) => `${r.method} ${r.path}`), [], 'requests without a Bearer token');
			eq(requests.filter((r) => r.path === '/v1/token').every((r) => (r.headers.authorization ?? '').startsWith('Basic ')), true, 'token request uses Basic auth');
		});
		check('simulator totals: 5 invoices issued, no duplicate', () => {
			const st = sim!.stats;
			// create jobs: E2E-ISSUE-1, E2E-DRAFT-1, E2E-BADTAX-1/2, E2E-BATCH-1..3; "Create Again" got a 409.
			eq(
				{ invoicesIssued: st.invoicesIssued, invoicesCreated: st.invoicesCreated, createJobsAccepted: st.createJobsAccepted, issueJobsAccepted: st.issueJobsAccepted, duplicateRejections: st.duplicateRejections },
				{ invoicesIssued: 5, invoicesCreated: 5, createJobsAccepted: 7, issueJobsAccepted: 1, duplicateRejections: 1 },
				'simulator stats',
			);
		});
		await runCorrections({ n8n, sim, tmp, accountId, credential: CREDENTIAL, check });
		t = Date.now();
		await runAgentToolChecks({ n8n, tmp });
		timings.push(['AI Agent tool (own simulator, scripted model, execute-batch)', Date.now() - t]);

		// --- n8n start: a published webhook, the credential test (the editor's "Test" button),
		// the stored failed executions, then the SePay Trigger workflow.
		log('\nn8n start (REST):');
		t = Date.now();
		await n8n.publishWorkflow(WEBHOOK_WORKFLOW_ID);
		timings.push(['n8n publish:workflow', Date.now() - t]);
		t = Date.now();
		server = await n8n.start();
		await server.setupOwner();
		timings.push(['n8n start + owner setup', Date.now() - t]);

		// A workflow published with the CLI before start. It also shows the credential holds
		// the token the batch obtained: the call needs no POST /v1/token.
		t = Date.now();
		await server.waitForWebhook(WEBHOOK_PATH);
		timings.push(['webhook registered after start', Date.now() - t]);
		let mark = sim.requests.length;
		t = Date.now();
		const hook = await server.postWebhook(WEBHOOK_PATH, { hello: 'sepay' });
		const hookBody = (await hook.json().catch(() => null)) as any;
		timings.push(['webhook call (Get Quota)', Date.now() - t]);
		check('published webhook workflow runs the node in `n8n start` with the stored token', () => {
			eq(hook.status, 200, `HTTP status (${short(hookBody)})`);
			assert(typeof hookBody?.quota_remaining === 'number', `answer has quota_remaining as a number: ${short(hookBody)}`);
			eq(sim!.requests.slice(mark).map((r) => `${r.method} ${r.path}`), ['GET /v1/usage'], 'requests (stored token reused)');
		});

		// What the editor loads when the node is opened: the features this n8n must support.
		const types = await server.rest('POST', '/node-types', { nodeInfos: [NODE_TYPE, SEPAY_TRIGGER_TYPE].map((name) => ({ name, version: 1 })) });
		check('node types loaded: light/dark icons (files in the installed package), main input/output (NodeConnectionTypes), usableAsTool, both nodes', () => {
			eq(types.status, 200, `POST /rest/node-types (${short(types.json)})`);
			// n8n 1.x answers with the short name (sePayEInvoice), 2.x with the package prefix.
			const shortName = (name: string) => name.replace(/^n8n-nodes-sepay-einvoice\./, '');
			const byName = new Map<string, any>((types.json?.data ?? []).map((d: any) => [shortName(d.name), d]));
			eq([...byName.keys()].sort(), ['sePayEInvoice', 'sePayTrigger'], 'described node types');
			for (const [name, d] of byName) {
				assert(typeof d.iconUrl?.light === 'string' && typeof d.iconUrl?.dark === 'string' && d.iconUrl.light !== d.iconUrl.dark, `${name}: themed icons ${short(d.iconUrl ?? d.icon)}`);
				eq(d.outputs, ['main'], `${name}: outputs`);
			}
			const node = byName.get('sePayEInvoice');
			eq([node.inputs, node.usableAsTool], [['main'], true], 'SePay eInvoice: inputs, usableAsTool');
			// n8n serves `icons/<package>/<path>` from the installed package (only with the UI on).
			for (const d of byName.values()) {
				for (const url of [d.iconUrl.light, d.iconUrl.dark] as string[]) {
					const file = path.join(userFolder, '.n8n', 'nodes', 'node_modules', url.replace(/^icons\//, ''));
					assert(existsSync(file) && readFileSync(file, 'utf8').includes('<svg'), `${url}: no SVG at ${file}`);
				}
			}
		});

		// The editor's "Test" button: POST /rest/credentials/test with the form data, in which
		// secrets come back as the redaction placeholder that n8n swaps for the stored values.
		const storedData = async (ref: { id: string }) => {
			const stored = await server!.rest('GET', `/credentials/${ref.id}?includeData=true`);
			assert(stored.status === 200, `GET /rest/credentials/${ref.id}: HTTP ${stored.status}`);
			return stored.json.data.data as Record<string, unknown>;
		};
		const testCredential = async (ref: { id: string; name: string }, type: string, change: Record<string, string> = {}) => {
			const data = await storedData(ref);
			const res = await server!.rest('POST', '/credentials/test', { credentials: { id: ref.id, name: ref.name, type, data: { ...data, ...change } } });
			assert(res.status === 200, `POST /rest/credentials/test: HTTP ${res.status} ${short(res.json)}`);
			return res.json.data as { status: string; message: string };
		};
		const basic = (secret: string) => `Basic ${Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64')}`;
		const sent = (from: number) => sim!.requests.slice(from).map((r) => `${r.method} ${r.path} ${r.headers.authorization === basic(CLIENT_SECRET) ? '(right secret)' : r.headers.authorization === basic('not-the-secret') ? '(wrong secret)' : r.headers.authorization === basic(EDITED_SECRET) ? '(edited secret)' : '(other auth)'}`);
		// The credential's test request is POST /v1/token with HTTP Basic from the form (rules:
		// 401/400 → our message). n8n runs preAuthentication first when the stored token is
		// empty, and again after a 401 (it takes the token for expired): then our token error.
		const rejected = 'SePay rejected the Client ID / Client Secret';
		const noSecretIn = (message: string) => {
			for (const s of [CLIENT_SECRET, 'not-the-secret', EDITED_SECRET, basic(CLIENT_SECRET), basic('not-the-secret'), basic(EDITED_SECRET)]) assert(!message.includes(s), 'message does not echo a secret');
		};

		mark = sim.requests.length;
		t = Date.now();
		const good = await testCredential(CREDENTIAL, CREDENTIAL_TYPE);
		timings.push(['credential test (right secret)', Date.now() - t]);
		const goodSent = sent(mark);
		check('credential test, right Client ID / Secret (token stored) → OK after one POST /v1/token with the entered secret', () => {
			eq([good.status, good.message], ['OK', 'Connection successful!'], 'test result');
			eq(goodSent, ['POST /v1/token (right secret)'], 'requests');
		});
		mark = sim.requests.length;
		const fresh = await testCredential(FRESH_CREDENTIAL, CREDENTIAL_TYPE);
		const freshSent = sent(mark);
		check('credential test, right Client ID / Secret (no token yet) → OK', () => {
			eq([fresh.status, fresh.message], ['OK', 'Connection successful!'], 'test result');
			// preAuthentication reuses the token this n8n process already holds for the same client
			// (same secret); the test request itself always asks SePay with the entered secret.
			eq(freshSent, ['POST /v1/token (right secret)'], 'requests (the test request only)');
		});
		mark = sim.requests.length;
		const bad = await testCredential(WRONG_CREDENTIAL, CREDENTIAL_TYPE);
		const badSent = sent(mark);
		check('credential test, wrong Client Secret (no token yet) → Error naming the Client ID / Client Secret', () => {
			eq(bad.status, 'Error', `test result (${bad.message})`);
			assert(bad.message.startsWith(rejected), `message: ${bad.message}`);
			eq(badSent, ['POST /v1/token (wrong secret)'], 'requests (preAuthentication is rejected, the test request is not sent)');
			noSecretIn(bad.message);
		});
		// The credential the batch and the webhook used (a token is stored), edited in the form
		// to a wrong secret and tested before saving: must fail, not pass on the stored token.
		const usedData = await storedData(CREDENTIAL);
		mark = sim.requests.length;
		const edited = await testCredential(CREDENTIAL, CREDENTIAL_TYPE, { clientSecret: EDITED_SECRET });
		const editedSent = sent(mark);
		check('credential test, used credential (token stored) with the secret changed to a wrong one → Error', () => {
			assert(typeof usedData.accessToken === 'string' && usedData.accessToken !== '', `stored credential has an access token (redacted): ${short(Object.keys(usedData))}`);
			eq(edited.status, 'Error', `test result (${edited.message})`);
			assert(edited.message.startsWith(rejected), `message: ${edited.message}`);
			eq(editedSent, ['POST /v1/token (edited secret)', 'POST /v1/token (edited secret)'], 'requests (the test request, then preAuthentication after its 401; never the stored token)');
			noSecretIn(edited.message);
		});
		log(`       (messages: wrong secret "${bad.message}"; edited secret "${edited.message}")`);
		const keyOk = await testCredential(WEBHOOK_CREDENTIAL, WEBHOOK_CREDENTIAL_TYPE);
		const keyEmpty = await testCredential(WEBHOOK_CREDENTIAL, WEBHOOK_CREDENTIAL_TYPE, { apiKey: '' });
		check('credential test, SePay Webhook API key: set → OK, empty → Error', () => {
			eq(keyOk.status, 'OK', `test result (${keyOk.message})`);
			assert(keyOk.message.startsWith('Key saved.'), `message: ${keyOk.message}`);
			assert(!keyOk.message.includes(WEBHOOK_KEY), 'message does not echo the key');
			eq([keyEmpty.status, keyEmpty.message], ['Error', 'API Key is empty'], 'empty key');
		});

		// The failed executions as n8n stored them.
		const executions = await server.rest('GET', '/executions?limit=100');
		const results = (executions.json?.data?.results ?? []) as Array<{ id: string; workflowId: string; status: string; startedAt: string; stoppedAt: string }>;
		for (const e of results) {
			const ms = Date.parse(e.stoppedAt) - Date.parse(e.startedAt);
			const row = workflowTimes.find((w) => w[0] === e.workflowId);
			if (row && Number.isFinite(ms)) row[2] = ms / 1000;
		}
		const executionData = async (id: string) => {
			const detail = await server!.rest('GET', `/executions/${id}`);
			const raw = detail.json?.data?.data;
			return typeof raw === 'string' ? flattedParse(runtime.dir, raw) : raw;
		};
		const badExecution = results.find((e) => e.workflowId === 'e2e05badtax');
		const badFull = badExecution ? await executionData(badExecution.id) : undefined;
		check('failed execution (e2e05badtax) stored with SePay\'s message', () => {
			assert(badExecution, `execution of e2e05badtax listed: ${short(executions.json)}`);
			eq(badExecution.status, 'error', 'stored status');
			const error = badFull?.resultData?.error;
			assert(error, 'resultData.error present');
			eq(error.message, `SePay could not create the invoice: ${BAD_TAX_MESSAGE}`, 'error message');
			eq(badFull.resultData.lastNodeExecuted, 'Create Invoice', 'failing node');
		});
		const wrongExecution = results.find((e) => e.workflowId === 'e2e08wrongsecret');
		const wrongFull = wrongExecution ? await executionData(wrongExecution.id) : undefined;
		check('failed execution (e2e08wrongsecret) stored with the node\'s credential message', () => {
			const error = wrongFull?.resultData?.error;
			assert(error, `resultData.error present (${short(wrongExecution)})`);
			assert(String(error.message).startsWith('SePay rejected the Client ID / Client Secret'), `stored message: ${error.message}`);
			assert(!JSON.stringify(error).includes('not-the-secret') && !JSON.stringify(error).includes(basic('not-the-secret')), 'stored error does not contain the secret');
		});

		// --- SePay Trigger → Create (Issue Now, wait) → Download PDF, published in the running n8n.
		log('\nSePay Trigger (n8n start):');
		t = Date.now();
		await server.activateWorkflow(TRIGGER_WORKFLOW_ID);
		await server.waitForWebhook(TRIGGER_WEBHOOK_PATH);
		timings.push(['trigger: publish (REST activate) + webhook registered', Date.now() - t]);
		const triggerRuns = new TriggerRuns(server, executionData);
		const ref = `SEPAY-${PAYMENT.id}`;
		const statsBefore = { ...sim.stats };
		const statDelta = () => ({
			invoicesCreated: sim!.stats.invoicesCreated - statsBefore.invoicesCreated,
			invoicesIssued: sim!.stats.invoicesIssued - statsBefore.invoicesIssued,
			createJobsAccepted: sim!.stats.createJobsAccepted - statsBefore.createJobsAccepted,
			duplicateRejections: sim!.stats.duplicateRejections - statsBefore.duplicateRejections,
		});
		const createsFor = () => sim!.requests.filter((r) => r.method === 'POST' && r.path === '/v1/invoices/create' && (r.body as any)?.reference_code === ref);
		const rightKey = { authorization: `Apikey ${WEBHOOK_KEY}` };

		// 1. A payment with the right key: one execution, one invoice SEPAY-<id>, its PDF.
		const first = await triggerRuns.post('payment, right key', PAYMENT, rightKey, timings);
		const firstRun = first.ok ? await triggerRuns.waitFor(1, 'payment, right key', timings) : undefined;
		check(`trigger: payment with the right key → 200 {"success":true}, one execution, invoice ${ref} issued, PDF downloaded`, () => {
			eq([first.status, first.body], [200, { success: true }], 'webhook answer');
			assert(firstRun, `execution finished: ${triggerRuns.lastError}`);
			eq([firstRun.summary.status, firstRun.summary.mode], ['success', 'webhook'], 'execution status / mode');
			const s = new Snapshot({ data: firstRun.data });
			const tx = s.one('SePay Trigger').json;
			eq([tx.id, tx.transferType, tx.transferAmount, tx.code, tx.invoiceReferenceCode], [PAYMENT.id, 'in', PAYMENT.transferAmount, PAYMENT.code, ref], 'trigger output (id, transferType, transferAmount, code, invoiceReferenceCode)');
			const created = s.one('Create Invoice').json;
			eq([created.reference_code, created.status, created.already_existed], [ref, 'Success', undefined], 'Create Invoice output (reference_code, status, already_existed)');
			const dl = s.one('Download PDF');
			eq([dl.json.reference_code, dl.binary?.data?.mimeType], [ref, 'application/pdf'], 'Download PDF output');
			assert(/\.pdf$/.test(dl.json.file_name) && dl.json.file_size > 0, `file ${dl.json.file_name} (${dl.json.file_size} bytes)`);
			const bodies = createsFor().map((r) => r.body as any);
			eq(bodies.length, 1, `POST /v1/invoices/create for ${ref}`);
			eq([bodies[0].is_draft, bodies[0].payment_method, bodies[0].items], [false, 'CK', [{ line_number: 1, line_type: 1, item_name: `Thanh toán đơn hàng ${PAYMENT.code}`, quantity: 1, unit_price: PAYMENT.transferAmount }]], 'create body (is_draft, payment_method, items)');
			eq(sim!.invoices.get(ref)?.status, 'issued', 'simulator invoice status');
			eq(statDelta(), { invoicesCreated: 1, invoicesIssued: 1, createJobsAccepted: 1, duplicateRejections: 0 }, 'simulator stats since the trigger phase began');
			assert(!JSON.stringify(firstRun.data).includes(WEBHOOK_KEY), 'execution data does not contain the webhook key');
		});
		const invoiceNumber = sim.invoices.get(ref)?.invoice_number;

		// 2. SePay redelivers the same payload: a second execution, still one invoice.
		const again = await triggerRuns.post('redelivery, same payload', PAYMENT, rightKey, timings);
		const againRun = again.ok ? await triggerRuns.waitFor(2, 'redelivery', timings) : undefined;
		check(`trigger: redelivery of the same payment → 200, second execution returns the existing invoice, still one invoice ${ref}`, () => {
			eq([again.status, again.body], [200, { success: true }], 'webhook answer');
			assert(againRun, `second execution finished: ${triggerRuns.lastError}`);
			eq(againRun.summary.status, 'success', 'execution status');
			const s = new Snapshot({ data: againRun.data });
			const created = s.one('Create Invoice').json;
			eq([created.reference_code, created.already_existed, created.status, created.invoice?.invoice_number], [ref, true, 'Success', invoiceNumber], 'Create Invoice output (reference_code, already_existed, status, invoice_number)');
			eq(s.one('Download PDF').json.reference_code, ref, 'Download PDF of the existing invoice');
			eq(createsFor().length, 2, `POST /v1/invoices/create for ${ref} (second answered 409)`);
			eq(statDelta(), { invoicesCreated: 1, invoicesIssued: 1, createJobsAccepted: 1, duplicateRejections: 1 }, 'simulator stats: no second invoice, one duplicate rejected');
			eq([...sim!.invoices.values()].filter((i) => i.reference_code === ref).length, 1, 'invoices with the reference code');
		});

		// 3–5. Wrong key, no key, money out: answered, no execution, nothing sent to SePay.
		const executionsBefore = (await server.executions(TRIGGER_WORKFLOW_ID)).length;
		mark = sim.requests.length;
		const wrongKey = await triggerRuns.post('wrong key', { ...PAYMENT, id: PAYMENT.id + 1 }, { authorization: 'Apikey not-the-webhook-key' }, timings);
		const noKey = await triggerRuns.post('no key', { ...PAYMENT, id: PAYMENT.id + 2 }, {}, timings);
		const moneyOut = await triggerRuns.post('money out (default filter: in)', { ...PAYMENT, id: PAYMENT.id + 3, transferType: 'out' }, rightKey, timings);
		// An accepted call's execution shows up in the list well within this (see the times above).
		await new Promise((r) => setTimeout(r, NO_EXECUTION_SETTLE_MS));
		const executionsAfter = (await server.executions(TRIGGER_WORKFLOW_ID)).length;
		const sentAfter = sim.requests.slice(mark).map((r) => `${r.method} ${r.path}`);
		check('trigger: wrong API key → 401 {"success":false}, no execution', () => {
			eq([wrongKey.status, wrongKey.body, wrongKey.authenticate], [401, { success: false, message: 'Invalid API key' }, 'Apikey'], 'answer (status, body, WWW-Authenticate)');
		});
		check('trigger: no API key → 401 {"success":false}, no execution', () => {
			eq([noKey.status, noKey.body?.success], [401, false], 'answer (status, success)');
			assert(/Authorization: Apikey/.test(noKey.body?.message ?? ''), `message names the header: ${short(noKey.body)}`);
		});
		check('trigger: money-out payment with the default filter (money in) → 200 {"success":true}, no execution', () => {
			eq([moneyOut.status, moneyOut.body], [200, { success: true }], 'webhook answer');
		});
		check(`trigger: the three calls above started no execution and sent nothing to SePay (after ${NO_EXECUTION_SETTLE_MS} ms)`, () => {
			eq(executionsAfter, executionsBefore, 'executions of the trigger workflow');
			eq(executionsBefore, 2, 'executions before (payment + redelivery)');
			eq(sentAfter, [], 'simulator requests');
		});

		await runHmacTriggerChecks({ server, check, executionData, timings });
		await runTriggerBurstChecks({ server, check, executionData, timings, settleMs: NO_EXECUTION_SETTLE_MS });
		await retries.runRetryChecks({ server, check, executionData, timings });

		await server.stop();
		server = undefined;

		// --- fault run: many creates through one execute-batch under resets, 5xx, 429, lost
		// answers and a token revocation (last, so nothing else sees the faults or the revocation).
		log('\nFault run (execute-batch):');
		t = Date.now();
		line.fault = await faultRun({ n8n, sim, accountId, version, snapshotDir: path.join(tmp, 'fault-snapshots'), summaryFile: path.join(tmp, 'fault-summary.json') });
		timings.push(['fault run (execute-batch, faults, checks)', Date.now() - t]);
	} catch (error) {
		fail('e2e run', error);
	} finally {
		await server?.stop().catch(() => undefined);
		killAllChildren();
		await sim?.close().catch(() => undefined);
		await shapes?.close().catch(() => undefined);
		await retries?.close().catch(() => undefined);
	}
	for (const [label, ms] of timings) log(`time: ${label}: ${(ms / 1000).toFixed(1)} s`);
	for (const [id, status, secs] of workflowTimes) log(`time: workflow ${id} (${status}): ${secs.toFixed(2)} s`);
	line.ms = Date.now() - startedLine;
	const { passed, failed } = counts(`n8n ${version}`);
	log(`n8n ${version}: ${passed} passed, ${failed} failed in ${(line.ms / 1000).toFixed(1)} s`);
	return line;
}

async function main(): Promise<void> {
	const startedAll = Date.now();
	const tmp = mkdtempSync(path.join(os.tmpdir(), 'sepay-e2e-'));
	const lines: LineResult[] = [];
	// Ctrl-C / CI cancellation: still stop n8n and remove the temp folder (it holds the DB).
	const onSignal = (signal: NodeJS.Signals) => {
		killAllChildren();
		rmSync(tmp, { recursive: true, force: true });
		log(`interrupted (${signal})`);
		process.exit(130);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		if (Number(process.versions.node.split('.')[0]) < 24) throw new Error(`Node 24 needed (n8n 2.41), running ${process.version}: use npm run or node_modules/.bin/node`);
		const builtNode = path.join(repoRoot, 'dist', 'nodes', 'SePayEInvoice', 'SePayEInvoice.node.js');
		if (!existsSync(builtNode)) throw new Error(`${path.relative(repoRoot, builtNode)} is missing: run npm run build first`);
		const versions = selectedN8nVersions();
		log(`n8n versions: ${versions.join(', ')} (scripts/n8n-versions.txt${process.env.E2E_N8N_VERSIONS ? ', E2E_N8N_VERSIONS' : ''})`);
		// One tarball for every line: the same package users install.
		const t = Date.now();
		const tarball = await packPackage(tmp);
		log(`time: npm pack (${path.basename(tarball)}): ${((Date.now() - t) / 1000).toFixed(1)} s`);
		for (const version of versions) lines.push(await runLine(version, tarball, tmp));
	} catch (error) {
		setCheckGroup('');
		fail('e2e run', error);
	} finally {
		killAllChildren();
		if (process.env.E2E_KEEP === '1') log(`kept ${tmp}`);
		else rmSync(tmp, { recursive: true, force: true });
	}
	log('\n======== summary ========');
	printFaultFigures(lines.flatMap((l) => (l.fault ? [l.fault] : [])));
	for (const l of lines) {
		const { passed, failed } = counts(`n8n ${l.version}`);
		log(`n8n ${l.version}: ${passed} passed, ${failed} failed, ${(l.ms / 1000).toFixed(1)} s`);
	}
	for (const c of failedChecks()) log(`  failed: ${c.name}`);
	const { passed, failed } = counts();
	log(`total time: ${((Date.now() - startedAll) / 1000).toFixed(1)} s`);
	log(`E2E: ${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

await main();
