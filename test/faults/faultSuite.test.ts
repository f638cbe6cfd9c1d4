/* eslint-disable */
// Fault suite: 300 invoices through one execution of the real node under random 5xx, resets, a 429
// burst plus random 429s, and a token revocation mid-run. Every invoice must be issued exactly once
// and come out of the node; then a block of creates whose answers are all lost must still give one
// invoice each. Prints its figures (no timing assertions).
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { runNode } from '../harness/runNode';
import { SePaySimulator } from '../simulator/index.ts';
import { companyCreateParams, credentialsFor } from '../support';
import { bearerTokens, captureN8nLogs } from '../node/reliability/helpers';

const LOAD = 300;
const LOST_BLOCK = 25;
const RANDOM_FAULTS = { serverErrorRate: 0.1, resetRate: 0.05, rateLimitRate: 0.05, retryAfterSeconds: 1 };
const BURST_429 = 40;
const REVOKE_AFTER_MS = 1500;
/**
 * Per request P(fault) ≈ 0.2, so P(9 faults in a row) ≈ 5e-7: over ~1200 requests a lost item is a
 * < 0.1 % event with maxRetries 8 (with 3, the default, it would be ~0.2 % per request, i.e. several
 * failed items per run). The 2 s cap keeps the worst retry chain near 13 s.
 */
const RELIABILITY = { retryOnTransientErrors: true, maxRetries: 8, maxRetryDelay: 2 };
const POLL = { pollInterval: 0.5, maxPollAttempts: 20 };

let sim: SePaySimulator;
let logs: ReturnType<typeof captureN8nLogs>;
const figures: string[] = [];

beforeAll(async () => {
	logs = captureN8nLogs();
	sim = await SePaySimulator.start({ seed: 2026, processing: { checks: 1, ms: 0 }, quota: 100_000 });
});
afterAll(async () => {
	logs?.restore();
	await sim?.close();
	if (figures.length) console.log(figures.join('\n'));
});

const pct = (rate: number) => `${Math.round(rate * 100)} %`;

function createJobsByReference(): Map<string, number> {
	const counts = new Map<string, number>();
	for (const job of sim.jobs.values()) {
		if (job.kind === 'create') counts.set(job.reference_code, (counts.get(job.reference_code) ?? 0) + 1);
	}
	return counts;
}

describe('fault suite', () => {
	test(`${LOAD} creates with Wait for Result under 5xx, resets, 429 bursts and a token revocation`, async () => {
		const store = credentialsFor(sim);
		// Fetch the first token outside the measurement so revocation certainly replaces a live one.
		expect((await runNode({ store, parameters: { resource: 'usage', operation: 'getQuota' } })).error).toBeUndefined();
		sim.clearRequests();
		sim.resetStats();

		sim.queueFault({ kind: 'rateLimit', retryAfterSeconds: 1, times: BURST_429 });
		sim.setFaults(RANDOM_FAULTS);
		let revokedAt = 0;
		const revoke = setTimeout(() => {
			revokedAt = Date.now();
			sim.revokeAllTokens();
		}, REVOKE_AFTER_MS);
		const started = Date.now();
		const result = await runNode({
			store,
			items: Array.from({ length: LOAD }, (_, index) => ({ order: `ORD-${String(index).padStart(4, '0')}` })),
			parameters: companyCreateParams(sim, {
				referenceCode: '={{ "FAULT-" + $json.order }}',
				...POLL,
				reliability: RELIABILITY,
			}),
		});
		const wallMs = Date.now() - started;
		clearTimeout(revoke);
		sim.clearFaults();
		const sent = sim.requests.filter((request) => request.path !== '/v1/token');
		const isFault = (request: (typeof sent)[number]) =>
			request.answer === 'reset' || request.answer === 429 || (typeof request.answer === 'number' && request.answer >= 500);
		const retries = sent.filter((request) => isFault(request) || request.answer === 401).length;
		const faultsAnswered = sent.filter(isFault).length;
		const createsAccepted = sim.requestsTo('POST', '/v1/invoices/create').filter((request) => request.answer === 200).length;
		const injected = { ...sim.stats.faultsInjected };

		// Output: one Success item per input, in order, each with its issued invoice.
		expect(result.error?.message).toBeUndefined();
		expect(result.items).toHaveLength(LOAD);
		const outputOk = result.items.filter((item, index) => {
			const code = `FAULT-ORD-${String(index).padStart(4, '0')}`;
			const invoice = (item.json.invoice ?? {}) as IDataObject;
			return (
				item.json.reference_code === code &&
				item.json.status === 'Success' &&
				invoice.reference_code === code &&
				(item.pairedItem as unknown as IDataObject).item === index
			);
		}).length;
		// SePay: exactly one issued invoice per reference code, nothing else.
		const invoices = [...sim.invoices.values()];
		const ours = invoices.filter((invoice) => invoice.reference_code.startsWith('FAULT-'));
		const issued = ours.filter((invoice) => invoice.status === 'issued').length;
		const jobCounts = createJobsByReference();
		const duplicates = [...jobCounts.values()].filter((count) => count > 1).length + (invoices.length - ours.length);
		const lost = result.items.length === LOAD ? LOAD - outputOk : LOAD;
		const missingAtSePay = result.items.filter((item) => !sim.invoices.has(String(item.json.reference_code))).length;

		const tokens = bearerTokens(sim.requests);
		const rejectedAfterRevocation = sim.requests.filter(
			(request) => revokedAt > 0 && request.at >= revokedAt && request.headers.authorization === `Bearer ${tokens[0]}`,
		).length;

		expect(outputOk).toBe(LOAD);
		expect(issued).toBe(LOAD);
		expect(ours).toHaveLength(LOAD);
		expect(duplicates).toBe(0);
		expect(lost).toBe(0);
		expect(missingAtSePay).toBe(0);
		expect(sim.stats.createJobsAccepted).toBe(LOAD);
		expect(sim.stats.duplicateRejections).toBe(0);
		// The revocation landed mid-run and was answered with one shared refresh.
		expect(revokedAt).toBeGreaterThan(0);
		expect(rejectedAfterRevocation).toBeGreaterThan(0);
		expect(sim.tokenRequestCount()).toBe(1);
		expect(tokens).toHaveLength(2);
		// Every injected fault was answered by a resend (none was fatal), and no accepted create was sent twice.
		expect(injected.serverError + injected.rateLimit + injected.reset).toBeGreaterThan(LOAD * 0.3);
		expect(faultsAnswered).toBe(injected.serverError + injected.rateLimit + injected.reset);
		expect(createsAccepted).toBe(LOAD);

		figures.push(
			'Fault suite — create with Wait for Result, real node + n8n engine vs simulator',
			`  load:            ${LOAD} invoices in one execution (batching: none, all items concurrent; processing {checks:1}, poll ${POLL.pollInterval} s, max ${POLL.maxPollAttempts} checks)`,
			`  faults:          random ${pct(RANDOM_FAULTS.serverErrorRate)} 5xx, ${pct(RANDOM_FAULTS.resetRate)} resets, ${pct(RANDOM_FAULTS.rateLimitRate)} 429 (Retry-After ${RANDOM_FAULTS.retryAfterSeconds} s), a burst of ${BURST_429} × 429 at start, all tokens revoked after ${REVOKE_AFTER_MS / 1000} s`,
			`  retry settings:  maxRetries ${RELIABILITY.maxRetries}, maxRetryDelay ${RELIABILITY.maxRetryDelay} s`,
			`  issued:          ${issued}/${LOAD}   duplicates: ${duplicates}   lost: ${lost}`,
			`  token requests:  ${sim.tokenRequestCount()} during the run (+1 before it); ${rejectedAfterRevocation} requests hit the revoked token`,
			`  resends:         ${retries} (after faults and 401s)   faults injected: ${injected.serverError} × 5xx, ${injected.rateLimit} × 429, ${injected.reset} × reset`,
			`  requests:        ${sim.requests.length} (${sim.requestsTo('POST', '/v1/invoices/create').length} create, ${sim.requestsTo('GET', '/v1/invoices/create/check/*').length} status checks)`,
			`  wall time:       ${(wallMs / 1000).toFixed(1)} s`,
		);
	}, 240_000);

	test(`${LOST_BLOCK} creates whose answers are all lost: exactly one invoice each`, async () => {
		const store = credentialsFor(sim);
		sim.clearFaults();
		sim.clearRequests();
		sim.resetStats();
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'resetAfterProcessing', times: LOST_BLOCK });
		const started = Date.now();
		const result = await runNode({
			store,
			items: Array.from({ length: LOST_BLOCK }, (_, index) => ({ n: index })),
			parameters: companyCreateParams(sim, {
				referenceCode: '={{ "LOST-" + $json.n }}',
				...POLL,
				reliability: RELIABILITY,
			}),
		});
		const wallMs = Date.now() - started;

		expect(result.error?.message).toBeUndefined();
		expect(sim.stats.faultsInjected.resetAfterProcessing).toBe(LOST_BLOCK);
		expect(result.items).toHaveLength(LOST_BLOCK);
		result.items.forEach((item, index) => {
			expect(item.json).toMatchObject({ reference_code: `LOST-${index}`, already_existed: true, status: 'Success' });
			expect(item.json.invoice).toMatchObject({ reference_code: `LOST-${index}`, status: 'issued' });
		});
		const posts = sim.requestsTo('POST', '/v1/invoices/create');
		expect(posts).toHaveLength(2 * LOST_BLOCK);
		const lostInvoices = [...sim.invoices.values()].filter((invoice) => invoice.reference_code.startsWith('LOST-'));
		expect(lostInvoices).toHaveLength(LOST_BLOCK);
		const jobCounts = createJobsByReference();
		const duplicates = [...jobCounts.entries()].filter(([code, count]) => code.startsWith('LOST-') && count > 1).length;
		expect(duplicates).toBe(0);
		expect(sim.stats.createJobsAccepted).toBe(LOST_BLOCK);
		expect(sim.stats.duplicateRejections).toBe(LOST_BLOCK);

		figures.push(
			`Lost-response block: ${LOST_BLOCK} creates, all ${LOST_BLOCK} answers lost (resetAfterProcessing) → ${posts.length} POSTs, ` +
				`${sim.stats.duplicateRejections} × 409 resolved via GET /v1/invoices/{ref}, ${lostInvoices.length} invoices (one each), duplicates ${duplicates}, wall time ${(wallMs / 1000).toFixed(1)} s`,
		);
	}, 240_000);
});
