/* eslint-disable */
// SePay Trigger authentication: None / API Key (`Authorization: Apikey <key>`), over real HTTP
// through n8n-core's WebhookContext. A rejected call answers 401/500 and starts no workflow.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeHelpers } from 'n8n-workflow';

import { SAMPLE, TriggerHost, credentialStore, triggerNodeType } from './harness';

const KEY = 'sk_live_7f3a9c2e5b1d4e6f';

function expectNoWorkflow(result: Awaited<ReturnType<TriggerHost['post']>>) {
	expect(result.call.nodeCalled).toBe(true);
	expect(result.call.error).toBeUndefined();
	expect(result.call.result).toEqual({ noWebhookResponse: true });
	expect(result.items).toBeUndefined();
}

describe('authentication: none', () => {
	let host: TriggerHost;
	beforeAll(async () => {
		host = await TriggerHost.start({ parameters: { authentication: 'none', skipRepeatedDeliveries: false } });
	});
	afterAll(async () => await host.close());

	test('accepts a call without Authorization and starts the workflow', async () => {
		const result = await host.post(SAMPLE);
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ success: true });
		expect(result.items).toHaveLength(1);
		expect(result.items![0].json.id).toBe(92704);
		expect(result.call.result?.noWebhookResponse).toBe(true);
	});

	test('ignores whatever Authorization header arrives', async () => {
		const result = await host.post(SAMPLE, { headers: { authorization: 'Apikey anything' } });
		expect(result.status).toBe(200);
		expect(result.items).toHaveLength(1);
	});

	test('needs no credential: none is attached and none is read', async () => {
		expect(host.triggerNode.credentials).toBeUndefined();
		const result = await host.post({ ...SAMPLE, id: 5 });
		expect(result.items![0].json.invoiceReferenceCode).toBe('SEPAY-5');
	});
});

describe('authentication: API key', () => {
	let host: TriggerHost;
	beforeAll(async () => {
		host = await TriggerHost.start({
			parameters: { authentication: 'apiKey', skipRepeatedDeliveries: false },
			store: credentialStore({ webhook: { apiKey: KEY } }),
		});
	});
	afterAll(async () => await host.close());

	test('is the default authentication', () => {
		expect(host.triggerNode.parameters.authentication).toBe('apiKey');
	});

	test('right key → 200 {"success": true} and one item', async () => {
		const result = await host.post(SAMPLE, { headers: { authorization: `Apikey ${KEY}` } });
		expect(result.status).toBe(200);
		expect(result.contentType).toBe('application/json; charset=utf-8');
		expect(result.text).toBe('{"success":true}');
		expect(result.items).toHaveLength(1);
		expect(result.items![0].json.id).toBe(92704);
	});

	test('scheme is case-insensitive and surrounding spaces are ignored', async () => {
		for (const header of [`APIKEY ${KEY}`, `apikey ${KEY}`, `  Apikey   ${KEY}  `]) {
			const result = await host.post(SAMPLE, { headers: { authorization: header } });
			expect(result.status, header).toBe(200);
			expect(result.items, header).toHaveLength(1);
		}
	});

	test('wrong key → 401 JSON, no workflow, neither key echoed', async () => {
		const result = await host.post(SAMPLE, { headers: { authorization: 'Apikey sk_live_wrong_key_000' } });
		expect(result.status).toBe(401);
		expect(result.contentType).toBe('application/json; charset=utf-8');
		expect(result.wwwAuthenticate).toBe('Apikey');
		expect(result.body).toEqual({ success: false, message: 'Invalid API key' });
		expect(result.text).not.toContain(KEY);
		expect(result.text).not.toContain('sk_live_wrong_key_000');
		expectNoWorkflow(result);
	});

	test('a key that only shares a prefix, or has an extra character, is rejected', async () => {
		for (const key of [KEY.slice(0, -1), `${KEY}x`, KEY.toUpperCase()]) {
			const result = await host.post(SAMPLE, { headers: { authorization: `Apikey ${key}` } });
			expect(result.status, key).toBe(401);
			expectNoWorkflow(result);
		}
	});

	test('missing header → 401 naming the expected header, no workflow', async () => {
		const result = await host.post(SAMPLE);
		expect(result.status).toBe(401);
		expect(result.body).toEqual({ success: false, message: 'Missing "Authorization: Apikey <key>" header' });
		expectNoWorkflow(result);
	});

	test('another scheme or an empty key → 401, no workflow', async () => {
		for (const header of [`Bearer ${KEY}`, KEY, 'Apikey', 'Apikey    ', `Basic ${Buffer.from(`u:${KEY}`).toString('base64')}`]) {
			const result = await host.post(SAMPLE, { headers: { authorization: header } });
			expect(result.status, header).toBe(401);
			expect(result.body.success, header).toBe(false);
			expectNoWorkflow(result);
		}
	});

	test('authentication is checked before the body: a bad body with a bad key is 401, not 400', async () => {
		const result = await host.post([1, 2, 3], { headers: { authorization: 'Apikey nope' } });
		expect(result.status).toBe(401);
		expectNoWorkflow(result);
	});
});

describe('API key credential edge cases', () => {
	test('a stored key pasted with its "Apikey " prefix still matches', async () => {
		const host = await TriggerHost.start({
			parameters: { authentication: 'apiKey' },
			store: credentialStore({ webhook: { apiKey: `Apikey ${KEY}\n` } }),
		});
		try {
			const ok = await host.post(SAMPLE, { headers: { authorization: `Apikey ${KEY}` } });
			expect(ok.status).toBe(200);
			expect(ok.items).toHaveLength(1);
			const wrong = await host.post(SAMPLE, { headers: { authorization: `Apikey Apikey ${KEY}` } });
			expect(wrong.status).toBe(401);
		} finally {
			await host.close();
		}
	});

	test('API key mode without a credential → 500, no workflow (SePay retries after the fix)', async () => {
		const host = await TriggerHost.start({ parameters: { authentication: 'apiKey' }, attachCredential: false });
		try {
			const result = await host.post(SAMPLE, { headers: { authorization: `Apikey ${KEY}` } });
			expect(result.status).toBe(500);
			expect(result.body).toEqual({ success: false, message: 'SePay Trigger has no API key configured' });
			expectNoWorkflow(result);
		} finally {
			await host.close();
		}
	});

	test('an empty stored key never authenticates, not even an empty presented key', async () => {
		const host = await TriggerHost.start({
			parameters: { authentication: 'apiKey' },
			store: credentialStore({ webhook: { apiKey: '' } }),
		});
		try {
			for (const header of ['Apikey ', 'Apikey x']) {
				const result = await host.post(SAMPLE, { headers: { authorization: header } });
				expect(result.status).toBe(500);
				expectNoWorkflow(result);
			}
		} finally {
			await host.close();
		}
	});
});

describe('credential test (testedBy: sePayWebhookApiKeyTest)', () => {
	const testKey = (apiKey: unknown) =>
		triggerNodeType.methods.credentialTest.sePayWebhookApiKeyTest.call({} as never, {
			id: '1',
			name: 'k',
			type: 'sePayWebhookApi',
			data: { apiKey } as never,
		});

	test('the editor asks for the credential of the chosen authentication, tested by a method the node has', () => {
		const description = triggerNodeType.description;
		const host = { parameters: {} } as never;
		const shown = (authentication: string) =>
			description.credentials!
				.filter((credential) => NodeHelpers.displayParameter({ authentication }, credential, host, description))
				.map((credential) => credential.name);
		expect(shown('apiKey')).toEqual(['sePayWebhookApi']);
		expect(shown('hmac')).toEqual(['sePayWebhookHmacApi']);
		expect(shown('none')).toEqual([]);
		for (const credential of description.credentials!) {
			expect(credential.required, credential.name).toBe(true);
			expect(typeof (triggerNodeType.methods.credentialTest as Record<string, unknown>)[credential.testedBy as string], credential.name).toBe('function');
		}
	});

	test('usable key → OK, saying SePay cannot verify it remotely', async () => {
		const result = await testKey(KEY);
		expect(result.status).toBe('OK');
		expect(result.message).toContain('send a test webhook from my.sepay.vn');
		expect(result.message).not.toContain(KEY);
	});

	test('empty or blank key → Error', async () => {
		expect(await testKey('')).toEqual({ status: 'Error', message: 'API Key is empty' });
		expect(await testKey('   ')).toEqual({ status: 'Error', message: 'API Key is empty' });
		expect(await testKey(undefined)).toEqual({ status: 'Error', message: 'API Key is empty' });
	});

	test('key with inner whitespace → Error', async () => {
		expect(await testKey('abc def')).toEqual({
			status: 'Error',
			message: 'API Key must not contain spaces or line breaks',
		});
	});
});
