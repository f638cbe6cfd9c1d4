/* eslint-disable */
// The e2e fault run: FAULT_LOAD creates with Wait for Result in one workflow, run by one
// `n8n execute-batch` of the real n8n while the simulator injects connection resets, 5xx, a
// 429 burst plus random 429s (Retry-After), lost create answers (reset after SePay processed
// the create) and a revocation of every token mid-run — the load of test/faults/faultSuite.test.ts,
// but through n8n's own CLI, HTTP stack and credential store, once per n8n version.
// Everything is judged at the simulator (one invoice per reference code, 409s) and from the
// items n8n produced; the figures are printed per version whether the run passes or not.

import type { SePaySimulator, SimRequestRecord, SimStats } from '../simulator/index.ts';
import { assert, check, eq, short } from './checks.ts';
import { log } from './n8n.ts';
import type { BatchExecution, N8n } from './n8n.ts';
import { readSnapshot } from './snapshot.ts';
import type { OutItem } from './snapshot.ts';
import { createParams, itemsFrom, sepayNode, workflow } from './workflows.ts';
import type { CredentialRef, Workflow } from './workflows.ts';

export const FAULT_WORKFLOW_ID = 'e2e80faults';
export const FAULT_LOAD = 200;
/** Creates whose answer is dropped after SePay accepted them: the first ones to arrive. */
export const LOST_ANSWERS = 20;
const BURST_429 = 20;
const RANDOM_FAULTS = { serverErrorRate: 0.1, resetRate: 0.05, rateLimitRate: 0.05, retryAfterSeconds: 1 };
/** Every token is revoked this long after the first create reaches the simulator. */
const REVOKE_AFTER_MS = 1500;
/** As in the fault suite: P(9 faults in a row) ≈ 5e-7 per request, so no item runs out of retries. */
const RELIABILITY = { retryOnTransientErrors: true, maxRetries: 8, maxRetryDelay: 2, maxConcurrentPolls: 50 };
const CREATE_NODE = 'Create Invoices';
const reference = (i: number) => `FAULT-${String(i).padStart(4, '0')}`;

export function faultWorkflow(accountId: string, credential: CredentialRef): Workflow {
	return workflow(FAULT_WORKFLOW_ID, `E2E fault run: ${FAULT_LOAD} creates under faults`, [
		[
			...itemsFrom(
				'ref',
				Array.from({ length: FAULT_LOAD }, (_, i) => reference(i)),
			),
			sepayNode(
				CREATE_NODE,
				createParams(accountId, { referenceCode: '={{ $json.ref }}', pollInterval: 0.5, maxPollAttempts: 20, reliability: RELIABILITY }),
				credential,
			),
		],
	]);
}

/** The figures of one version's fault run (printed per line and in the closing summary). */
export interface FaultFigures {
	version: string;
	passed: boolean;
	executionStatus: string;
	executionError?: string;
	itemsOut: number;
	itemsOk: number;
	issued: number;
	duplicates: number;
	pending: number;
	lostInjected: number;
	conflicts409: number;
	lostRecovered: number;
	faults: { serverError: number; rateLimit: number; reset: number };
	/** Requests that hit a revoked token (401) after the revocation. */
	revokedHits: number;
	tokenRequests: number;
	revoked: boolean;
	createPosts: number;
	statusChecks: number;
	lookups: number;
	requests: number;
	executionSeconds: number;
	batchSeconds: number;
}

interface FaultRunOptions {
	n8n: N8n;
	sim: SePaySimulator;
	accountId: string;
	version: string;
	snapshotDir: string;
	summaryFile: string;
}

const bearer = (r: SimRequestRecord) => /^Bearer (\S+)$/.exec(r.headers.authorization ?? '')?.[1];

export async function faultRun({ n8n, sim, version, snapshotDir, summaryFile }: FaultRunOptions): Promise<FaultFigures> {
	const refs = Array.from({ length: FAULT_LOAD }, (_, i) => reference(i));
	const statsBefore: SimStats = structuredClone(sim.stats);
	const mark = sim.requests.length;
	const runRequests = () => sim.requests.slice(mark);

	// Lost answers first, so they take the first creates (first attempts, all in flight at
	// once), then the 429 burst, then random faults on everything but the token endpoint.
	sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'resetAfterProcessing', times: LOST_ANSWERS });
	sim.queueFault({ kind: 'rateLimit', retryAfterSeconds: 1, times: BURST_429 });
	sim.setFaults(RANDOM_FAULTS);
	let revokedAt = 0;
	let firstCreateAt = 0;
	const watcher = setInterval(() => {
		if (!firstCreateAt) firstCreateAt = runRequests().find((r) => r.method === 'POST' && r.path === '/v1/invoices/create')?.at ?? 0;
		if (firstCreateAt && !revokedAt && Date.now() - firstCreateAt >= REVOKE_AFTER_MS) {
			revokedAt = Date.now();
			sim.revokeAllTokens();
		}
	}, 10);
	let execution: BatchExecution | undefined;
	let warnings = 0;
	let batchMs = 0;
	let pendingScripted = 0;
	try {
		const { summary, run } = await n8n.executeBatch([FAULT_WORKFLOW_ID], snapshotDir, summaryFile);
		batchMs = run.ms;
		execution = summary.executions?.find((e) => e.workflowId === FAULT_WORKFLOW_ID);
		warnings = summary.summary.warningExecutions;
	} finally {
		clearInterval(watcher);
		pendingScripted = sim.pendingFaults();
		sim.clearFaults();
	}

	const requests = runRequests();
	const items: OutItem[] = (() => {
		try {
			return readSnapshot(snapshotDir, FAULT_WORKFLOW_ID)?.out(CREATE_NODE) ?? [];
		} catch {
			return [];
		}
	})();
	const itemsOk = items.filter((item, i) => {
		const j = item.json;
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0]?.item : typeof item.pairedItem === 'object' ? item.pairedItem.item : item.pairedItem;
		return j.reference_code === refs[i] && j.status === 'Success' && j.invoice?.reference_code === refs[i] && j.invoice?.status === 'issued' && paired === i;
	}).length;
	const invoices = sim.invoices;
	const issued = refs.filter((ref) => invoices.get(ref)?.status === 'issued').length;
	const createJobs = new Map<string, number>();
	for (const job of sim.jobs.values()) if (job.kind === 'create' && job.reference_code.startsWith('FAULT-')) createJobs.set(job.reference_code, (createJobs.get(job.reference_code) ?? 0) + 1);
	const strayInvoices = [...invoices.keys()].filter((ref) => ref.startsWith('FAULT-') && !refs.includes(ref)).length;
	const duplicates = [...createJobs.values()].filter((n) => n > 1).length + strayInvoices;
	const injected = sim.stats.faultsInjected;
	const before = statsBefore.faultsInjected;
	const oldTokens = new Set(requests.filter((r) => revokedAt && r.at < revokedAt).map(bearer).filter(Boolean));
	const figures: FaultFigures = {
		version,
		passed: false,
		executionStatus: execution?.executionStatus ?? 'missing',
		...(execution?.error ? { executionError: execution.error } : {}),
		itemsOut: items.length,
		itemsOk,
		issued,
		duplicates,
		pending: FAULT_LOAD - issued,
		lostInjected: injected.resetAfterProcessing - before.resetAfterProcessing,
		conflicts409: sim.stats.duplicateRejections - statsBefore.duplicateRejections,
		lostRecovered: items.filter((item) => item.json.already_existed === true && item.json.status === 'Success' && item.json.invoice?.status === 'issued').length,
		faults: {
			serverError: injected.serverError - before.serverError,
			rateLimit: injected.rateLimit - before.rateLimit,
			reset: injected.reset - before.reset,
		},
		revokedHits: requests.filter((r) => revokedAt && r.at >= revokedAt && oldTokens.has(bearer(r))).length,
		tokenRequests: requests.filter((r) => r.method === 'POST' && r.path === '/v1/token').length,
		revoked: revokedAt > 0,
		createPosts: requests.filter((r) => r.method === 'POST' && r.path === '/v1/invoices/create').length,
		statusChecks: requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/invoices/create/check/')).length,
		lookups: requests.filter((r) => r.method === 'GET' && /^\/v1\/invoices\/FAULT-[^/]+$/.test(r.path)).length,
		requests: requests.length,
		executionSeconds: execution?.executionTime ?? 0,
		batchSeconds: batchMs / 1000,
	};
	printFigures(figures);

	const results: boolean[] = [];
	const named = (name: string, fn: () => void) => results.push(check(name, fn));
	named(`fault run: the execution of ${FAULT_LOAD} creates succeeded (no error, no warning)`, () => {
		assert(execution, 'no execution of the fault workflow in the summary');
		eq([execution.executionStatus, warnings], ['success', 0], `execution status, warnings (error: ${execution.error ?? '-'})`);
	});
	named(`fault run: ${FAULT_LOAD} items out, in order, each Success with its issued invoice`, () => {
		eq([figures.itemsOut, figures.itemsOk], [FAULT_LOAD, FAULT_LOAD], 'items out, items Success with their invoice and pairedItem');
	});
	named(`fault run: every invoice issued exactly once (one per reference code, no duplicate), none left pending`, () => {
		eq({ issued: figures.issued, duplicates: figures.duplicates, pending: figures.pending }, { issued: FAULT_LOAD, duplicates: 0, pending: 0 }, 'at the simulator');
		eq(createJobs.size, FAULT_LOAD, 'reference codes with an accepted create');
		eq(sim.stats.createJobsAccepted - statsBefore.createJobsAccepted, FAULT_LOAD, 'create jobs accepted during the run');
	});
	named(`fault run: every lost create answer recovered (${LOST_ANSWERS} × 409 resolved to the existing invoice)`, () => {
		eq(figures.lostInjected, LOST_ANSWERS, 'create answers lost (reset after processing)');
		eq(figures.conflicts409, LOST_ANSWERS, '409 EINVOICE_DOCUMENT_EXISTED answers');
		eq(figures.lostRecovered, LOST_ANSWERS, 'items returned as already_existed with the issued invoice');
	});
	named('fault run: every fault was injected and the revoked token was replaced by one new token', () => {
		eq(pendingScripted, 0, 'scripted faults (lost answers, 429 burst) not consumed');
		assert(figures.faults.serverError > 0 && figures.faults.reset > 0 && figures.faults.rateLimit > BURST_429, `faults injected: ${short(figures.faults)}`);
		assert(figures.revoked && figures.revokedHits > 0, `token revoked mid-run (${figures.revoked}) and requests hit the revoked token (${figures.revokedHits})`);
		eq(figures.tokenRequests, 1, 'token requests during the run (the shared refresh after the revocation)');
	});
	figures.passed = results.every(Boolean);
	return figures;
}

function printFigures(f: FaultFigures): void {
	const retries = f.faults.serverError + f.faults.rateLimit + f.faults.reset;
	log(
		[
			`  fault run on n8n ${f.version}: ${FAULT_LOAD} creates with Wait for Result in one execution; faults: first ${LOST_ANSWERS} create answers lost, ${BURST_429} × 429 burst, ` +
				`random ${RANDOM_FAULTS.serverErrorRate * 100} % 5xx / ${RANDOM_FAULTS.resetRate * 100} % resets / ${RANDOM_FAULTS.rateLimitRate * 100} % 429 (Retry-After ${RANDOM_FAULTS.retryAfterSeconds} s), every token revoked ${REVOKE_AFTER_MS / 1000} s after the first create`,
			`    execution:        ${f.executionStatus}${f.executionError ? ` — ${f.executionError.split('\n')[0]!.slice(0, 300)}` : ''}`,
			`    invoices issued:  ${f.issued}/${FAULT_LOAD}   duplicates: ${f.duplicates}   left pending: ${f.pending}   items out: ${f.itemsOut} (${f.itemsOk} Success with their invoice)`,
			`    lost answers:     ${f.lostInjected} lost, ${f.conflicts409} × 409, ${f.lostRecovered} recovered (already_existed)`,
			`    retries:          ${retries} retryable faults injected (${f.faults.serverError} × 5xx, ${f.faults.rateLimit} × 429, ${f.faults.reset} × reset); ${f.createPosts} create POSTs for ${FAULT_LOAD} invoices`,
			`    token:            ${f.tokenRequests} token request(s) during the run; ${f.revoked ? `${f.revokedHits} requests hit the revoked token` : 'not revoked (the run ended first)'}`,
			`    requests:         ${f.requests} (${f.createPosts} creates, ${f.statusChecks} status checks, ${f.lookups} lookups by reference code)`,
			`    time:             execution ${f.executionSeconds.toFixed(1)} s, execute-batch process ${f.batchSeconds.toFixed(1)} s`,
		].join('\n'),
	);
}

/** One line per version, for the end of the output. */
export function printFaultFigures(all: FaultFigures[]): void {
	if (all.length === 0) return;
	log(`Fault run per n8n version (${FAULT_LOAD} creates, ${LOST_ANSWERS} lost answers, resets, 5xx, 429, token revoked):`);
	for (const f of all) {
		const retries = f.faults.serverError + f.faults.rateLimit + f.faults.reset;
		log(
			`  n8n ${f.version.padEnd(9)} ${f.passed ? 'PASS' : 'FAIL'}  issued ${f.issued}/${FAULT_LOAD}, duplicates ${f.duplicates}, pending ${f.pending}, ` +
				`lost answers recovered ${f.lostRecovered}/${f.lostInjected} (${f.conflicts409} × 409), retries ${retries}, token requests ${f.tokenRequests}, ` +
				`execution ${f.executionSeconds.toFixed(1)} s${f.executionError ? `; error: ${f.executionError.split('\n')[0]!.slice(0, 160)}` : ''}`,
		);
	}
}
