// Environment → base URL: what the node resolves and what n8n resolves the credential test's base URL
// to for each Environment choice (the documented sandbox / production URLs, a normalised custom URL),
// and the custom URL used by the real node for the token and the API calls.
import { describe, expect, test } from 'vitest';

import { SePayEInvoiceApi } from '../../../credentials/SePayEInvoiceApi.credentials';
import { resolveBaseUrl } from '../../../nodes/SePayEInvoice/transport/environment';
import { runNode } from '../../harness/runNode';
import { CLIENT_ID, CLIENT_SECRET, credentialsFor, evaluateWithCredentials, freshSim, quota } from '../../support';
import { basicOf, storedToken } from './helpers';

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
