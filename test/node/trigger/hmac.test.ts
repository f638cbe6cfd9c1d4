/* eslint-disable */
// SePay Trigger authentication: HMAC-SHA256 (X-SePay-Signature over the raw body, X-SePay-
// Timestamp), over real HTTP through n8n-core's WebhookContext. The test signs with its own
// HMAC (node:crypto), not with the node's code. A refused call answers 401, starts no run and
// logs a reason that names no secret.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { SAMPLE, TriggerHost, credentialStore, triggerNodeType } from './harness';
import type { PostResult } from './harness';

const SECRET = 'whsec_3c9e1a7f5b2d4c6e8a0f';
const OTHER_SECRET = 'whsec_0000aaaa1111bbbb2222';

interface SignOptions {
	secret?: string;
	timestamp?: number | string;
	content?: 'timestampBody' | 'body';
	encoding?: 'hex' | 'base64' | 'base64url';
	prefix?: string;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The headers SePay sends for this exact body text. */
function signed(raw: string, options: SignOptions = {}): Record<string, string> {
	const timestamp = String(options.timestamp ?? nowSeconds());
	const hmac = createHmac('sha256', options.secret ?? SECRET);
	if ((options.content ?? 'timestampBody') === 'timestampBody') hmac.update(`${timestamp}.`);
	const digest = hmac.update(raw, 'utf8').digest(options.encoding ?? 'hex');
	return { 'x-sepay-signature': `${options.prefix ?? 'sha256='}${digest}`, 'x-sepay-timestamp': timestamp };
}

let nextId = 500_000;
/** A fresh transaction (its own id) as the exact JSON text SePay would send. */
function delivery(extra: Record<string, unknown> = {}): string {
	return JSON.stringify({ ...SAMPLE, id: ++nextId, ...extra });
}

function expectRefused(result: PostResult, message: string | RegExp) {
	expect(result.status, result.text).toBe(401);
	expect(result.contentType).toBe('application/json; charset=utf-8');
	expect(result.body.success).toBe(false);
	if (typeof message === 'string') expect(result.body.message).toBe(message);
	else expect(result.body.message).toMatch(message);
	expect(result.call.error).toBeUndefined();
	expect(result.call.result).toEqual({ noWebhookResponse: true });
	expect(result.items).toBeUndefined();
	const warnings = result.logs.filter((entry) => entry.level === 'warn');
	expect(warnings, JSON.stringify(result.logs)).toHaveLength(1);
	expect(warnings[0].message).toContain('refused a webhook call (401)');
	for (const secret of [SECRET, OTHER_SECRET]) expect(JSON.stringify(result.logs)).not.toContain(secret);
	expect(result.text).not.toContain(SECRET);
	return warnings[0].message;
}

function expectOneRun(result: PostResult, raw: string) {
	expect(result.status, result.text).toBe(200);
	expect(result.text).toBe('{"success":true}');
	expect(result.items).toHaveLength(1);
	expect(result.items![0].json.id).toBe(JSON.parse(raw).id);
	expect(result.logs.filter((entry) => entry.level === 'warn')).toEqual([]);
}

describe('HMAC-SHA256, Signed Content timestamp.body (default)', () => {
	let host: TriggerHost;
	beforeAll(async () => {
		host = await TriggerHost.start({
			parameters: { authentication: 'hmac' },
			store: credentialStore({ hmac: { secret: SECRET } }),
		});
	});
	afterAll(async () => await host.close());

	test('a correctly signed delivery → 200 {"success": true} and one run with the transaction', async () => {
		const raw = delivery();
		const result = await host.post(undefined, { raw, headers: signed(raw) });
		expectOneRun(result, raw);
		const { output } = await host.runFromTrigger(result.call.result!.workflowData!);
		expect(output('SePay Trigger').items.map((item) => item.json.invoiceReferenceCode)).toEqual([`SEPAY-${nextId}`]);
	});

	test('hex or base64, with or without the sha256= prefix, are all accepted', async () => {
		const variants: SignOptions[] = [
			{ encoding: 'hex', prefix: 'sha256=' },
			{ encoding: 'hex', prefix: '' },
			{ encoding: 'hex', prefix: 'SHA256=' },
			{ encoding: 'base64', prefix: 'sha256=' },
			{ encoding: 'base64', prefix: '' },
			{ encoding: 'base64url', prefix: '' },
		];
		for (const variant of variants) {
			const raw = delivery();
			const result = await host.post(undefined, { raw, headers: signed(raw, variant) });
			expect(result.status, JSON.stringify(variant)).toBe(200);
			expect(result.items, JSON.stringify(variant)).toHaveLength(1);
		}
		const raw = delivery();
		const upper = signed(raw);
		upper['x-sepay-signature'] = `sha256=${upper['x-sepay-signature'].slice(7).toUpperCase()}`;
		expect((await host.post(undefined, { raw, headers: upper })).items).toHaveLength(1);
	});

	test('the signature is checked over the raw bytes: spacing and Vietnamese text as sent', async () => {
		const raw = JSON.stringify({ ...SAMPLE, id: ++nextId, content: 'chuyển tiền mua điện thoại' }, null, 2);
		const result = await host.post(undefined, { raw, headers: signed(raw) });
		expectOneRun(result, raw);
		expect(result.items![0].json.content).toBe('chuyển tiền mua điện thoại');
		// The same transaction re-serialised by someone else is not what SePay signed.
		const compact = JSON.stringify(JSON.parse(raw));
		expectRefused(await host.post(undefined, { raw: compact, headers: signed(raw) }), 'Invalid signature');
	});

	test('a wrong secret → 401 "Invalid signature", no run, the log says why and names no secret', async () => {
		const raw = delivery();
		const reason = expectRefused(await host.post(undefined, { raw, headers: signed(raw, { secret: OTHER_SECRET }) }), 'Invalid signature');
		expect(reason).toContain('does not match the body (Signed Content: timestamp.body)');
	});

	test('a tampered body (amount changed after signing) → 401, no run', async () => {
		const raw = delivery();
		const tampered = raw.replace('"transferAmount":2277000', '"transferAmount":9277000');
		expect(tampered).not.toBe(raw);
		expectRefused(await host.post(undefined, { raw: tampered, headers: signed(raw) }), 'Invalid signature');
	});

	test('the timestamp is part of what is signed: another timestamp with the same signature → 401', async () => {
		const raw = delivery();
		const headers = signed(raw, { timestamp: nowSeconds() - 10 });
		headers['x-sepay-timestamp'] = String(nowSeconds());
		expectRefused(await host.post(undefined, { raw, headers }), 'Invalid signature');
	});

	test('a body-only signature does not pass as timestamp.body', async () => {
		const raw = delivery();
		expectRefused(await host.post(undefined, { raw, headers: signed(raw, { content: 'body' }) }), 'Invalid signature');
	});

	test('a stale or future timestamp (over 5 minutes off) → 401 naming the window; 4 minutes is fine', async () => {
		for (const offset of [-6 * 60, 6 * 60, -3600 * 24]) {
			const raw = delivery();
			const reason = expectRefused(
				await host.post(undefined, { raw, headers: signed(raw, { timestamp: nowSeconds() + offset }) }),
				"X-SePay-Timestamp is more than 5 minutes from the server's clock",
			);
			expect(reason).toContain('(allowed: 5)');
		}
		const raw = delivery();
		expectOneRun(await host.post(undefined, { raw, headers: signed(raw, { timestamp: nowSeconds() - 4 * 60 }) }), raw);
	});

	test('a missing or non-numeric timestamp → 401, no run', async () => {
		const raw = delivery();
		const headers = signed(raw);
		delete headers['x-sepay-timestamp'];
		expectRefused(await host.post(undefined, { raw, headers }), 'Missing X-SePay-Timestamp header');
		for (const timestamp of ['2026-11-25T14:02:37Z', '17e8', '-1700000000']) {
			expectRefused(
				await host.post(undefined, { raw, headers: signed(raw, { timestamp }) }),
				'X-SePay-Timestamp must be Unix seconds',
			);
		}
	});

	test('an unsigned request → 401, no run', async () => {
		const raw = delivery();
		expectRefused(await host.post(undefined, { raw }), 'Missing X-SePay-Signature header');
		expectRefused(await host.post(undefined, { raw, headers: { 'x-sepay-timestamp': String(nowSeconds()) } }), 'Missing X-SePay-Signature header');
		// An API key instead of a signature is no signature.
		expectRefused(await host.post(undefined, { raw, headers: { authorization: `Apikey ${SECRET}` } }), 'Missing X-SePay-Signature header');
	});

	test('a wrong prefix or format → 401, no run', async () => {
		const raw = delivery();
		const good = signed(raw)['x-sepay-signature'].slice('sha256='.length);
		const timestamp = String(nowSeconds());
		const sha1 = createHmac('sha1', SECRET).update(`${timestamp}.${raw}`).digest('hex');
		const sha512 = createHmac('sha512', SECRET).update(`${timestamp}.${raw}`).digest('hex');
		for (const signature of [`sha1=${sha1}`, `sha512=${sha512}`, `md5=${good}`, `sha256:${good}`, `v1,${good}`, good.slice(0, 63), `${good}0`, 'sha256=', 'not a signature']) {
			const reason = expectRefused(
				await host.post(undefined, { raw, headers: { 'x-sepay-signature': signature, 'x-sepay-timestamp': timestamp } }),
				'X-SePay-Signature must be "sha256=" followed by 64 hex characters or base64',
			);
			expect(reason).toContain('is not an HMAC-SHA256 value');
		}
	});

	test('the signature is checked before the body: a malformed body unsigned is 401, not 400', async () => {
		expectRefused(await host.post([1, 2, 3]), 'Missing X-SePay-Signature header');
		const raw = '[1,2,3]';
		const result = await host.post(undefined, { raw, headers: signed(raw) });
		expect(result.status).toBe(400);
	});
});

describe('HMAC-SHA256, Signed Content body only', () => {
	let host: TriggerHost;
	beforeAll(async () => {
		host = await TriggerHost.start({
			parameters: { authentication: 'hmac', signedContent: 'body' },
			store: credentialStore({ hmac: { secret: SECRET } }),
		});
	});
	afterAll(async () => await host.close());

	test('a signature over the raw body alone → one run; hex and base64', async () => {
		for (const encoding of ['hex', 'base64'] as const) {
			const raw = delivery();
			expectOneRun(await host.post(undefined, { raw, headers: signed(raw, { content: 'body', encoding }) }), raw);
		}
	});

	test('a timestamp.body signature, a tampered body or a wrong secret → 401', async () => {
		const raw = delivery();
		const reason = expectRefused(await host.post(undefined, { raw, headers: signed(raw) }), 'Invalid signature');
		expect(reason).toContain('(Signed Content: body only)');
		expectRefused(await host.post(undefined, { raw: raw.replace('"in"', '"out"'), headers: signed(raw, { content: 'body' }) }), 'Invalid signature');
		expectRefused(await host.post(undefined, { raw, headers: signed(raw, { content: 'body', secret: OTHER_SECRET }) }), 'Invalid signature');
	});

	test('the timestamp is still required and must be inside the window', async () => {
		const raw = delivery();
		const headers = signed(raw, { content: 'body' });
		delete headers['x-sepay-timestamp'];
		expectRefused(await host.post(undefined, { raw, headers }), 'Missing X-SePay-Timestamp header');
		expectRefused(
			await host.post(undefined, { raw, headers: signed(raw, { content: 'body', timestamp: nowSeconds() - 600 }) }),
			/more than 5 minutes/,
		);
	});
});

describe('HMAC options and credential', () => {
	test('Timestamp Tolerance widens (or narrows) the window', async () => {
		const host = await TriggerHost.start({
			parameters: { authentication: 'hmac', options: { timestampToleranceMinutes: 10 } },
			store: credentialStore({ hmac: { secret: SECRET } }),
		});
		try {
			const raw = delivery();
			expectOneRun(await host.post(undefined, { raw, headers: signed(raw, { timestamp: nowSeconds() - 9 * 60 }) }), raw);
			const late = delivery();
			expectRefused(
				await host.post(undefined, { raw: late, headers: signed(late, { timestamp: nowSeconds() - 11 * 60 }) }),
				"X-SePay-Timestamp is more than 10 minutes from the server's clock",
			);
		} finally {
			await host.close();
		}
		const strict = await TriggerHost.start({
			parameters: { authentication: 'hmac', options: { timestampToleranceMinutes: 1 } },
			store: credentialStore({ hmac: { secret: SECRET } }),
		});
		try {
			const raw = delivery();
			expectRefused(await strict.post(undefined, { raw, headers: signed(raw, { timestamp: nowSeconds() - 120 }) }), /more than 1 minutes/);
		} finally {
			await strict.close();
		}
	});

	test('a stored secret pasted with a trailing newline still verifies; the signature is over the trimmed secret', async () => {
		const host = await TriggerHost.start({
			parameters: { authentication: 'hmac' },
			store: credentialStore({ hmac: { secret: `  ${SECRET}\n` } }),
		});
		try {
			const raw = delivery();
			expectOneRun(await host.post(undefined, { raw, headers: signed(raw) }), raw);
		} finally {
			await host.close();
		}
	});

	test('HMAC without a credential, or with an empty secret → 500, no run (SePay retries after the fix)', async () => {
		for (const options of [{ attachCredential: false }, { store: credentialStore({ hmac: { secret: '  ' } }) }]) {
			const host = await TriggerHost.start({ parameters: { authentication: 'hmac' }, ...options });
			try {
				const raw = delivery();
				const result = await host.post(undefined, { raw, headers: signed(raw) });
				expect(result.status).toBe(500);
				expect(result.body).toEqual({ success: false, message: 'SePay Trigger has no HMAC signing secret configured' });
				expect(result.items).toBeUndefined();
				expect(result.logs.map((entry) => entry.level)).toEqual(['warn']);
			} finally {
				await host.close();
			}
		}
	});

	describe('credential test (testedBy: sePayWebhookHmacSecretTest)', () => {
		const testSecret = (secret: unknown) =>
			triggerNodeType.methods.credentialTest.sePayWebhookHmacSecretTest.call({} as never, {
				id: '1',
				name: 's',
				type: 'sePayWebhookHmacApi',
				data: { secret } as never,
			});

		test('a usable secret → OK, saying SePay cannot verify it remotely, without echoing it', async () => {
			for (const secret of [SECRET, `${SECRET}\n`, 'a'.repeat(16)]) {
				const result = await testSecret(secret);
				expect(result.status, secret).toBe('OK');
				expect(result.message).toContain('send a test webhook from my.sepay.vn');
				expect(result.message).not.toContain(SECRET);
			}
		});

		test('empty, blank, inner whitespace, a pasted signature, or too short → Error naming the problem', async () => {
			expect(await testSecret('')).toEqual({ status: 'Error', message: 'Signing Secret is empty' });
			expect(await testSecret(' \n ')).toEqual({ status: 'Error', message: 'Signing Secret is empty' });
			expect(await testSecret(undefined)).toEqual({ status: 'Error', message: 'Signing Secret is empty' });
			expect(await testSecret('whsec_abc def_0123456789')).toEqual({ status: 'Error', message: 'Signing Secret must not contain spaces or line breaks' });
			expect((await testSecret(`sha256=${'ab'.repeat(32)}`)).message).toMatch(/^This looks like a signature \(sha256=…\), not the signing secret/);
			const short = await testSecret('abc123');
			expect(short.status).toBe('Error');
			expect(short.message).toMatch(/^Signing Secret has only 6 characters \(at least 16 expected\)/);
			expect(short.message).not.toContain('abc123');
		});
	});
});
