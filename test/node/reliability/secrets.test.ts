/* eslint-disable */
// Secret scan: across successes, auth failures, refreshes, exhausted retries, Continue On Fail items,
// polling failures and downloads, neither the client secret (plain or in its Basic header) nor any
// access token the simulator issued appears in node output, errors (with their cause chain), the
// stored execution data, or what n8n logs.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import type { RunOptions, RunResult } from '../../harness/runNode';
import { runNode } from '../../harness/runNode';
import type { CredentialStore } from '../../harness/credentialStore';
import { SePaySimulator } from '../../simulator/index.ts';
import { companyCreateParams, credentialsFor, deepErrorJson } from '../../support';
import { bearerTokens, captureN8nLogs } from './helpers';

const CLIENT_ID = `sec-client-${randomBytes(4).toString('hex')}`;
const SECRET = `S3cr3t-${randomBytes(16).toString('hex')}`;
const WRONG_SECRET = `Wr0ng-${randomBytes(16).toString('hex')}`;
const basicOf = (secret: string) => Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64');

let sim: SePaySimulator;
let logs: ReturnType<typeof captureN8nLogs>;
const stores: CredentialStore[] = [];
/** Every text that leaves the node: labelled for the failure message. */
const documents: Array<{ label: string; text: string }> = [];

const store = (secret = SECRET) => {
	const created = credentialsFor(sim, { clientSecret: secret, clientId: CLIENT_ID });
	stores.push(created);
	return created;
};

async function run(label: string, options: Omit<RunOptions, 'store'> & { store?: CredentialStore }): Promise<RunResult> {
	const result = await runNode({ store: options.store ?? store(), ...options });
	result.items.forEach((item, index) => {
		documents.push({ label: `${label} item ${index} json`, text: JSON.stringify(item.json) });
		if (item.error) documents.push({ label: `${label} item ${index} error`, text: deepErrorJson(item.error) });
		for (const [name, binary] of Object.entries(item.binary ?? {})) {
			documents.push({ label: `${label} item ${index} binary ${name}`, text: deepErrorJson(binary) });
			documents.push({ label: `${label} item ${index} binary ${name} decoded`, text: Buffer.from(binary.data, 'base64').toString('latin1') });
		}
	});
	if (result.error) {
		documents.push({ label: `${label} error message`, text: `${result.error.message}\n${result.error.description ?? ''}` });
		documents.push({ label: `${label} error`, text: deepErrorJson(result.error) });
	}
	documents.push({ label: `${label} execution data`, text: deepErrorJson(result.run) });
	return result;
}

beforeAll(async () => {
	logs = captureN8nLogs();
	sim = await SePaySimulator.start({
		seed: 99,
		clients: [{ clientId: CLIENT_ID, clientSecret: SECRET }],
		processing: { checks: 1, ms: 0 },
	});
});
afterAll(async () => {
	logs?.restore();
	await sim?.close();
});

describe('runs that could leak', () => {
	test('create + wait (2 items), get, download PDF and XML, lists, quota', async () => {
		const created = await run('create', {
			items: [{ ref: 'SEC-1' }, { ref: 'SEC-2' }],
			parameters: companyCreateParams(sim, { referenceCode: '={{ $json.ref }}' }),
		});
		expect(created.error).toBeUndefined();
		expect(created.items.map((item) => item.json.status)).toEqual(['Success', 'Success']);
		expect((await run('get', { parameters: { resource: 'invoice', operation: 'get', referenceCode: 'SEC-1' } })).items).toHaveLength(1);
		for (const fileFormat of ['pdf', 'xml']) {
			const file = await run(`download ${fileFormat}`, {
				parameters: { resource: 'invoice', operation: 'download', referenceCode: 'SEC-1', fileFormat },
			});
			expect(file.items[0]!.binary?.data?.data.length).toBeGreaterThan(100);
		}
		expect((await run('getAll', { parameters: { resource: 'invoice', operation: 'getAll', returnAll: true } })).items.length).toBeGreaterThanOrEqual(2);
		expect((await run('accounts', { parameters: { resource: 'providerAccount', operation: 'getAll', returnAll: true } })).items.length).toBeGreaterThan(0);
		expect((await run('quota', { parameters: { resource: 'usage', operation: 'getQuota' } })).items[0]!.json.quota_remaining).toEqual(expect.any(Number));
	});

	test('wrong secret: stop and Continue On Fail', async () => {
		const stopped = await run('wrong secret', {
			store: store(WRONG_SECRET),
			parameters: { resource: 'invoice', operation: 'get', referenceCode: 'SEC-1' },
		});
		expect(stopped.error?.message).toMatch(/rejected the Client ID \/ Client Secret/);
		const continued = await run('wrong secret cof', {
			store: store(WRONG_SECRET),
			continueOnFail: true,
			items: [{}, {}],
			parameters: companyCreateParams(sim, { referenceCode: '={{ "SEC-WRONG-" + $itemIndex }}' }),
		});
		expect(continued.items).toHaveLength(2);
		expect(continued.items.every((item) => item.json.error)).toBe(true);
		const basics = sim.requestsTo('POST', '/v1/token').map((request) => request.headers.authorization);
		expect(basics).toContain(`Basic ${basicOf(WRONG_SECRET)}`);
	});

	test('401 after revocation and expiry: refreshed, then succeeds', async () => {
		const before = sim.tokenRequestCount();
		sim.revokeAllTokens();
		const revoked = await run('after revoke', { parameters: { resource: 'invoice', operation: 'get', referenceCode: 'SEC-2' } });
		expect(revoked.error).toBeUndefined();
		sim.expireAllTokens();
		const expired = await run('after expiry', {
			items: [{}, {}, {}],
			parameters: { resource: 'invoice', operation: 'download', referenceCode: 'SEC-2' },
		});
		expect(expired.error).toBeUndefined();
		expect(sim.tokenRequestCount() - before).toBe(2);
	});

	test('exhausted retries: 5xx, resets, 429 on GET and on POST create', async () => {
		sim.queueFault({ method: 'GET', path: '/v1/invoices/SEC-1', kind: 'serverError', status: 502, times: 2 });
		const server = await run('5xx exhausted', { parameters: { resource: 'invoice', operation: 'get', referenceCode: 'SEC-1', reliability: { maxRetries: 1 } } });
		expect(server.error?.httpCode).toBe('502');
		sim.queueFault({ method: 'GET', path: '/v1/invoices/SEC-1', kind: 'reset', times: 2 });
		const reset = await run('reset exhausted', { parameters: { resource: 'invoice', operation: 'get', referenceCode: 'SEC-1', reliability: { maxRetries: 1 } } });
		expect(reset.error).toBeDefined();
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'rateLimit', retryAfterSeconds: 1, times: 2 });
		const limited = await run('429 create exhausted', {
			parameters: companyCreateParams(sim, { referenceCode: 'SEC-429', reliability: { retryOnTransientErrors: false } }),
		});
		expect(limited.error?.httpCode).toBe('429');
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'reset', times: 2 });
		const lost = await run('reset create exhausted', {
			parameters: companyCreateParams(sim, { referenceCode: 'SEC-RESET', reliability: { maxRetries: 1 } }),
		});
		expect(lost.error?.description).toMatch(/SEC-RESET/);
	});

	test('token endpoint failing during a refresh: 5xx, 429, reset', async () => {
		// 5xx until the token fetch gives up; a 429 and a reset that the fetch rides out.
		for (const [kind, times] of [['serverError', 3], ['rateLimit', 1], ['reset', 1]] as const) {
			sim.revokeAllTokens();
			sim.queueFault({ method: 'POST', path: '/v1/token', kind, retryAfterSeconds: 1, times });
			const result = await run(`token ${kind}`, { parameters: { resource: 'invoice', operation: 'get', referenceCode: 'SEC-1' } });
			if (times === 3) expect(result.error?.message).toMatch(/could not issue an access token/);
			else expect(result.error).toBeUndefined();
			sim.clearFaults();
		}
	});

	test('Continue On Fail error items: not found, bad input, SePay 4xx', async () => {
		const result = await run('cof mixed', {
			continueOnFail: true,
			items: [{ code: 'SEC-1' }, { code: 'SEC-NOPE' }, { code: 'bad code' }],
			parameters: { resource: 'invoice', operation: 'get', referenceCode: '={{ $json.code }}' },
		});
		expect(result.items.map((item) => Boolean(item.json.error))).toEqual([false, true, true]);
		const inactive = await run('cof 4xx', {
			continueOnFail: true,
			parameters: companyCreateParams(sim, { referenceCode: 'SEC-422', providerAccount: { __rl: true, mode: 'id', value: sim.providerAccounts[2]!.id } }),
		});
		expect(String(inactive.items[0]!.json.error)).toMatch(/REGISTRATION_NOT_TAX_APPROVED/);
	});

	test('polling failures: job Failed, still Pending, Continue On Fail', async () => {
		sim.queueJobFailure({ kind: 'create', message: 'Lỗi từ nhà cung cấp (mô phỏng)' });
		const failed = await run('job failed', { parameters: companyCreateParams(sim, { referenceCode: 'SEC-FAIL-1' }) });
		expect(failed.error?.message).toMatch(/could not create the invoice/);
		sim.queueJobFailure({ kind: 'create' });
		const failedCof = await run('job failed cof', { continueOnFail: true, parameters: companyCreateParams(sim, { referenceCode: 'SEC-FAIL-2' }) });
		expect(failedCof.items[0]!.json.status).toBe('Failed');
		sim.setProcessing({ checks: 5 });
		const pending = await run('still pending', { parameters: companyCreateParams(sim, { referenceCode: 'SEC-PENDING', maxPollAttempts: 1 }) });
		expect(pending.error?.message).toMatch(/still processing/);
		sim.setProcessing({ checks: 1 });
		sim.queueFault({ method: 'GET', path: '/v1/invoices/create/check/*', kind: 'serverError', times: 5 });
		const pollErrors = await run('poll 5xx', { parameters: companyCreateParams(sim, { referenceCode: 'SEC-POLL-5XX', reliability: { maxRetries: 1 } }) });
		expect(pollErrors.error?.httpCode).toBe('500');
	});

	test('lost create answer, draft, issue, delete, status checks', async () => {
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'resetAfterProcessing' });
		sim.setProcessing({ checks: 0 });
		const lost = await run('lost create', { parameters: companyCreateParams(sim, { referenceCode: 'SEC-LOST', mode: 'draft', waitForResult: false }) });
		expect(lost.items[0]!.json.already_existed).toBe(true);
		const issued = await run('issue', { parameters: { resource: 'invoice', operation: 'issue', referenceCode: 'SEC-LOST', pollInterval: 0.5 } });
		expect(issued.items[0]!.json.status).toBe('Success');
		const again = await run('issue again', { parameters: { resource: 'invoice', operation: 'issue', referenceCode: 'SEC-LOST', pollInterval: 0.5 } });
		expect(again.items[0]!.json.already_issued).toBe(true);
		await run('draft', { parameters: companyCreateParams(sim, { referenceCode: 'SEC-DRAFT', mode: 'draft', waitForResult: false }) });
		sim.settleJobs();
		expect((await run('delete', { parameters: { resource: 'invoice', operation: 'deleteDraft', referenceCode: 'SEC-DRAFT' } })).error).toBeUndefined();
		const status = await run('status unknown', { parameters: { resource: 'invoice', operation: 'getCreationStatus', trackingCode: 'nope-0000' } });
		expect(status.error?.httpCode).toBe('404');
		const issueStatus = await run('issue status', {
			parameters: { resource: 'invoice', operation: 'getIssueStatus', trackingCode: String(issued.items[0]!.json.tracking_code), waitUntilDone: true, pollInterval: 0.5 },
		});
		expect(issueStatus.items[0]!.json.status).toBe('Success');
		sim.setProcessing({ checks: 1 });
	});
});

describe('scan', () => {
	const needlesOf = async () => {
		const tokens = new Set(bearerTokens(sim.requests));
		for (const entry of stores) {
			const token = (await entry.storedData('sePayEInvoiceApi'))?.accessToken;
			if (typeof token === 'string' && token !== '') tokens.add(token);
		}
		return {
			tokens: [...tokens],
			needles: [
				{ what: 'client secret', value: SECRET },
				{ what: 'wrong client secret', value: WRONG_SECRET },
				{ what: 'Basic value', value: basicOf(SECRET) },
				{ what: 'Basic value (wrong secret)', value: basicOf(WRONG_SECRET) },
				{ what: 'base64 secret', value: Buffer.from(SECRET).toString('base64') },
				...[...tokens].map((value, index) => ({ what: `access token #${index + 1}`, value })),
			],
		};
	};
	const findings = (needles: Array<{ what: string; value: string }>, texts: Array<{ label: string; text: string }>) =>
		texts.flatMap(({ label, text }) => needles.filter(({ value }) => text.includes(value)).map(({ what }) => `${what} in ${label}`));

	test('the needles are real: the simulator saw the Basic header and several Bearer tokens', async () => {
		const { tokens } = await needlesOf();
		expect(sim.requestsTo('POST', '/v1/token').map((request) => request.headers.authorization)).toContain(`Basic ${basicOf(SECRET)}`);
		// Initial token, after revocation, after expiry, after three failed-then-… refreshes.
		expect(tokens.length).toBeGreaterThanOrEqual(3);
		expect(tokens.every((token) => token.length >= 16)).toBe(true);
	});

	test('the scanner finds a planted secret and token (positive control)', async () => {
		const { needles, tokens } = await needlesOf();
		const planted = [
			{ label: 'planted secret', text: `x${SECRET}x` },
			{ label: 'planted token', text: JSON.stringify({ headers: { authorization: `Bearer ${tokens[0]}` } }) },
			{ label: 'planted basic', text: `Basic ${basicOf(SECRET)}` },
		];
		expect(findings(needles, planted)).toHaveLength(3);
	});

	test('no secret, Basic value or token in any output, error, execution data or log', async () => {
		const { needles } = await needlesOf();
		const logDocuments = logs.entries.map((entry, index) => ({ label: `log ${index} (${entry.source} ${entry.level})`, text: `${entry.message}\n${entry.meta}` }));
		const all = [...documents, ...logDocuments];
		expect(documents.length).toBeGreaterThan(80);
		expect(logs.entries.some((entry) => entry.source === 'n8n-logger' && entry.level === 'error')).toBe(true);
		expect(findings(needles, all)).toEqual([]);
		console.log(
			`Secret scan: ${all.length} outputs/errors scanned (${documents.length} from ${documents.filter((doc) => doc.label.endsWith('execution data')).length} runs, ${logDocuments.length} log entries), ` +
				`0 secrets or tokens found (${needles.length} needles incl. ${needles.length - 5} issued tokens)`,
		);
	});
});
