/* eslint-disable */
// The `npm run bench` step in the real n8n CLI: the same N "create + wait until done" timed two ways,
// (a) with this package's node as users install it, (b) with the plain HTTP Request workflow a user
// would build without it. One simulator serves every run; each run is its own
// workflow (own reference codes) and its own `n8n execute-batch` process, node and HTTP runs
// alternating; the time is the execution's startedAt → stoppedAt from n8n's run data. The simulator
// runs in its own process, as for the engine bench.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { SimRequestRecord } from '../simulator/index.ts';
import {
	installN8nRuntime,
	installPackageInto,
	killAllChildren,
	N8n,
	packPackage,
	redact,
	registerSecret,
	hideTokensSentTo,
} from '../e2e/n8n.ts';
import { readSnapshot } from '../e2e/snapshot.ts';
import type { Snapshot } from '../e2e/snapshot.ts';
import { CREDENTIAL_TYPE, createParams, itemsFrom, manualTrigger, n8nNode, sepayNode } from '../e2e/workflows.ts';
import type { CredentialRef, WfNode, Workflow } from '../e2e/workflows.ts';
import { CLIENT_ID, CLIENT_SECRET } from '../support/sepay';
import { SimulatorProcess } from './simulatorProcess';

export type Kind = 'node' | 'http';
export const KIND_LABEL: Record<Kind, string> = { node: 'SePay eInvoice node', http: 'HTTP Request workflow' };

/** What the HTTP workflow waits between status checks, as the node's default poll interval. */
export const HTTP_WAIT_SECONDS = 3;

export interface CliRun {
	kind: Kind;
	round: number;
	/** startedAt → stoppedAt of the execution; NaN when n8n wrote no run data (the run failed). */
	ms: number;
	/** Items that came out Success with their invoice, and invoices the simulator issued for the run. */
	succeeded: number;
	issued: number;
	requests: number;
	tokenRequests: number;
	creates: number;
	statusChecks: number;
	error?: string;
}

export interface CliComparison {
	version: string;
	items: number;
	runs: CliRun[];
}

export interface CliOptions {
	versions: string[];
	items: number;
	rounds: number;
	processingMs: number;
	log: (line: string) => void;
}

const SEPAY_CREDENTIAL: CredentialRef = { id: 'BenchSePayCred01', name: 'SePay eInvoice (bench simulator)' };
const BASIC_CREDENTIAL: CredentialRef = { id: 'BenchBasicCred01', name: 'SePay client (HTTP Basic)' };
const CREATE_NODE = 'Create Invoice';
const DONE_NODE = 'Done';

const references = (version: string, kind: Kind, round: number, items: number) =>
	Array.from({ length: items }, (_, i) => `CLI-${version}-${kind}-${round}-${String(i + 1).padStart(4, '0')}`);
const workflowId = (kind: Kind, round: number) => `bench${round}${kind}`;

// ------------------------------------------------------------------ the two workflows

/** (a) Manual Trigger → N orders → SePay eInvoice Create (Issue Now, Wait for Result, default poll and Reliability). */
function nodeWorkflow(id: string, accountId: string, refs: string[]): Workflow {
	const { pollInterval, maxPollAttempts, ...form } = createParams(accountId, { referenceCode: '={{ $json.ref }}' });
	const nodes = [manualTrigger(), ...itemsFrom('ref', refs), sepayNode(CREATE_NODE, form, SEPAY_CREDENTIAL)];
	return chain(id, `Bench: ${refs.length} creates with the SePay eInvoice node`, nodes);
}

/**
 * (b) What a user builds with n8n's own nodes: the token once (Basic auth), then per item the create
 * (Bearer), Wait, the status check, and IF Pending → back to the Wait. The body is the one the
 * node sends for the same form (checked after the first runs).
 */
function httpWorkflow(id: string, baseUrl: string, accountId: string, refs: string[]): Workflow {
	const bearer = [{ name: 'Authorization', value: "=Bearer {{ $('Get Token').first().json.data.access_token }}" }];
	const body = `={
  "template_code": "1",
  "invoice_series": "C26TAA",
  "issued_date": "{{ $now.setZone('Asia/Ho_Chi_Minh').toFormat('yyyy-MM-dd HH:mm:ss') }}",
  "currency": "VND",
  "provider_account_id": "${accountId}",
  "reference_code": "{{ $json.ref }}",
  "payment_method": "CK",
  "is_draft": false,
  "buyer": { "type": "personal", "name": "Nguyễn Văn A" },
  "items": [{ "line_number": 1, "line_type": 1, "item_name": "Cà phê sữa", "unit": "ly", "quantity": 2, "unit_price": 45000, "tax_rate": 8 }]
}`;
	const getToken = httpRequest('Get Token', {
		method: 'POST',
		url: `${baseUrl}/v1/token`,
		authentication: 'genericCredentialType',
		genericAuthType: 'httpBasicAuth',
		options: {},
	});
	getToken.credentials = { httpBasicAuth: BASIC_CREDENTIAL };
	const create = httpRequest(CREATE_NODE, {
		method: 'POST',
		url: `${baseUrl}/v1/invoices/create`,
		sendHeaders: true,
		headerParameters: { parameters: bearer },
		sendBody: true,
		specifyBody: 'json',
		jsonBody: body,
		options: {},
	});
	// Under 65 s n8n's Wait keeps the execution in memory (a timer), as in a user's instance.
	const wait = n8nNode('Wait', 'n8n-nodes-base.wait', 1.1, { resume: 'timeInterval', amount: HTTP_WAIT_SECONDS, unit: 'seconds' }, { webhookId: 'bench-wait' });
	const check = httpRequest('Check Status', {
		method: 'GET',
		url: `=${baseUrl}/v1/invoices/create/check/{{ $('${CREATE_NODE}').item.json.data.tracking_code }}`,
		sendHeaders: true,
		headerParameters: { parameters: bearer },
		options: {},
	});
	const pending = n8nNode('Pending?', 'n8n-nodes-base.if', 2.2, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: 'pending',
					leftValue: '={{ $json.data.status }}',
					rightValue: 'Pending',
					operator: { type: 'string', operation: 'equals' },
				},
			],
			combinator: 'and',
		},
		options: {},
	});
	const done = n8nNode(DONE_NODE, 'n8n-nodes-base.noOp', 1, {});
	const workflow = chain(id, `Bench: ${refs.length} creates with HTTP Request nodes`, [
		manualTrigger(),
		getToken,
		...itemsFrom('ref', refs),
		create,
		wait,
		check,
		pending,
	]);
	// IF: output 0 (true, still Pending) back to the Wait, output 1 (false) to Done.
	workflow.nodes.push(done);
	done.position = [pending.position[0] + 250, 200];
	workflow.connections[pending.name] = { main: [[{ node: wait.name, type: 'main', index: 0 }], [{ node: done.name, type: 'main', index: 0 }]] };
	return workflow;
}

/** HTTP Request 4.2: on both n8n lines, every item's request sent at once (no batching by default). */
function httpRequest(name: string, parameters: Record<string, unknown>): WfNode {
	return n8nNode(name, 'n8n-nodes-base.httpRequest', 4.2, parameters);
}

/** The nodes connected one after another (output 0 → input 0). */
function chain(id: string, name: string, nodes: WfNode[]): Workflow {
	const connections: Workflow['connections'] = {};
	nodes.forEach((node, i) => {
		node.position = [250 * i, 0];
		const next = nodes[i + 1];
		if (next) connections[node.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
	});
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

// ------------------------------------------------------------------ judging one run

/** Items on output `output` of every run of a node. */
function itemsOf(snapshot: Snapshot | null, node: string, output = 0): Array<Record<string, any>> {
	return (snapshot?.runData[node] ?? []).flatMap((run: any) => (run.data?.main?.[output] ?? []).map((item: any) => item.json));
}

function succeededItems(kind: Kind, snapshot: Snapshot | null, refs: string[]): number {
	const wanted = new Set(refs);
	if (kind === 'node') {
		return itemsOf(snapshot, CREATE_NODE).filter((j) => j.status === 'Success' && j.invoice?.status === 'issued' && wanted.delete(j.reference_code)).length;
	}
	return itemsOf(snapshot, DONE_NODE).filter((j) => j.data?.status === 'Success' && j.data?.invoice?.status === 'issued' && wanted.delete(j.data?.reference_code)).length;
}

const isCreate = (r: SimRequestRecord) => r.method === 'POST' && r.path === '/v1/invoices/create';
/** A create body without what differs per item and per second. */
function comparableBody(r: SimRequestRecord | undefined): string {
	const { reference_code, issued_date, ...rest } = (r?.body ?? {}) as Record<string, unknown>;
	return JSON.stringify(rest);
}

// ------------------------------------------------------------------ the step

export async function compareInRealN8n(options: CliOptions): Promise<CliComparison[]> {
	registerSecret(CLIENT_SECRET);
	registerSecret(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'));
	const workDir = mkdtempSync(path.join(os.tmpdir(), 'sepay-bench-n8n-'));
	const results: CliComparison[] = [];
	try {
		const tarball = await packPackage(workDir);
		for (const version of options.versions) {
			results.push(await compareOnVersion(version, tarball, path.join(workDir, version), options));
		}
	} finally {
		killAllChildren();
		rmSync(workDir, { recursive: true, force: true });
	}
	return results;
}

async function compareOnVersion(version: string, tarball: string, dir: string, options: CliOptions): Promise<CliComparison> {
	const runtime = await installN8nRuntime(version);
	const userFolder = path.join(dir, 'n8n-user');
	await installPackageInto(userFolder, tarball);
	const sim = await SimulatorProcess.start(['--processing-checks', '0', '--processing-ms', String(options.processingMs), '--quota', '100000000']);
	// The tokens n8n was sent, for redact(): the requests of the runs so far.
	const seen: { requests: SimRequestRecord[] } = { requests: [] };
	hideTokensSentTo(seen);
	try {
		const n8n = await N8n.create(runtime.dir, userFolder, version);
		const credentialsFile = path.join(dir, 'credentials.json');
		writeFileSync(
			credentialsFile,
			JSON.stringify([
				{
					...SEPAY_CREDENTIAL,
					type: CREDENTIAL_TYPE,
					data: { environment: 'custom', baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessToken: '' },
				},
				{ ...BASIC_CREDENTIAL, type: 'httpBasicAuth', data: { user: CLIENT_ID, password: CLIENT_SECRET } },
			]),
		);
		await n8n.importCredentials(credentialsFile);
		rmSync(credentialsFile);

		const plan: Array<{ kind: Kind; round: number; refs: string[] }> = [];
		const workflowDir = path.join(dir, 'workflows');
		mkdirSync(workflowDir, { recursive: true });
		for (let round = 1; round <= options.rounds; round++) {
			for (const kind of ['node', 'http'] as const) {
				const refs = references(version, kind, round, options.items);
				const id = workflowId(kind, round);
				const workflow = kind === 'node' ? nodeWorkflow(id, sim.providerAccountId, refs) : httpWorkflow(id, sim.url, sim.providerAccountId, refs);
				writeFileSync(path.join(workflowDir, `${id}.json`), JSON.stringify(workflow));
				plan.push({ kind, round, refs });
			}
		}
		await n8n.importWorkflows(workflowDir);

		const runs: CliRun[] = [];
		const firstCreate: Partial<Record<Kind, SimRequestRecord>> = {};
		for (const { kind, round, refs } of plan) {
			const id = workflowId(kind, round);
			const runDir = path.join(dir, 'runs', id);
			await sim.reset();
			const { summary } = await n8n.executeBatch([id], runDir, path.join(runDir, 'summary.json'));
			const requests = await sim.requests();
			seen.requests.push(...requests);
			const statuses = await sim.invoiceStatuses(refs);
			const execution = summary.executions?.find((e) => e.workflowId === id);
			const snapshot = readSnapshot(runDir, id);
			const started = Date.parse(snapshot?.run?.startedAt ?? '');
			const stopped = Date.parse(snapshot?.run?.stoppedAt ?? '');
			const failed = execution?.executionStatus !== 'success' ? `${execution?.executionStatus ?? 'no execution'}: ${execution?.error ?? ''}` : undefined;
			const run: CliRun = {
				kind,
				round,
				ms: stopped - started,
				succeeded: succeededItems(kind, snapshot, refs),
				issued: refs.filter((ref) => statuses[ref] === 'issued').length,
				requests: requests.length,
				tokenRequests: requests.filter((r) => r.method === 'POST' && r.path === '/v1/token').length,
				creates: requests.filter(isCreate).length,
				statusChecks: requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/invoices/create/check/')).length,
				...(failed ? { error: redact(failed).split('\n')[0]!.slice(0, 300) } : {}),
			};
			runs.push(run);
			firstCreate[kind] ??= requests.find(isCreate);
			options.log(
				`n8n ${version} ${KIND_LABEL[kind]} run ${round}: ${(run.ms / 1000).toFixed(2)} s, ${run.succeeded}/${refs.length} Success, ` +
					`${run.requests} requests (${run.tokenRequests} token)${run.error ? `, ${run.error}` : ''}`,
			);
		}
		// Like for like: the HTTP workflow must send what the node sends.
		if (firstCreate.node && firstCreate.http && comparableBody(firstCreate.node) !== comparableBody(firstCreate.http)) {
			throw new Error(`the HTTP workflow's create body differs from the node's:\n node: ${comparableBody(firstCreate.node)}\n http: ${comparableBody(firstCreate.http)}`);
		}
		return { version, items: options.items, runs };
	} finally {
		await sim.stop();
	}
}

// ------------------------------------------------------------------ report

export const CLI_HEADING = '## In the real n8n CLI: the node against the HTTP Request workflow';
/** The node's time ÷ the HTTP Request workflow's (medians) it must stay under. */
export const CLI_TARGET_RATIO = 0.8;

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface CliContext {
	date: string;
	loadAtStart: number;
	loadAtEnd: number;
	cores: number;
	processingMs: number;
}

/** The section of docs/benchmark.md this step writes: description, figures per run, the target. */
export function cliSection(results: CliComparison[], context: CliContext): string {
	const secs = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : 'failed');
	const items = results[0]?.items ?? 0;
	const lines = [
		CLI_HEADING,
		'',
		`Written by \`npm run bench\` (test/bench/realN8n.ts) on ${context.date}; load average (1 min) at the start / end of this step:`,
		`${context.loadAtStart.toFixed(2)} / ${context.loadAtEnd.toFixed(2)} on ${context.cores} cores. The same ${items} invoices created and waited for until done, two ways, in real`,
		'n8n with the packed package installed in the n8n user folder\'s `.n8n/nodes` as users get it, against the simulator',
		`(T = ${context.processingMs} ms) running in its own process. Each run is its own workflow (own reference codes) and its own`,
		'`n8n execute-batch` process, timed from the execution\'s `startedAt` to `stoppedAt` (n8n\'s run data); node and HTTP runs',
		'alternate.',
		'',
		'- **SePay eInvoice node**: Manual Trigger → Edit Fields + Split Out (the orders) → SePay eInvoice Create (Issue Now, Wait',
		'  for Result on, default poll interval and Reliability options).',
		'- **HTTP Request workflow**, what a user builds without this package: Manual Trigger → HTTP Request `POST /v1/token`',
		'  (Basic auth, once) → Edit Fields + Split Out → HTTP Request `POST /v1/invoices/create` (Bearer) → Wait',
		`  ${HTTP_WAIT_SECONDS} s → HTTP Request \`GET /v1/invoices/create/check/{tracking_code}\` → IF status is Pending → back to the Wait.`,
		'  It sends the same request body as the node (checked by the step).',
		'',
		'| n8n | Workflow | Run times (s) | Median | Succeeded per run | Requests per run | Token requests per run | Status checks per run |',
		'|---|---|---|---:|---|---|---|---|',
	];
	const targets: string[] = [];
	for (const result of results) {
		const medians: Partial<Record<Kind, number>> = {};
		let allSucceeded = true;
		for (const kind of ['node', 'http'] as const) {
			const runs = result.runs.filter((r) => r.kind === kind);
			const list = (f: (r: CliRun) => string | number) => runs.map(f).join(', ');
			medians[kind] = median(runs.map((r) => r.ms));
			allSucceeded &&= runs.every((r) => r.succeeded === result.items && r.issued === result.items && !r.error);
			lines.push(
				`| ${result.version} | ${KIND_LABEL[kind]} | ${list((r) => secs(r.ms))} | ${secs(medians[kind]!)} s | ${list((r) => `${r.succeeded}/${result.items}`)} | ${list((r) => r.requests)} | ${list((r) => r.tokenRequests)} | ${list((r) => r.statusChecks)} |`,
			);
		}
		const ratio = medians.node! / medians.http!;
		const met = allSucceeded && ratio <= CLI_TARGET_RATIO;
		targets.push(
			`| n8n ${result.version}: node ÷ HTTP Request workflow (median times) | ≤ ${CLI_TARGET_RATIO} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'no figure'}${allSucceeded ? '' : ' (runs failed)'} | ${met ? 'met' : '**not met**'} |`,
		);
	}
	lines.push(
		'',
		'Requests per run include the token requests. The node keeps the token n8n stored in its credential after the first run',
		'(later runs ask for none); the HTTP Request workflow asks for one in every execution.',
		...results.flatMap((result) => result.runs.filter((r) => r.error).map((r) => `- n8n ${result.version}, ${KIND_LABEL[r.kind]} run ${r.round}: ${r.error}`)),
		'',
		'| What | Target | Measured | |',
		'|---|---|---|---|',
		...targets,
		'',
	);
	return lines.join('\n');
}

/** The section under `heading` in `text` (up to the next `## ` heading), if there is one. */
export function sectionOf(text: string, heading: string): string | undefined {
	const lines = text.split('\n');
	const start = lines.indexOf(heading);
	if (start === -1) return undefined;
	const next = lines.findIndex((line, i) => i > start && line.startsWith('## '));
	return lines.slice(start, next === -1 ? undefined : next).join('\n');
}

/** `text` with its section under `heading` replaced by `section`, or `section` appended. */
export function withSection(text: string, heading: string, section: string): string {
	const old = sectionOf(text, heading);
	if (old === undefined) return `${text.trimEnd()}\n\n${section.trimEnd()}\n`;
	return text.replace(old, () => `${section.trimEnd()}\n`);
}
