/* eslint-disable */
// The credential's "Test" button. n8n (packages/cli/src/services/credentials-tester.service.ts,
// CredentialsTester.testCredentials, request-based branch) builds a throw-away node type whose only
// property routes `credential.test.request`, runs it with n8n-core's RoutingNode + ExecuteContext and
// the decrypted credential, and maps errors to { status, message }. `testCredentialsLikeN8n` below
// repeats that branch with the real RoutingNode / ExecuteContext / HTTP helpers from n8n-core and the
// harness CredentialStore as credentialsHelper (preAuthentication before the request, refresh on 401).
// NOT reproduced: applyDefaultsAndOverwrites, $secrets redaction, ErrorReporter, the REST layer/UI.
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { describe, expect, test } from 'vitest';

import { SePayEInvoiceApi } from '../../../credentials/SePayEInvoiceApi.credentials';
import {
	BASE_URL_EXPRESSION,
	SEPAY_PRODUCTION_URL,
	SEPAY_SANDBOX_URL,
	resolveBaseUrl,
} from '../../../nodes/SePayEInvoice/shared/environment';
import { CREDENTIAL_TYPE } from '../../harness/runNode';
import {
	CLIENT_ID,
	CLIENT_SECRET,
	basicOf,
	bearerOf,
	freshSim,
	storeFor,
	storedToken,
	tokenRequests,
	type Store,
} from './helpers';

const credentialType = new SePayEInvoiceApi();

/** Stand-in for n8n-nodes-base.noOp: the tester only copies its description and replaces the properties. */
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

function additionalDataFor(store: Store): IWorkflowExecuteAdditionalData {
	return {
		executionId: 'credential-test',
		credentialsHelper: store,
		restApiUrl: 'http://localhost/rest',
		instanceBaseUrl: 'http://localhost',
		webhookBaseUrl: 'http://localhost/webhook',
		webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost/webhook-test',
		formWaitingBaseUrl: 'http://localhost/form-waiting',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** CredentialsTester.testCredentials, request-based branch (see file header). */
async function testCredentialsLikeN8n(
	store: Store,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult & { error?: unknown }> {
	const testRequest = credentialType.test;
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'cred-1',
		name: 'SePay eInvoice account',
		type: CREDENTIAL_TYPE,
		data: { ...data },
	};
	const nodeType = noOpNodeType;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: nodeType.description.version as number,
		position: [0, 0],
		credentials: { [CREDENTIAL_TYPE]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...nodeType.description,
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes = {
		getKnownTypes: () => ({}),
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => nodeTypeCopy,
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const runExecutionData = { resultData: { runData: {} } } as IRunExecutionData;
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalDataFor(store),
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const e = error as { cause?: { response?: { status: number; statusText?: string }; code?: string }; message: string };
		if (e.cause?.response) {
			const statusCode = e.cause.response.status;
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: e.cause.response.statusText || `Received HTTP status code: ${statusCode}`,
					error,
				};
			}
		} else if (e.cause?.code) {
			return { status: 'Error', message: e.cause.code, error };
		}
		return { status: 'Error', message: String(e.message), error };
	}
	expect(response?.[0]?.length).toBe(1);
	return { status: 'OK', message: 'Connection successful!' };
}

describe('credential test request (n8n "Test" button)', () => {
	test('test.request is GET /v1/usage on BASE_URL_EXPRESSION', () => {
		expect(credentialType.test.request).toEqual({ baseURL: BASE_URL_EXPRESSION, url: '/v1/usage', method: 'GET' });
	});

	for (const baseUrlSuffix of ['', '/', '//  ']) {
		test(`custom environment (base URL + ${JSON.stringify(baseUrlSuffix)}): token, then GET /v1/usage → OK`, async () => {
			const sim = await freshSim();
			const data = { environment: 'custom', baseUrl: sim.url + baseUrlSuffix, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessToken: '' };
			const store = storeFor(sim, { baseUrl: sim.url + baseUrlSuffix });
			const result = await testCredentialsLikeN8n(store, data);
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/token', 'GET /v1/usage']);
			expect(sim.requests[0]!.headers.authorization).toBe(`Basic ${basicOf(CLIENT_ID, CLIENT_SECRET)}`);
			// the token preAuthentication fetched is the one the test request carries, and n8n persists it
			expect(sim.requests[1]!.headers.authorization).toBe(`Bearer ${storedToken(store)}`);
			expect(store.updates).toBe(1);
		});
	}

	test('stale stored token → 401 → one refresh → OK', async () => {
		const sim = await freshSim();
		const store = storeFor(sim, { accessToken: 'stale-token' });
		const result = await testCredentialsLikeN8n(store, {
			environment: 'custom', baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessToken: 'stale-token',
		});
		expect(result.status).toBe('OK');
		expect(sim.requests.map((r) => `${r.method} ${r.path} ${bearerOf(r).split(' ')[0]}`)).toEqual([
			'GET /v1/usage Bearer',
			'POST /v1/token Basic',
			'GET /v1/usage Bearer',
		]);
		expect(bearerOf(sim.requests[2]!)).toBe(`Bearer ${storedToken(store)}`);
	});

	async function wrongSecretTest() {
		const sim = await freshSim();
		const secret = 'wrong-secret-xyz';
		const store = storeFor(sim, { clientSecret: secret });
		const result = await testCredentialsLikeN8n(store, {
			environment: 'custom', baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: secret, accessToken: '',
		});
		expect(result.status).toBe('Error');
		expect(tokenRequests(sim)).toHaveLength(1);
		expect(tokenRequests(sim)[0]!.headers.authorization).toBe(`Basic ${basicOf(CLIENT_ID, secret)}`);
		expect(sim.requestsTo('GET', '/v1/usage')).toHaveLength(0);
		const text = JSON.stringify({ message: result.message, error: result.error });
		expect(text).not.toContain(secret);
		expect(text).not.toContain(basicOf(CLIENT_ID, secret));
		expect(storedToken(store)).toBe('');
		return result;
	}

	test('wrong secret → Error, one token request, no usage request, no secret anywhere', async () => {
		const result = await wrongSecretTest();
		// The node's message and hint travel in the error (error.messages / error.description);
		// what the dialog shows is asserted in the next test.
		const error = result.error as { description?: string; messages?: string[] };
		expect(error.messages?.join(' ')).toMatch(/SePay rejected the Client ID \/ Client Secret/);
		expect(error.description).toMatch(/Environment/);
	});

	test('wrong secret → the Test dialog names the Client ID / Client Secret', async () => {
		const result = await wrongSecretTest();
		expect(result.message).toMatch(/Client ID \/ Client Secret/);
	});

	test('unreachable custom base URL → Error, no secret', async () => {
		const sim = await freshSim();
		const deadUrl = sim.url;
		await sim.close();
		const store = storeFor(sim);
		const result = await testCredentialsLikeN8n(store, {
			environment: 'custom', baseUrl: deadUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessToken: '',
		});
		expect(result.status).toBe('Error');
		// n8n's NodeError maps the ECONNREFUSED in the node's message to its own text
		expect(result.message).toBe('The service refused the connection - perhaps it is offline');
		const text = JSON.stringify({ message: result.message, error: result.error });
		expect(text).not.toContain(CLIENT_SECRET);
		expect(text).not.toContain(basicOf(CLIENT_ID, CLIENT_SECRET));
	});

	// Sandbox / production cannot be called from tests, so only the URL resolution is checked here:
	// the test request's baseURL expression, evaluated by n8n's expression engine with $credentials,
	// gives the documented URL and agrees with resolveBaseUrl (used by preAuthentication's token call).
	const cases: Array<[Record<string, string>, string]> = [
		[{ environment: 'sandbox' }, SEPAY_SANDBOX_URL],
		[{ environment: 'production' }, SEPAY_PRODUCTION_URL],
		[{ environment: 'custom', baseUrl: ' http://127.0.0.1:9/ ' }, 'http://127.0.0.1:9'],
		[{ environment: 'custom', baseUrl: 'https://proxy.example/sepay///' }, 'https://proxy.example/sepay'],
	];
	for (const [credentials, expected] of cases) {
		test(`test.request baseURL for ${JSON.stringify(credentials)} → ${expected}`, () => {
			const node: INode = { id: 'n', name: 'n', type: 'noOp', typeVersion: 1, position: [0, 0], parameters: {} };
			const workflow = new Workflow({
				nodes: [node],
				connections: {},
				active: false,
				nodeTypes: { getByNameAndVersion: () => noOpNodeType, getByName: () => noOpNodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes,
			});
			const resolved = workflow.expression.getSimpleParameterValue(node, credentialType.test.request.baseURL!, 'internal', {
				$credentials: credentials,
			});
			expect(resolved).toBe(expected);
			expect(resolveBaseUrl(credentials)).toBe(expected);
		});
	}
});
