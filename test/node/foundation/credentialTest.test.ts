// The credential's "Test" button. n8n 2.41 (packages/cli/src/services/credentials-tester.service.ts,
// runRequestTest) puts the credential's `test.request` on a throw-away node (parameters {}, so its
// CredentialsHelper does NOT force preAuthentication when a token is stored), runs it with n8n-core's
// RoutingNode + ExecuteContext and the entered credential data, and maps errors through the test's
// `rules`. `testLikeN8n` repeats that with the real RoutingNode / ExecuteContext / HTTP helpers and the
// harness CredentialStore (preAuthentication only when the token is empty, Bearer `authenticate`).
// NOT reproduced: the REST layer, secret placeholders, ErrorReporter.
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	INode,
	INodeCredentialTestResult,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import { describe, expect, test } from 'vitest';

import { SePayEInvoiceApi } from '../../../credentials/SePayEInvoiceApi.credentials';
import {
	BASE_URL_EXPRESSION,
	SEPAY_PRODUCTION_URL,
	SEPAY_SANDBOX_URL,
	resolveBaseUrl,
} from '../../../nodes/SePayEInvoice/transport/environment';
import { harnessAdditionalData } from '../../harness/additionalData';
import { CLIENT_ID, CLIENT_SECRET, CREDENTIAL_TYPE, credentialsFor, evaluateWithCredentials, freshSim } from '../../support';
import { basicOf, tokenRequests, type Store } from './helpers';

const credentialType = new SePayEInvoiceApi();

const noOpNodeType: INodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as INodeType['description'],
};

/** CredentialsTester.runRequestTest (see the file header). */
async function testLikeN8n(
	store: Store,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult & { error?: unknown }> {
	const testRequest = credentialType.test;
	const credentialsDecrypted: ICredentialsDecrypted = { id: 'cred-1', name: 'SePay', type: CREDENTIAL_TYPE, data: { ...data } };
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: 'noOp',
		typeVersion: 1,
		position: [0, 0],
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'SePay' } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...noOpNodeType.description,
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' }],
		},
	};
	const nodeTypes = { getKnownTypes: () => ({}), getByName: () => nodeTypeCopy, getByNameAndVersion: () => nodeTypeCopy } as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = harnessAdditionalData({ executionId: 'credential-test', credentialsHelper: store });
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
	try {
		await new RoutingNode(context, nodeTypeCopy, credentialsDecrypted).runNode();
	} catch (error) {
		const e = error as { cause?: { response?: { status: number; statusText?: string }; code?: string }; message: string };
		if (e.cause?.response) {
			const statusCode = e.cause.response.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === statusCode) {
					return { status: 'Error', message: rule.properties.message, error };
				}
			}
			return { status: 'Error', message: e.cause.response.statusText || `Received HTTP status code: ${statusCode}`, error };
		} else if (e.cause?.code) {
			return { status: 'Error', message: e.cause.code, error };
		}
		return { status: 'Error', message: String(e.message), error };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

const customData = (baseUrl: string, overrides: Record<string, string> = {}) => ({
	environment: 'custom', baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessToken: '', ...overrides,
});

describe('credential "Test" button', () => {
	test('test.request is POST /v1/token with HTTP Basic from the entered Client ID / Secret', () => {
		expect(credentialType.test.request).toEqual({
			baseURL: BASE_URL_EXPRESSION,
			url: '/v1/token',
			method: 'POST',
			auth: { username: '={{$credentials.clientId}}', password: '={{$credentials.clientSecret}}' },
		});
	});

	for (const suffix of ['', '/', '//  ']) {
		test(`fresh credential, base URL + ${JSON.stringify(suffix)} → OK; every token call is Basic with the entered secret`, async () => {
			const sim = await freshSim();
			const result = await testLikeN8n(credentialsFor(sim), customData(sim.url + suffix));
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			// preAuthentication (empty token) fetches one, then the test request itself is a token call
			expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`)).toEqual([
				`POST /v1/token Basic ${basicOf(CLIENT_ID, CLIENT_SECRET)}`,
				`POST /v1/token Basic ${basicOf(CLIENT_ID, CLIENT_SECRET)}`,
			]);
		});
	}

	test('a stored, still valid token does not let a mistyped secret pass', async () => {
		const sim = await freshSim();
		const validToken = sim.issueToken();
		const store = credentialsFor(sim, { clientSecret: 'typo-secret', accessToken: validToken });
		const result = await testLikeN8n(store, customData(sim.url, { clientSecret: 'typo-secret', accessToken: validToken }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^SePay rejected the Client ID \/ Client Secret \(UNAUTHORIZED: .+\) — check both values and the Environment$/);
		// the test call gets 401, n8n's refresh-on-401 asks for a token with the same secret: 401 again
		expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`)).toEqual([
			`POST /v1/token Basic ${basicOf(CLIENT_ID, 'typo-secret')}`,
			`POST /v1/token Basic ${basicOf(CLIENT_ID, 'typo-secret')}`,
		]);
	});

	test('a stored token and the right secret → OK with one token call', async () => {
		const sim = await freshSim();
		const validToken = sim.issueToken();
		const result = await testLikeN8n(credentialsFor(sim, { accessToken: validToken }), customData(sim.url, { accessToken: validToken }));
		expect(result.status).toBe('OK');
		expect(tokenRequests(sim)).toHaveLength(1);
	});

	test('fresh credential, wrong secret → Error naming Client ID / Client Secret and Environment; no secret anywhere', async () => {
		const sim = await freshSim();
		const secret = 'wrong-secret-xyz';
		const result = await testLikeN8n(credentialsFor(sim, { clientSecret: secret }), customData(sim.url, { clientSecret: secret }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^SePay rejected the Client ID \/ Client Secret \(UNAUTHORIZED: .+\) — check both values and the Environment$/);
		expect((result.error as { description?: string }).description).toMatch(/Environment/);
		expect(tokenRequests(sim)).toHaveLength(1);
		const text = JSON.stringify({ message: result.message, error: result.error });
		expect(text).not.toContain(secret);
		expect(text).not.toContain(basicOf(CLIENT_ID, secret));
	});

	test('unreachable custom base URL → Error, no secret', async () => {
		const sim = await freshSim();
		const deadUrl = sim.url;
		await sim.close();
		const result = await testLikeN8n(credentialsFor(sim), customData(deadUrl));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/SePay|refused/);
		const text = JSON.stringify({ message: result.message, error: result.error });
		expect(text).not.toContain(CLIENT_SECRET);
		expect(text).not.toContain(basicOf(CLIENT_ID, CLIENT_SECRET));
	});

	// Sandbox / production cannot be called from tests: check that n8n's expression engine resolves
	// the test request's baseURL to the documented URL and agrees with resolveBaseUrl.
	const cases: Array<[Record<string, string>, string]> = [
		[{ environment: 'sandbox' }, SEPAY_SANDBOX_URL],
		[{ environment: 'production' }, SEPAY_PRODUCTION_URL],
		[{ environment: 'custom', baseUrl: ' http://127.0.0.1:9/ ' }, 'http://127.0.0.1:9'],
		[{ environment: 'custom', baseUrl: 'https://proxy.example/sepay///' }, 'https://proxy.example/sepay'],
	];
	for (const [credentials, expected] of cases) {
		test(`test.request baseURL for ${JSON.stringify(credentials)} → ${expected}`, () => {
			expect(evaluateWithCredentials(credentialType.test.request.baseURL!, credentials)).toBe(expected);
			expect(resolveBaseUrl(credentials)).toBe(expected);
		});
	}
});
