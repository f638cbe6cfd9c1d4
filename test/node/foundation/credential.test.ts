/* eslint-disable */
// Credential + token handling: one token fetch, reuse, refresh on rejection / expiry,
// one fetch for 200 concurrent items, no sharing between different secrets.
import { describe, expect, test } from 'vitest';

import { runNode } from '../../harness/runNode';
import { CLIENT_ID, CLIENT_SECRET, CREDENTIAL_TYPE, credentialsFor, freshSim, providerAccountGet, quota, serialized, simulatorCredentials } from '../../support';
import { basicOf, lastBearerToken, bearerOf, storedToken, tokenRequests } from './helpers';

describe('token fetch and reuse', () => {
	test('first run fetches one token with Basic auth, second run reuses the stored token', async () => {
		const sim = await freshSim({ quota: 777 });
		const store = credentialsFor(sim);

		const first = await runNode({ store, parameters: quota });
		expect(first.error).toBeUndefined();
		expect(first.items).toEqual([{ json: { quota_remaining: 777 }, pairedItem: { item: 0 } }]);

		const tokens = tokenRequests(sim);
		expect(tokens).toHaveLength(1);
		expect(tokens[0]!.headers.authorization).toBe(`Basic ${basicOf(CLIENT_ID, CLIENT_SECRET)}`);
		expect(tokens[0]!.query).toEqual({});
		const token = await storedToken(store);
		expect(token).toMatch(/\S{16,}/);
		expect(store.updates).toBe(1);
		const usage1 = sim.requestsTo('GET', '/v1/usage');
		expect(usage1).toHaveLength(1);
		expect(bearerOf(usage1[0]!)).toBe(`Bearer ${token}`);

		sim.clearRequests();
		const second = await runNode({ store, parameters: quota });
		expect(second.error).toBeUndefined();
		expect(second.items.map((i) => i.json)).toEqual([{ quota_remaining: 777 }]);
		expect(tokenRequests(sim)).toHaveLength(0);
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/usage']);
		expect(bearerOf(sim.requests[0]!)).toBe(`Bearer ${token}`);
		expect(await storedToken(store)).toBe(token);
		expect(store.updates).toBe(1);
		expect(sim.stats.tokensIssued).toBe(1);
	});

	test('the row keeps the credential encrypted with the instance key (n8n-core Credentials), the persisted token too', async () => {
		const sim = await freshSim();
		const store = credentialsFor(sim);
		expect((await runNode({ store, parameters: quota })).error).toBeUndefined();
		const token = await storedToken(store);

		const row = await store.getCredentials({ id: '1', name: 'SePay eInvoice account' }, CREDENTIAL_TYPE);
		const encrypted = row.getDataToSave().data!;
		// n8n's AES-256-CBC output: OpenSSL's "Salted__" header, base64.
		expect(encrypted).toMatch(/^U2FsdGVkX1[A-Za-z0-9+/=]+$/);
		for (const plain of [CLIENT_ID, CLIENT_SECRET, token, sim.url]) expect(encrypted).not.toContain(plain);
		expect(await row.getData()).toEqual({ ...simulatorCredentials(sim), accessToken: token });
	});

	test('a second credential row with the same values reuses the process-wide token (no extra fetch)', async () => {
		const sim = await freshSim();
		const a = credentialsFor(sim);
		const b = credentialsFor(sim);
		expect((await runNode({ store: a, parameters: quota })).error).toBeUndefined();
		const result = await runNode({ store: b, parameters: quota });
		expect(result.items.map((i) => i.json)).toEqual([{ quota_remaining: 1000 }]);
		expect(tokenRequests(sim)).toHaveLength(1);
		expect(await storedToken(b)).toBe(await storedToken(a));
	});
});

describe('stored token rejected → one refresh', () => {
	test('stale token in the store: one 401, one token request, request succeeds with the renewed token', async () => {
		const sim = await freshSim({ quota: 321 });
		const store = credentialsFor(sim, { accessToken: 'stale-token' });

		const result = await runNode({ store, parameters: quota });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([{ json: { quota_remaining: 321 }, pairedItem: { item: 0 } }]);

		// Renewed after a 401 by the node itself: used by this process, n8n's stored copy left alone.
		const newToken = lastBearerToken(sim);
		expect(newToken).not.toBe('stale-token');
		expect(newToken).not.toBe('');
		expect(await storedToken(store)).toBe('stale-token');
		expect(sim.requests.map((r) => `${r.method} ${r.path} ${bearerOf(r).split(' ')[0]}`)).toEqual([
			'GET /v1/usage Bearer',
			'POST /v1/token Basic',
			'GET /v1/usage Bearer',
		]);
		expect(bearerOf(sim.requests[0]!)).toBe('Bearer stale-token');
		expect(bearerOf(sim.requests[2]!)).toBe(`Bearer ${newToken}`);
		expect(store.updates).toBe(0);
		expect(serialized(result)).not.toContain('stale-token');
	});

	test('sim.revokeAllTokens() between runs: exactly one refresh, then the new token is reused', async () => {
		const sim = await freshSim();
		const store = credentialsFor(sim);
		const id = sim.activeProviderAccountId;
		expect((await runNode({ store, parameters: providerAccountGet(id) })).error).toBeUndefined();
		const oldToken = await storedToken(store);

		sim.revokeAllTokens();
		sim.clearRequests();
		const result = await runNode({ store, parameters: providerAccountGet(id) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.id)).toEqual([id]);
		expect(tokenRequests(sim)).toHaveLength(1);
		const newToken = lastBearerToken(sim);
		expect(newToken).not.toBe(oldToken);
		const gets = sim.requestsTo('GET', `/v1/provider-accounts/${id}`);
		expect(gets.map(bearerOf)).toEqual([`Bearer ${oldToken}`, `Bearer ${newToken}`]);

		sim.clearRequests();
		expect((await runNode({ store, parameters: providerAccountGet(id) })).error).toBeUndefined();
		expect(tokenRequests(sim)).toHaveLength(0);
		expect(sim.requests.map(bearerOf)).toEqual([`Bearer ${newToken}`]);
	});
});

describe('200 concurrent items share one token', () => {
	const items = Array.from({ length: 200 }, (_, i) => ({ n: i }));

	for (const revokePreviousTokensOnIssue of [false, true]) {
		test(`fresh credential → 1 token; revoke all → 1 more (revokePreviousTokensOnIssue: ${revokePreviousTokensOnIssue})`, async () => {
			const sim = await freshSim({ quota: 534, revokePreviousTokensOnIssue });
			const store = credentialsFor(sim);

			const first = await runNode({ store, items, parameters: quota });
			expect(first.error).toBeUndefined();
			expect(first.items).toHaveLength(200);
			expect(first.items.map((i) => i.json.quota_remaining)).toEqual(items.map(() => 534));
			expect(first.items.map((i) => i.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
			expect(tokenRequests(sim)).toHaveLength(1);
			const token1 = await storedToken(store);
			const usage1 = sim.requestsTo('GET', '/v1/usage');
			expect(usage1).toHaveLength(200);
			expect(new Set(usage1.map(bearerOf))).toEqual(new Set([`Bearer ${token1}`]));

			sim.revokeAllTokens();
			sim.clearRequests();
			const second = await runNode({ store, items, parameters: quota });
			expect(second.error).toBeUndefined();
			expect(second.items).toHaveLength(200);
			expect(second.items.every((i) => i.json.quota_remaining === 534 && !('error' in i.json))).toBe(true);
			expect(tokenRequests(sim)).toHaveLength(1);
			const token2 = lastBearerToken(sim);
			expect(token2).not.toBe(token1);
			const usage2 = sim.requestsTo('GET', '/v1/usage');
			// each item: a rejected call with the revoked token (all of them, as the items start before
			// any answer arrives), then one successful call with the new token
			const rejected = usage2.filter((r) => bearerOf(r) === `Bearer ${token1}`).length;
			expect(rejected).toBeGreaterThan(0);
			expect(usage2.filter((r) => bearerOf(r) === `Bearer ${token2}`)).toHaveLength(200);
			expect(usage2).toHaveLength(200 + rejected);
			expect(sim.stats.tokensIssued).toBe(2);
		});
	}

	test('200 provider-account gets on a fresh credential → one token request', async () => {
		const sim = await freshSim({ providerAccountCount: 5 });
		const store = credentialsFor(sim);
		const ids = sim.providerAccounts.map((a) => a.id);
		const input = Array.from({ length: 200 }, (_, i) => ({ id: ids[i % ids.length] }));
		const result = await runNode({
			store,
			items: input,
			parameters: providerAccountGet('={{ $json.id }}'),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.id)).toEqual(input.map((i) => i.id));
		expect(tokenRequests(sim)).toHaveLength(1);
		expect(sim.requestsTo('GET', '/v1/provider-accounts/*')).toHaveLength(200);
	});
});

describe('different secrets never share a token', () => {
	test('same client id, wrong secret fails clearly although the right secret has a cached token', async () => {
		const sim = await freshSim();
		const right = credentialsFor(sim);
		const wrong = credentialsFor(sim, { clientSecret: 'not-the-secret' });

		expect((await runNode({ store: right, parameters: quota })).error).toBeUndefined();
		const rightToken = await storedToken(right);

		const result = await runNode({ store: wrong, parameters: quota });
		expect(result.items).toEqual([]);
		expect(result.error?.message).toMatch(/Client ID \/ Client Secret/);
		expect(result.error?.httpCode).toBe('401');
		const tokens = tokenRequests(sim);
		expect(tokens.map(bearerOf)).toEqual([
			`Basic ${basicOf(CLIENT_ID, CLIENT_SECRET)}`,
			`Basic ${basicOf(CLIENT_ID, 'not-the-secret')}`,
		]);
		// the wrong credential never sent a request with the right credential's token
		expect(sim.requestsTo('GET', '/v1/usage')).toHaveLength(1);
		expect(await storedToken(wrong)).toBe('');
		expect(serialized(result)).not.toContain(rightToken);

		// and the right credential is not disturbed by the failure
		sim.clearRequests();
		const again = await runNode({ store: right, parameters: quota });
		expect(again.items.map((i) => i.json)).toEqual([{ quota_remaining: 1000 }]);
		expect(tokenRequests(sim)).toHaveLength(0);
		expect(sim.requests.map(bearerOf)).toEqual([`Bearer ${rightToken}`]);
	});

	test('wrong secret fetched first does not poison the cache for the right secret', async () => {
		const sim = await freshSim();
		const wrong = credentialsFor(sim, { clientSecret: 'not-the-secret' });
		const right = credentialsFor(sim);
		expect((await runNode({ store: wrong, parameters: quota })).error?.httpCode).toBe('401');
		const result = await runNode({ store: right, parameters: quota });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([{ quota_remaining: 1000 }]);
		expect(tokenRequests(sim).map(bearerOf)).toEqual([
			`Basic ${basicOf(CLIENT_ID, 'not-the-secret')}`,
			`Basic ${basicOf(CLIENT_ID, CLIENT_SECRET)}`,
		]);
	});
});

describe('token expiry', () => {
	test('sim.expireAllTokens() → next run refreshes once', async () => {
		const sim = await freshSim();
		const store = credentialsFor(sim);
		expect((await runNode({ store, parameters: quota })).error).toBeUndefined();
		const oldToken = await storedToken(store);

		sim.expireAllTokens();
		sim.clearRequests();
		const result = await runNode({ store, items: [{}, {}, {}], parameters: quota });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([
			{ quota_remaining: 1000 },
			{ quota_remaining: 1000 },
			{ quota_remaining: 1000 },
		]);
		expect(tokenRequests(sim)).toHaveLength(1);
		const newToken = lastBearerToken(sim);
		expect(newToken).not.toBe(oldToken);
		const usage = sim.requestsTo('GET', '/v1/usage');
		const rejected = usage.filter((r) => bearerOf(r) === `Bearer ${oldToken}`).length;
		expect(rejected).toBeGreaterThan(0);
		expect(usage.filter((r) => bearerOf(r) === `Bearer ${newToken}`)).toHaveLength(3);
		expect(usage).toHaveLength(3 + rejected);
	});

	test('token past its lifetime on the server clock (tokenTtlSeconds) → one refresh', async () => {
		let clock = Date.now();
		const sim = await freshSim({ tokenTtlSeconds: 600, now: () => clock });
		const store = credentialsFor(sim);
		expect((await runNode({ store, parameters: quota })).error).toBeUndefined();
		const oldToken = await storedToken(store);

		clock += 601_000;
		sim.clearRequests();
		const result = await runNode({ store, parameters: quota });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([{ quota_remaining: 1000 }]);
		expect(tokenRequests(sim)).toHaveLength(1);
		expect(lastBearerToken(sim)).not.toBe(oldToken);
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /v1/usage',
			'POST /v1/token',
			'GET /v1/usage',
		]);
	});

	test('short real TTL: a cached token near its expiry is not handed to a new credential copy', async () => {
		const sim = await freshSim({ tokenTtlSeconds: 1 });
		const first = credentialsFor(sim);
		expect((await runNode({ store: first, parameters: quota })).error).toBeUndefined();
		expect(tokenRequests(sim)).toHaveLength(1);

		await new Promise((resolve) => setTimeout(resolve, 1_100));
		// a credential without a stored token must not get the dying cached one
		const second = credentialsFor(sim);
		sim.clearRequests();
		const result = await runNode({ store: second, parameters: quota });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([{ quota_remaining: 1000 }]);
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/token', 'GET /v1/usage']);
		expect(await storedToken(second)).not.toBe(await storedToken(first));
	});
});
