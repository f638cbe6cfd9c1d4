/* eslint-disable */
// Error mapping: credential errors (no secret leaks), Continue On Fail, SePay errors → n8n errors.
import { describe, expect, test } from 'vitest';

import { runNode } from '../../harness/runNode';
import type { RunResult } from '../../harness/runNode';
import { CLIENT_ID, CLIENT_SECRET, credentialsFor, freshSim, providerAccountGet, quota, serialized } from '../../support';
import { basicOf, requestLines, storedToken, tokenRequests } from './helpers';

const WRONG_SECRET = 'Wr0ng-S3cret-Value';

function expectNoSecrets(result: RunResult, ...secrets: string[]): void {
	const text = serialized(result);
	for (const secret of [WRONG_SECRET, CLIENT_SECRET, basicOf(CLIENT_ID, WRONG_SECRET), basicOf(CLIENT_ID, CLIENT_SECRET), ...secrets]) {
		expect(text).not.toContain(secret);
	}
	expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
	expect(text).not.toMatch(/Bearer [A-Za-z0-9._-]{8,}/);
}

describe('credential errors', () => {
	test('wrong secret → clear message (Client ID / Secret, Environment), httpCode 401, no secret anywhere', async () => {
		const sim = await freshSim();
		const result = await runNode({ store: credentialsFor(sim, { clientSecret: WRONG_SECRET }), parameters: quota });
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			'SePay rejected the Client ID / Client Secret (UNAUTHORIZED: Sai thông tin client_id hoặc client_secret.) — check both values and the Environment',
		);
		expect(result.error?.description).toMatch(/SePay eInvoice API credential/);
		expect(result.error?.description).toMatch(/Environment/);
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.context?.itemIndex).toBe(0);
		// one token attempt (a 401 is not retried), and nothing else was sent
		expect(requestLines(sim.requests)).toEqual(['POST /v1/token']);
		expect(sim.requests[0]!.headers.authorization).toBe(`Basic ${basicOf(CLIENT_ID, WRONG_SECRET)}`);
		expectNoSecrets(result);
		expect(JSON.stringify(result.error)).not.toContain(WRONG_SECRET);
	});

	test('wrong secret with Continue On Fail, 3 items → 3 error items, one token request, no secret anywhere', async () => {
		const sim = await freshSim();
		const result = await runNode({
			store: credentialsFor(sim, { clientSecret: WRONG_SECRET }),
			continueOnFail: true,
			items: [{}, {}, {}],
			parameters: quota,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual(
			[0, 1, 2].map(() => ({
				error: 'SePay rejected the Client ID / Client Secret (UNAUTHORIZED: Sai thông tin client_id hoặc client_secret.) — check both values and the Environment',
				hint: 'Check both values in the SePay eInvoice API credential, and that Environment matches where they were issued: Sandbox and Production credentials are separate.',
				http_status: 401,
			})),
		);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items.map((i) => i.error)).toEqual([undefined, undefined, undefined]);
		expect(tokenRequests(sim)).toHaveLength(1);
		expect(sim.requestsTo('GET', '/v1/usage')).toHaveLength(0);
		expectNoSecrets(result);
	});

	test('wrong client id → same clear 401 error', async () => {
		const sim = await freshSim();
		const result = await runNode({ store: credentialsFor(sim, { clientId: 'someone-else' }), parameters: quota });
		expect(result.error?.message).toMatch(/^SePay rejected the Client ID \/ Client Secret/);
		expect(result.error?.httpCode).toBe('401');
		expect(serialized(result)).not.toContain(basicOf('someone-else', CLIENT_SECRET));
		expect(serialized(result)).not.toContain(CLIENT_SECRET);
	});

	const missing: Array<[string, Record<string, string>, RegExp]> = [
		['missing client id', { clientId: '' }, /^SePay Client ID and Client Secret are required$/],
		['blank client id', { clientId: '   ' }, /^SePay Client ID and Client Secret are required$/],
		['missing client secret', { clientSecret: '' }, /^SePay Client ID and Client Secret are required$/],
		['custom base URL without scheme', { baseUrl: 'einvoice-api.sepay.vn' }, /^The SePay Base URL is not a valid http\(s\) URL$/],
		['custom base URL empty', { baseUrl: '' }, /^The SePay Base URL is not a valid http\(s\) URL$/],
	];
	for (const [name, overrides, message] of missing) {
		test(`${name} → clear error, zero requests`, async () => {
			const sim = await freshSim();
			const result = await runNode({ store: credentialsFor(sim, overrides), parameters: quota });
			expect(result.items).toEqual([]);
			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toMatch(/credential|Environment|Base URL/);
			expect(result.error?.context?.itemIndex).toBe(0);
			expect(sim.requests).toHaveLength(0);
			expectNoSecrets(result);
		});
	}

	test('unreachable base URL → connection-refused error, no secret', async () => {
		const sim = await freshSim();
		const deadUrl = sim.url;
		await sim.close();
		const result = await runNode({ store: credentialsFor(sim), parameters: quota });
		// NodeApiError swaps a message holding ECONNREFUSED for n8n's own text and keeps ours in `messages`
		expect(result.error?.message).toBe('The service refused the connection - perhaps it is offline');
		expect((result.error as { messages?: string[] }).messages).toContain(`Could not reach SePay at ${deadUrl} (ECONNREFUSED)`);
		expect(result.error?.description).toMatch(/Environment \/ Base URL/);
		expectNoSecrets(result);
	});

	test('token endpoint answers 500 once → retried, then the request succeeds', async () => {
		const sim = await freshSim();
		sim.queueFault({ method: 'POST', path: '/v1/token', kind: 'serverError', status: 500, times: 1 });
		const store = credentialsFor(sim);
		const result = await runNode({ store, parameters: quota });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([{ quota_remaining: 1000 }]);
		expect(requestLines(sim.requests)).toEqual(['POST /v1/token', 'POST /v1/token', 'GET /v1/usage']);
		expect(sim.requests[2]!.headers.authorization).toBe(`Bearer ${await storedToken(store)}`);
	});
});

describe('SePay API errors → n8n errors', () => {
	test('404 NOT_FOUND → "SePay error NOT_FOUND: …" + hint, httpCode 404, not retried, no token in the error', async () => {
		const sim = await freshSim();
		const store = credentialsFor(sim);
		const result = await runNode({ store, parameters: providerAccountGet('missing-id') });
		expect(result.error?.message).toBe('SePay error NOT_FOUND: Không tìm thấy tài khoản nhà cung cấp.');
		expect(result.error?.description).toBe(
			'Nothing matches that ID or code in this SePay environment. Check the value and the Environment.',
		);
		expect(result.error?.httpCode).toBe('404');
		expect(sim.requestsTo('GET', '/v1/provider-accounts/missing-id')).toHaveLength(1);
		expectNoSecrets(result, await storedToken(store));
	});

	const faults: Array<[string, 'serverError' | 'rateLimit', number, RegExp, RegExp]> = [
		['500', 'serverError', 500, /^SePay error INTERNAL_SERVER_ERROR: /, /Try again later/],
		['503', 'serverError', 503, /^SePay error INTERNAL_SERVER_ERROR: /, /Try again later/],
		['429', 'rateLimit', 429, /^SePay error RATE_LIMITED: /, /Max Requests in Flight/],
	];
	for (const [status, kind, code, message, hint] of faults) {
		test(`${status} with retries off → mapped message, hint, httpCode ${status}, one request`, async () => {
			const sim = await freshSim();
			const store = credentialsFor(sim);
			expect((await runNode({ store, parameters: quota })).error).toBeUndefined();
			sim.clearRequests();
			sim.queueFault({ method: 'GET', path: '/v1/usage', kind, status: code, retryAfterSeconds: 0, times: 1 });
			const result = await runNode({ store, parameters: { ...quota, reliability: { retryOnTransientErrors: false } } });
			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toMatch(hint);
			expect(result.error?.httpCode).toBe(status);
			expect(requestLines(sim.requests)).toEqual(['GET /v1/usage']);
			expectNoSecrets(result, await storedToken(store));
		});

		test(`${status} once with default retries → retried and succeeds`, async () => {
			const sim = await freshSim();
			const store = credentialsFor(sim);
			expect((await runNode({ store, parameters: quota })).error).toBeUndefined();
			sim.clearRequests();
			sim.queueFault({ method: 'GET', path: '/v1/usage', kind, status: code, retryAfterSeconds: 0, times: 1 });
			const result = await runNode({ store, parameters: quota });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json)).toEqual([{ quota_remaining: 1000 }]);
			expect(requestLines(sim.requests)).toEqual(['GET /v1/usage', 'GET /v1/usage']);
		});
	}

	test('connection reset with retries off → connection error, not retried, no token in the error', async () => {
		const sim = await freshSim();
		const store = credentialsFor(sim);
		expect((await runNode({ store, parameters: quota })).error).toBeUndefined();
		sim.clearRequests();
		sim.queueFault({ method: 'GET', path: '/v1/usage', kind: 'reset', times: 1 });
		const result = await runNode({ store, parameters: { ...quota, reliability: { retryOnTransientErrors: false } } });
		// NodeApiError swaps a message holding ECONNRESET for n8n's own text and keeps ours in `messages`
		expect(result.error?.message).toMatch(/^The connection to the server was closed unexpectedly/);
		expect((result.error as { messages?: string[] }).messages).toContain('Could not reach SePay (ECONNRESET)');
		expect(result.error?.description).toMatch(/Environment \/ Base URL/);
		expect(requestLines(sim.requests)).toEqual(['GET /v1/usage']);
		expectNoSecrets(result, await storedToken(store));
	});
});

describe('Continue On Fail', () => {
	test('[good, unknown, good] → 3 items, item 1 is { error } paired with item 1', async () => {
		const sim = await freshSim({ providerAccountCount: 3 });
		const [a, , c] = sim.providerAccounts;
		const store = credentialsFor(sim);
		const result = await runNode({
			store,
			continueOnFail: true,
			items: [{ id: a!.id }, { id: 'unknown-account' }, { id: c!.id }],
			parameters: providerAccountGet('={{ $json.id }}'),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items[0]!.json.id).toBe(a!.id);
		expect(result.items[0]!.json.templates).toHaveLength(2);
		expect(result.items[0]!.pairedItem).toEqual({ item: 0 });
		expect(result.items[1]!.json).toEqual({
			error: 'SePay error NOT_FOUND: Không tìm thấy tài khoản nhà cung cấp.',
			hint: 'Nothing matches that ID or code in this SePay environment. Check the value and the Environment.',
			http_status: 404,
		});
		expect(result.items[1]!.pairedItem).toEqual({ item: 1 });
		expect(result.items[1]!.error).toBeUndefined();
		expect(result.items[2]!.json.id).toBe(c!.id);
		expect(result.items[2]!.pairedItem).toEqual({ item: 2 });
		expect(requestLines(sim.requestsTo('GET', '/v1/provider-accounts/*')).sort()).toEqual(
			[`GET /v1/provider-accounts/${a!.id}`, 'GET /v1/provider-accounts/unknown-account', `GET /v1/provider-accounts/${c!.id}`].sort(),
		);
		expectNoSecrets(result, await storedToken(store));
	});

	test('same input without Continue On Fail → the run stops with the error naming item 1', async () => {
		const sim = await freshSim({ providerAccountCount: 3 });
		const [a, , c] = sim.providerAccounts;
		const result = await runNode({
			store: credentialsFor(sim),
			items: [{ id: a!.id }, { id: 'unknown-account' }, { id: c!.id }],
			parameters: providerAccountGet('={{ $json.id }}'),
		});
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('SePay error NOT_FOUND: Không tìm thấy tài khoản nhà cung cấp.');
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(result.run.data.resultData.error?.message).toBe(result.error?.message);
	});

	test('Continue On Fail with an invalid id on item 1 → error item, no request for it', async () => {
		const sim = await freshSim({ providerAccountCount: 3 });
		const [a] = sim.providerAccounts;
		const result = await runNode({
			store: credentialsFor(sim),
			continueOnFail: true,
			items: [{ id: a!.id }, { id: 'has space' }],
			parameters: providerAccountGet('={{ $json.id }}'),
		});
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.items[0]!.json.id).toBe(a!.id);
		expect(String(result.items[1]!.json.error)).toMatch(/^Provider Account: "has space" .*\[item 1\]$/);
		expect(requestLines(sim.requestsTo('GET', /provider-accounts/))).toEqual([`GET /v1/provider-accounts/${a!.id}`]);
	});
});
