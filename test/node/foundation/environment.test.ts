// Environment → base URL: what the node resolves and what n8n resolves the credential test's base URL
// to for each Environment choice (the documented sandbox / production URLs, a normalised custom URL),
// and the custom URL used by the real node for the token and the API calls.
import { describe, expect, test } from 'vitest';

import { SePayEInvoiceApi } from '../../../credentials/SePayEInvoiceApi.credentials';
import { resolveBaseUrl } from '../../../nodes/SePayEInvoice/transport/environment';
import { runNode } from '../../harness/runNode';
import { CLIENT_ID, CLIENT_SECRET, createParams, credentialsFor, evaluateWithCredentials, freshSim, quota } from '../../support';
import { basicOf, requestLines, storedToken } from './helpers';

/** The credential test request's baseURL, evaluated by n8n's expression engine with $credentials. */
function credentialTestBaseUrl(credentials: Record<string, string>): unknown {
	return evaluateWithCredentials(new SePayEInvoiceApi().test.request.baseURL!, credentials);
}

describe('environment → base URL', () => {
	const cases: Array<[Record<string, string>, string]> = [
		[{ environment: 'sandbox' }, 'https://einvoice-api-sandbox.sepay.vn'],
		[{ environment: 'sandbox', baseUrl: 'http://ignored.example' }, 'https://einvoice-api-sandbox.sepay.vn'],
		[{ environment: 'production' }, 'https://einvoice-api.sepay.vn'],
		[{ environment: 'production', baseUrl: 'http://ignored.example' }, 'https://einvoice-api.sepay.vn'],
		[{ environment: 'custom', baseUrl: 'http://127.0.0.1:8080/' }, 'http://127.0.0.1:8080'],
		[{ environment: 'custom', baseUrl: '  https://proxy.example/sepay//  ' }, 'https://proxy.example/sepay'],
	];
	for (const [credentials, expected] of cases) {
		test(`${JSON.stringify(credentials)} → ${expected} (the node and the credential test agree)`, () => {
			expect(resolveBaseUrl(credentials)).toBe(expected);
			expect(credentialTestBaseUrl(credentials)).toBe(expected);
		});
	}

	test('custom base URL with trailing slash and spaces: token and API calls hit /v1/... without a double slash', async () => {
		const sim = await freshSim({ quota: 99 });
		const store = credentialsFor(sim, { baseUrl: ` ${sim.url}/ ` });
		const result = await runNode({ store, parameters: quota });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([{ quota_remaining: 99 }]);
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/token', 'GET /v1/usage']);
		expect(sim.requests[0]!.headers.authorization).toBe(`Basic ${basicOf(CLIENT_ID, CLIENT_SECRET)}`);
		expect(sim.requests[1]!.headers.authorization).toBe(`Bearer ${await storedToken(store)}`);
	});

	test('provider account get through a custom base URL with a trailing slash', async () => {
		const sim = await freshSim();
		const id = sim.activeProviderAccountId;
		const result = await runNode({
			store: credentialsFor(sim, { baseUrl: `${sim.url}/` }),
			parameters: { resource: 'providerAccount', operation: 'get', providerAccount: { __rl: true, mode: 'id', value: id } },
		});
		expect(result.items.map((i) => i.json.id)).toEqual([id]);
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/token', `GET /v1/provider-accounts/${id}`]);
	});
});

// An address that moved (http → https, an old host) answers with a redirect. Following it would send
// the Basic credentials or the Bearer token, and the invoice, to wherever the answer points, and turn
// a redirected POST into a GET: the node stops with a hint instead, and nothing reaches the target.
describe('a redirecting address', () => {
	test('token request: a 308 is an error naming where it points; the target gets nothing', async () => {
		const sim = await freshSim();
		const elsewhere = await freshSim();
		sim.queueFault({ method: 'POST', path: '/v1/token', kind: 'redirect', status: 308, location: `${elsewhere.url}/v1/token?key=abc` });
		const result = await runNode({ store: credentialsFor(sim), parameters: quota });
		expect(result.error?.message).toBe("SePay's token address answered with a redirect (HTTP 308)");
		expect(result.error?.description).toContain(`answered with a redirect to ${elsewhere.url}.`);
		expect(result.error?.description).not.toContain('key=abc');
		expect(requestLines(sim.requests)).toEqual(['POST /v1/token']);
		expect(elsewhere.requests).toEqual([]);
	});

	test('create: a 301 is the item\'s error, sent once, and no invoice exists on either side', async () => {
		const sim = await freshSim();
		const elsewhere = await freshSim();
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'redirect', location: `${elsewhere.url}/v1/invoices/create` });
		const result = await runNode({ store: credentialsFor(sim), parameters: createParams(sim, { referenceCode: 'MOVED-1' }) });
		expect(result.error?.message).toBe('SePay answered HTTP 301');
		expect(result.error?.httpCode).toBe('301');
		expect(result.error?.description).toContain(`answered with a redirect to ${elsewhere.url}.`);
		expect(requestLines(sim.requests)).toEqual(['POST /v1/token', 'POST /v1/invoices/create']);
		expect([...sim.invoices, ...elsewhere.invoices]).toEqual([]);
		expect(elsewhere.requests).toEqual([]);
	});
});
