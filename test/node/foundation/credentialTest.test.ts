/* eslint-disable */
// The credential's "Test" button. n8n 2.41 (packages/cli/src/services/credentials-tester.service.ts)
// looks for the node that declares `testedBy` for this credential and calls that node's
// methods.credentialTest function with `this` = n8n-core's CredentialTestContext (legacy `request`
// helper over n8n's outbound HTTP client). We call the node's function the same way, with the real
// CredentialTestContext, against the simulator. NOT reproduced: the REST layer, secret placeholders,
// the final redaction of the message (our message never contains the secret anyway).
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { describe, expect, test } from 'vitest';

import { SePayEInvoiceApi } from '../../../credentials/SePayEInvoiceApi.credentials';
import { SePayEInvoice } from '../../../nodes/SePayEInvoice/SePayEInvoice.node';
import { CREDENTIAL_TYPE } from '../../harness/runNode';
import { CLIENT_ID, CLIENT_SECRET, basicOf, freshSim, tokenRequests } from './helpers';

const node = new SePayEInvoice();

async function pressTest(data: ICredentialDataDecryptedObject) {
	const declared = node.description.credentials?.find((credential) => credential.name === CREDENTIAL_TYPE);
	const testFunction = node.methods.credentialTest[declared?.testedBy as 'sePayEInvoiceApiTest'];
	const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData);
	return await testFunction.call(context, { id: '1', name: 'SePay', type: CREDENTIAL_TYPE, data });
}

describe('credential "Test" button (node credentialTest via testedBy)', () => {
	test('the credential has no request test, so n8n uses the node function (n8n prefers `test` when present)', () => {
		expect((new SePayEInvoiceApi() as { test?: unknown }).test).toBeUndefined();
		expect(node.description.credentials).toEqual([
			{ name: CREDENTIAL_TYPE, required: true, testedBy: 'sePayEInvoiceApiTest' },
		]);
	});

	for (const suffix of ['', '/', '//  ']) {
		test(`custom base URL + ${JSON.stringify(suffix)}: one POST /v1/token with Basic → OK`, async () => {
			const sim = await freshSim();
			const result = await pressTest({
				environment: 'custom', baseUrl: sim.url + suffix, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessToken: '',
			});
			expect(result).toEqual({ status: 'OK', message: `SePay accepted the Client ID and Secret (${sim.url})` });
			expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/token']);
			expect(sim.requests[0]!.headers.authorization).toBe(`Basic ${basicOf(CLIENT_ID, CLIENT_SECRET)}`);
		});
	}

	test('a stored, still valid token does not make a wrong secret pass', async () => {
		const sim = await freshSim();
		const validToken = sim.issueToken();
		const result = await pressTest({
			environment: 'custom', baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: 'typo-secret', accessToken: validToken,
		});
		expect(result.status).toBe('Error');
		expect(tokenRequests(sim)).toHaveLength(1);
		expect(sim.requests).toHaveLength(1);
	});

	test('wrong secret → Error naming Client ID / Client Secret and Environment, no secret in it', async () => {
		const sim = await freshSim();
		const secret = 'wrong-secret-xyz';
		const result = await pressTest({
			environment: 'custom', baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: secret, accessToken: '',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^SePay rejected the Client ID \/ Client Secret \(UNAUTHORIZED: .+\)\. Check both values .*Environment/);
		expect(result.message).not.toContain(secret);
		expect(result.message).not.toContain(basicOf(CLIENT_ID, secret));
		expect(tokenRequests(sim)).toHaveLength(1);
	});

	test('missing client id → Error, nothing sent', async () => {
		const sim = await freshSim();
		const result = await pressTest({ environment: 'custom', baseUrl: sim.url, clientId: ' ', clientSecret: CLIENT_SECRET });
		expect(result).toEqual({
			status: 'Error',
			message: 'SePay Client ID and Client Secret are required. Open the SePay eInvoice API credential and fill in both values from my.sepay.vn.',
		});
		expect(sim.requests).toHaveLength(0);
	});

	test('custom environment without a valid base URL → Error, nothing sent', async () => {
		const result = await pressTest({ environment: 'custom', baseUrl: 'einvoice.local', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The SePay Base URL is not a valid http\(s\) URL/);
	});

	test('token endpoint 500 → Error (the test does not retry: the user is waiting)', async () => {
		const sim = await freshSim();
		sim.queueFault({ method: 'POST', path: '/v1/token', kind: 'serverError', status: 500 });
		const result = await pressTest({ environment: 'custom', baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^SePay could not issue an access token \(HTTP 500\)/);
		expect(tokenRequests(sim)).toHaveLength(1);
	});

	test('unreachable base URL → Error naming the URL, no secret', async () => {
		const sim = await freshSim();
		const deadUrl = sim.url;
		await sim.close();
		const result = await pressTest({ environment: 'custom', baseUrl: deadUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`Could not reach SePay at ${deadUrl} (ECONNREFUSED). Check the Environment / Base URL in the credential and that this n8n server can reach it.`,
		);
		expect(result.message).not.toContain(CLIENT_SECRET);
	});
});
