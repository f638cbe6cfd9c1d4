/* eslint-disable */
// Retries: what is repeated (idempotent GETs, refused or lost POSTs), how often, how long apart,
// and that a repeated create/issue never makes a second invoice.
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';

import { runNode } from '../../harness/runNode';
import { SePaySimulator } from '../../simulator/index.ts';
import { companyCreateParams, credentialsFor } from '../../support';
import { captureN8nLogs, referenceCodesOf } from './helpers';

let sim: SePaySimulator;
let logs: ReturnType<typeof captureN8nLogs>;

beforeAll(async () => {
	// n8n's logger prints every node error; keep the output readable.
	logs = captureN8nLogs();
	sim = await SePaySimulator.start({ seed: 11, processing: { checks: 1, ms: 0 }, providerAccountCount: 5, quota: 10_000 });
	// Fixture: one issued invoice the read operations can fetch.
	const seeded = await runNode({
		store: credentialsFor(sim),
		parameters: companyCreateParams(sim, { referenceCode: 'RT-ISSUED-1' }),
	});
	expect(seeded.error).toBeUndefined();
	expect(sim.invoices.get('RT-ISSUED-1')?.status).toBe('issued');
});
/** Measured waits between attempts, printed at the end (figures, not assertions beyond the bounds). */
const measured: string[] = [];
afterAll(async () => {
	logs?.restore();
	await sim.close();
	if (measured.length) console.log(`Retry waits measured at the simulator: ${measured.join('; ')}`);
});
beforeEach(() => {
	sim.clearFaults();
	sim.setProcessing({ checks: 1, ms: 0, lookupsCountAsChecks: true });
	sim.clearRequests();
});

const get = (referenceCode: string, reliability: INodeParameters = {}): INodeParameters => ({
	resource: 'invoice',
	operation: 'get',
	referenceCode,
	reliability,
});
const gapsMs = (times: number[]) => times.slice(1).map((at, index) => at - times[index]!);

describe('idempotent GETs', () => {
	test.each([500, 502, 503, 504])('HTTP %i is retried and the second attempt succeeds', async (status) => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/RT-ISSUED-1', kind: 'serverError', status });
		const result = await runNode({ store: credentialsFor(sim), parameters: get('RT-ISSUED-1') });
		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('GET', '/v1/invoices/RT-ISSUED-1')).toHaveLength(2);
		expect(sim.stats.faultsInjected.serverError).toBeGreaterThan(0);
		expect(result.items).toHaveLength(1);
		expect(result.items[0]!.json).toMatchObject({ reference_code: 'RT-ISSUED-1', status: 'issued' });
	});

	test('a dropped connection (reset) is retried', async () => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/RT-ISSUED-1', kind: 'reset', times: 2 });
		const result = await runNode({ store: credentialsFor(sim), parameters: get('RT-ISSUED-1') });
		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('GET', '/v1/invoices/RT-ISSUED-1')).toHaveLength(3);
		expect(result.items[0]!.json.reference_code).toBe('RT-ISSUED-1');
	});

	test('429 waits for Retry-After before retrying', async () => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/RT-ISSUED-1', kind: 'rateLimit', retryAfterSeconds: 2 });
		const result = await runNode({ store: credentialsFor(sim), parameters: get('RT-ISSUED-1') });
		expect(result.error).toBeUndefined();
		const attempts = sim.requestsTo('GET', '/v1/invoices/RT-ISSUED-1');
		expect(attempts).toHaveLength(2);
		const [gap] = gapsMs(attempts.map((request) => request.at));
		measured.push(`Retry-After 2 s → ${gap} ms`);
		// Retry-After 2 s is honoured (not the 0.5 s backoff), with generous bounds.
		expect(gap).toBeGreaterThanOrEqual(1900);
		expect(gap).toBeLessThan(6000);
	});

	test('Retry-After is capped by Max Retry Wait', async () => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/RT-ISSUED-1', kind: 'rateLimit', retryAfterSeconds: 120 });
		const result = await runNode({ store: credentialsFor(sim), parameters: get('RT-ISSUED-1', { maxRetryDelay: 1 }) });
		expect(result.error).toBeUndefined();
		const attempts = sim.requestsTo('GET', '/v1/invoices/RT-ISSUED-1');
		expect(attempts).toHaveLength(2);
		const [gap] = gapsMs(attempts.map((request) => request.at));
		measured.push(`Retry-After 120 s capped by maxRetryDelay 1 s → ${gap} ms`);
		expect(gap).toBeGreaterThanOrEqual(900);
		expect(gap).toBeLessThan(5000);
	});

	test('exhausted retries on 5xx: a clear error with SePay code and hint', async () => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/RT-ISSUED-1', kind: 'serverError', status: 503, times: 10 });
		const result = await runNode({ store: credentialsFor(sim), parameters: get('RT-ISSUED-1', { maxRetries: 2, maxRetryDelay: 1 }) });
		expect(sim.requestsTo('GET', '/v1/invoices/RT-ISSUED-1')).toHaveLength(3);
		expect(result.items).toEqual([]);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('SePay error INTERNAL_SERVER_ERROR: Lỗi hệ thống, vui lòng thử lại sau.');
		expect(result.error?.description).toMatch(/Try again later/);
		expect(result.error?.httpCode).toBe('503');
		expect(result.error?.context?.itemIndex).toBe(0);
	});

	test('429s do not use up Max Retries: Retry-After is waited out and the request succeeds', async () => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/RT-ISSUED-1', kind: 'rateLimit', retryAfterSeconds: 0, times: 3 });
		const result = await runNode({ store: credentialsFor(sim), parameters: get('RT-ISSUED-1', { maxRetries: 1, maxRetryDelay: 1 }) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.reference_code)).toEqual(['RT-ISSUED-1']);
		expect(sim.requestsTo('GET', '/v1/invoices/RT-ISSUED-1').map((request) => request.answer)).toEqual([429, 429, 429, 200]);
	});

	test('throttled past 10 × Max Retry Wait: RATE_LIMITED with a hint, and no more requests', async () => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/RT-ISSUED-1', kind: 'rateLimit', retryAfterSeconds: 1, times: 30 });
		const result = await runNode({ store: credentialsFor(sim), parameters: get('RT-ISSUED-1', { maxRetries: 0, maxRetryDelay: 1 }) });
		// Ten 1-second waits fill the 10 s budget; the eleventh 429 is the answer.
		expect(sim.requestsTo('GET', '/v1/invoices/RT-ISSUED-1')).toHaveLength(11);
		expect(result.error?.message).toContain('RATE_LIMITED');
		expect(result.error?.description).toMatch(/Max Requests in Flight/);
		expect(result.error?.httpCode).toBe('429');
		sim.clearFaults();
	});

	test('exhausted retries on resets: a connection error with the hint', async () => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/RT-ISSUED-1', kind: 'reset', times: 10 });
		const result = await runNode({ store: credentialsFor(sim), parameters: get('RT-ISSUED-1', { maxRetries: 1 }) });
		expect(sim.requestsTo('GET', '/v1/invoices/RT-ISSUED-1')).toHaveLength(2);
		// n8n's NodeApiError replaces the node's "Could not reach SePay (ECONNRESET)" (kept in
		// `messages`) with its standard wording for ECONNRESET; the node's hint stays.
		expect(result.error?.message).toMatch(/connection to the server was closed unexpectedly/);
		expect((result.error as unknown as { messages: string[] }).messages).toContain('Could not reach SePay (ECONNRESET)');
		expect(result.error?.description).toMatch(/Base URL/);
	});

	test('Retry on Temporary Errors off: exactly one attempt', async () => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/RT-ISSUED-1', kind: 'serverError', status: 503 });
		const result = await runNode({ store: credentialsFor(sim), parameters: get('RT-ISSUED-1', { retryOnTransientErrors: false }) });
		expect(sim.requestsTo('GET', '/v1/invoices/RT-ISSUED-1')).toHaveLength(1);
		expect(result.error?.httpCode).toBe('503');
	});

	test('Max Retries 1: exactly two attempts', async () => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/RT-ISSUED-1', kind: 'serverError', status: 500, times: 5 });
		const result = await runNode({ store: credentialsFor(sim), parameters: get('RT-ISSUED-1', { maxRetries: 1 }) });
		expect(sim.requestsTo('GET', '/v1/invoices/RT-ISSUED-1')).toHaveLength(2);
		expect(result.error?.httpCode).toBe('500');
	});

	test('400 / 404 are never retried', async () => {
		const notFound = await runNode({ store: credentialsFor(sim), parameters: get('RT-NOPE-1') });
		expect(sim.requestsTo('GET', '/v1/invoices/RT-NOPE-1')).toHaveLength(1);
		expect(notFound.error?.httpCode).toBe('404');

		const download = await runNode({
			store: credentialsFor(sim),
			parameters: { resource: 'invoice', operation: 'download', referenceCode: 'RT-ISSUED-1', fileFormat: 'pdf' },
		});
		expect(download.error).toBeUndefined();
		sim.clearRequests();
		// A draft has no file: SePay answers 400.
		const draft = await runNode({ store: credentialsFor(sim), parameters: companyCreateParams(sim, { referenceCode: 'RT-DRAFT-400', mode: 'draft', waitForResult: false }) });
		expect(draft.error).toBeUndefined();
		sim.settleJobs();
		sim.clearRequests();
		const bad = await runNode({
			store: credentialsFor(sim),
			parameters: { resource: 'invoice', operation: 'download', referenceCode: 'RT-DRAFT-400', fileFormat: 'pdf' },
		});
		expect(bad.error?.httpCode).toBe('400');
		expect(sim.requests.filter((request) => request.method !== 'POST' || request.path !== '/v1/token')).toHaveLength(1);
	});
});

describe('create: retried only when safe, exactly once', () => {
	test('429 on POST create is retried (refused before processing); one invoice, no lookup', async () => {
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'rateLimit', retryAfterSeconds: 1 });
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: companyCreateParams(sim, { referenceCode: 'RT-429-1', ifReferenceCodeExists: 'error', waitForResult: false }),
		});
		expect(result.error).toBeUndefined();
		const posts = sim.requestsTo('POST', '/v1/invoices/create');
		expect(posts).toHaveLength(2);
		expect(posts[1]!.body).toEqual(posts[0]!.body);
		expect(sim.requestsTo('GET', '/v1/invoices/RT-429-1')).toHaveLength(0);
		expect(result.items).toHaveLength(1);
		expect(result.items[0]!.json).toMatchObject({ reference_code: 'RT-429-1', is_draft: false });
		expect(result.items[0]!.json.tracking_code).toEqual(expect.any(String));
		expect(result.items[0]!.json.already_existed).toBeUndefined();
		sim.settleJobs();
		expect([...sim.invoices.keys()].filter((code) => code === 'RT-429-1')).toHaveLength(1);
	});

	test('400 on POST create is not retried', async () => {
		// Account #4 is inactive: SePay answers 400.
		const inactive = sim.providerAccounts[4]!;
		expect(inactive.active).toBe(false);
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: companyCreateParams(sim, {
				referenceCode: 'RT-400-1',
				providerAccount: { __rl: true, mode: 'id', value: inactive.id },
			}),
		});
		expect(sim.requestsTo('POST', '/v1/invoices/create')).toHaveLength(1);
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.message).toContain('BAD_REQUEST');
		expect(sim.invoices.has('RT-400-1')).toBe(false);
	});

	test('422 on POST create is not retried', async () => {
		// Account #2 has no tax-authority approval date.
		const account = sim.providerAccounts[2]!;
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: companyCreateParams(sim, { referenceCode: 'RT-422-1', providerAccount: { __rl: true, mode: 'id', value: account.id } }),
		});
		expect(sim.requestsTo('POST', '/v1/invoices/create')).toHaveLength(1);
		expect(result.error?.httpCode).toBe('422');
		expect(result.error?.message).toContain('REGISTRATION_NOT_TAX_APPROVED');
	});

	test.each([
		['Return Existing', 'returnExisting', 'RT-LOST-W-1'],
		['Error', 'error', 'RT-LOST-W-2'],
		['generated code', 'returnExisting', ''],
	])('lost response (wait, If Exists = %s): same reference_code resent, 409 resolved, one invoice', async (_label, ifExists, referenceCode) => {
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'resetAfterProcessing' });
		const before = sim.stats.createJobsAccepted;
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: companyCreateParams(sim, { referenceCode, ifReferenceCodeExists: ifExists }),
		});
		expect(result.error).toBeUndefined();
		const posts = sim.requestsTo('POST', '/v1/invoices/create');
		expect(posts).toHaveLength(2);
		expect(posts[1]!.body).toEqual(posts[0]!.body);
		const code = String((posts[0]!.body as { reference_code: string }).reference_code);
		if (referenceCode) expect(code).toBe(referenceCode);
		else expect(code).toMatch(/^N8N-.+-1$/);
		expect(sim.stats.createJobsAccepted - before).toBe(1);
		expect(sim.requestsTo('GET', `/v1/invoices/${code}`).length).toBeGreaterThanOrEqual(1);
		expect([...sim.invoices.values()].filter((invoice) => invoice.reference_code === code)).toHaveLength(1);
		expect(result.items).toHaveLength(1);
		expect(result.items[0]!.json).toMatchObject({ reference_code: code, already_existed: true, status: 'Success' });
		expect(result.items[0]!.json.invoice).toMatchObject({ reference_code: code, status: 'issued' });
	});

	test('lost response (no wait), job already finished when resent: 409 resolved to the invoice', async () => {
		sim.setProcessing({ checks: 0, ms: 0 });
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'resetAfterProcessing' });
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: companyCreateParams(sim, { referenceCode: 'RT-LOST-NW-1', waitForResult: false }),
		});
		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('POST', '/v1/invoices/create')).toHaveLength(2);
		expect(referenceCodesOf(sim.requestsTo('POST', '/v1/invoices/create'))).toEqual(['RT-LOST-NW-1', 'RT-LOST-NW-1']);
		expect(result.items[0]!.json).toMatchObject({ reference_code: 'RT-LOST-NW-1', already_existed: true, status: 'Success' });
		expect(result.items[0]!.json.invoice).toMatchObject({ reference_code: 'RT-LOST-NW-1' });
		expect(sim.invoices.get('RT-LOST-NW-1')?.status).toBe('issued');
	});

	test('lost response (no wait), job still running when resent: a Pending item, not an error', async () => {
		const before = sim.stats.createJobsAccepted;
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'resetAfterProcessing' });
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: companyCreateParams(sim, { referenceCode: 'RT-LOST-NW-2', waitForResult: false }),
		});
		expect(result.error).toBeUndefined();
		expect(referenceCodesOf(sim.requestsTo('POST', '/v1/invoices/create'))).toEqual(['RT-LOST-NW-2', 'RT-LOST-NW-2']);
		expect(sim.requestsTo('GET', '/v1/invoices/RT-LOST-NW-2')).toHaveLength(1);
		expect(result.items).toHaveLength(1);
		expect(result.items[0]!.json).toMatchObject({
			reference_code: 'RT-LOST-NW-2',
			tracking_code: null,
			already_existed: true,
			status: 'Pending',
		});
		sim.settleJobs();
		expect([...sim.invoices.values()].filter((invoice) => invoice.reference_code === 'RT-LOST-NW-2')).toHaveLength(1);
		expect(sim.stats.createJobsAccepted - before).toBe(1);
	});
});

describe('issue: a lost answer never issues twice', () => {
	async function draft(referenceCode: string) {
		const result = await runNode({ store: credentialsFor(sim), parameters: companyCreateParams(sim, { referenceCode, mode: 'draft', waitForResult: false }) });
		expect(result.error).toBeUndefined();
		sim.settleJobs();
		expect(sim.invoices.get(referenceCode)?.status).toBe('draft');
		sim.clearRequests();
	}

	test('lost response, issue job finished when resent: success with the issued invoice', async () => {
		await draft('RT-ISSUE-LOST-1');
		sim.setProcessing({ checks: 0, ms: 0 });
		sim.queueFault({ method: 'POST', path: '/v1/invoices/issue', kind: 'resetAfterProcessing' });
		const before = sim.stats.issueJobsAccepted;
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: { resource: 'invoice', operation: 'issue', referenceCode: 'RT-ISSUE-LOST-1', pollInterval: 0.5 },
		});
		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('POST', '/v1/invoices/issue')).toHaveLength(2);
		expect(sim.stats.issueJobsAccepted - before).toBe(1);
		expect(sim.invoices.get('RT-ISSUE-LOST-1')?.status).toBe('issued');
		expect(result.items[0]!.json).toMatchObject({ reference_code: 'RT-ISSUE-LOST-1', status: 'Success', already_issued: true });
		expect(result.items[0]!.json.invoice).toMatchObject({ status: 'issued' });
	});

	// A lost issue answer while the job still runs: the resend gets 409 (already issuing) and the
	// node waits for the invoice instead of issuing again.
	test('lost response, issue job still running when resent: success, one issue', async () => {
		await draft('RT-ISSUE-LOST-2');
		sim.queueFault({ method: 'POST', path: '/v1/invoices/issue', kind: 'resetAfterProcessing' });
		const before = sim.stats.issueJobsAccepted;
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: { resource: 'invoice', operation: 'issue', referenceCode: 'RT-ISSUE-LOST-2', pollInterval: 0.5 },
		});
		expect(sim.stats.issueJobsAccepted - before).toBe(1);
		expect(result.error?.message).toBeUndefined();
		expect(result.items[0]!.json).toMatchObject({ reference_code: 'RT-ISSUE-LOST-2', status: 'Success' });
		expect(sim.invoices.get('RT-ISSUE-LOST-2')?.status).toBe('issued');
	});

	test('429 on POST issue is retried; one issue', async () => {
		await draft('RT-ISSUE-429');
		sim.queueFault({ method: 'POST', path: '/v1/invoices/issue', kind: 'rateLimit', retryAfterSeconds: 1 });
		const before = sim.stats.issueJobsAccepted;
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: { resource: 'invoice', operation: 'issue', referenceCode: 'RT-ISSUE-429', pollInterval: 0.5 },
		});
		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('POST', '/v1/invoices/issue')).toHaveLength(2);
		expect(sim.stats.issueJobsAccepted - before).toBe(1);
		expect(result.items[0]!.json).toMatchObject({ reference_code: 'RT-ISSUE-429', status: 'Success' });
	});
});

describe('polling rides out transient faults', () => {
	test('create + wait: 5xx and a reset on the status check are retried', async () => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/create/check/*', kind: 'serverError', status: 502 });
		sim.queueFault({ method: 'GET', path: '/v1/invoices/create/check/*', kind: 'reset' });
		const result = await runNode({ store: credentialsFor(sim), parameters: companyCreateParams(sim, { referenceCode: 'RT-POLL-1', reliability: { maxRetryDelay: 1 } }) });
		expect(result.error).toBeUndefined();
		// 2 faulted attempts, then Pending, then Success.
		expect(sim.requestsTo('GET', '/v1/invoices/create/check/*')).toHaveLength(4);
		expect(sim.requestsTo('POST', '/v1/invoices/create')).toHaveLength(1);
		expect(result.items[0]!.json).toMatchObject({ reference_code: 'RT-POLL-1', status: 'Success', checks: 2 });
		expect(result.items[0]!.json.invoice).toMatchObject({ reference_code: 'RT-POLL-1' });
	});

	test('Get Creation Status + Wait Until Done: 503 and 429 on later checks are retried', async () => {
		const created = await runNode({
			store: credentialsFor(sim),
			parameters: companyCreateParams(sim, { referenceCode: 'RT-POLL-2', waitForResult: false }),
		});
		const trackingCode = String(created.items[0]!.json.tracking_code);
		sim.setProcessing({ checks: 2 });
		sim.clearRequests();
		sim.queueFault({ method: 'GET', path: `/v1/invoices/create/check/${trackingCode}`, kind: 'serverError', status: 503 });
		sim.queueFault({ method: 'GET', path: `/v1/invoices/create/check/${trackingCode}`, kind: 'rateLimit', retryAfterSeconds: 1 });
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: { resource: 'invoice', operation: 'getCreationStatus', trackingCode, waitUntilDone: true, pollInterval: 0.5 },
		});
		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('GET', `/v1/invoices/create/check/${trackingCode}`)).toHaveLength(5);
		expect(result.items[0]!.json).toMatchObject({ reference_code: 'RT-POLL-2', status: 'Success', tracking_code: trackingCode });
	});
});
