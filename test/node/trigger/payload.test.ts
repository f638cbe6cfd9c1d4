/* eslint-disable */
// SePay Trigger payload handling: the typed output item, and malformed bodies (400, no workflow).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { SAMPLE, TriggerHost } from './harness';

let host: TriggerHost;
beforeAll(async () => {
	// Many posts reuse the sample's id: repeated-delivery skipping is tested in deliveries.test.ts.
	host = await TriggerHost.start({ parameters: { authentication: 'none', transferType: 'both', skipRepeatedDeliveries: false } });
});
afterAll(async () => await host.close());

async function item(body: unknown) {
	const result = await host.post(body);
	expect(result.status, result.text).toBe(200);
	expect(result.items).toHaveLength(1);
	return result.items![0];
}

describe('typed output', () => {
	test('the documented sample → exactly one item with typed fields and invoiceReferenceCode', async () => {
		const out = await item(SAMPLE);
		expect(out).toEqual({
			json: {
				id: 92704,
				gateway: 'Vietcombank',
				transactionDate: '2023-03-25 14:02:37',
				transactionDateIso: '2023-03-25T14:02:37+07:00',
				accountNumber: '0123499999',
				subAccount: null,
				code: null,
				content: 'chuyen tien mua iphone',
				transferType: 'in',
				transferAmount: 2277000,
				accumulated: 19077000,
				referenceCode: 'MBVCB.3278907687',
				description: '',
				invoiceReferenceCode: 'SEPAY-92704',
			},
		});
	});

	test('numbers sent as strings become numbers', async () => {
		const out = await item({
			...SAMPLE,
			id: '92705',
			transferAmount: '2,277,000',
			accumulated: ' 19077000 ',
		});
		expect(out.json.id).toBe(92705);
		expect(out.json.transferAmount).toBe(2277000);
		expect(out.json.accumulated).toBe(19077000);
		expect(out.json.invoiceReferenceCode).toBe('SEPAY-92705');
	});

	test('decimal amounts are kept (USD/VA cents), unparsable or missing accumulated → null', async () => {
		expect((await item({ ...SAMPLE, transferAmount: '1500.50' })).json.transferAmount).toBe(1500.5);
		expect((await item({ ...SAMPLE, accumulated: 'n/a' })).json.accumulated).toBeNull();
		const { accumulated, ...noAccumulated } = SAMPLE;
		expect((await item(noAccumulated)).json.accumulated).toBeNull();
	});

	test('payment code and sub-account: trimmed, blank → null', async () => {
		const out = await item({ ...SAMPLE, code: '  DH123 ', subAccount: '' });
		expect(out.json.code).toBe('DH123');
		expect(out.json.subAccount).toBeNull();
		expect((await item({ ...SAMPLE, code: 12345 })).json.code).toBe('12345');
	});

	test('missing optional text fields → null, not undefined', async () => {
		const out = await item({ id: 7, transferAmount: 1000, transferType: 'in' });
		expect(out.json).toEqual({
			id: 7,
			gateway: null,
			transactionDate: null,
			transactionDateIso: null,
			accountNumber: null,
			subAccount: null,
			code: null,
			content: null,
			transferType: 'in',
			transferAmount: 1000,
			accumulated: null,
			referenceCode: null,
			description: null,
			invoiceReferenceCode: 'SEPAY-7',
		});
	});

	test.each([
		['2023-03-25 14:02:37', '2023-03-25T14:02:37+07:00'],
		['2024-02-29 00:00:00', '2024-02-29T00:00:00+07:00'],
		['2023-12-31 23:59', '2023-12-31T23:59:00+07:00'],
		['2023-03-25T14:02:37', '2023-03-25T14:02:37+07:00'],
		['2023-03-25T07:02:37Z', '2023-03-25T14:02:37+07:00'],
		['2023-03-25T20:02:37.000Z', '2023-03-26T03:02:37+07:00'],
		['2023-03-25T14:02:37+07:00', '2023-03-25T14:02:37+07:00'],
		['2023-02-30 10:00:00', null],
		['2023-03-25 24:00:00', null],
		['25/03/2023 14:02:37', null],
		['', null],
	])('transactionDate %j → transactionDateIso %j (original kept)', async (date, iso) => {
		const out = await item({ ...SAMPLE, transactionDate: date });
		expect(out.json.transactionDate).toBe(date);
		expect(out.json.transactionDateIso).toBe(iso);
	});

	test('transfer types credit/debit (Bank Hub wording) map to in/out', async () => {
		expect((await item({ ...SAMPLE, transferType: 'credit' })).json.transferType).toBe('in');
		expect((await item({ ...SAMPLE, transferType: 'debit' })).json.transferType).toBe('out');
	});

	test('unknown extra fields are kept after the typed ones; __proto__ is dropped', async () => {
		const raw = JSON.stringify({ ...SAMPLE, bankBrandName: 'VCB', va: 'VA1' }).replace(
			/}$/,
			',"__proto__":{"polluted":true}}',
		);
		const result = await host.post(undefined, { raw });
		expect(result.status).toBe(200);
		const json = result.items![0].json;
		expect(json.bankBrandName).toBe('VCB');
		expect(json.va).toBe('VA1');
		expect(Object.keys(json).slice(-2)).toEqual(['bankBrandName', 'va']);
		expect(Object.prototype.hasOwnProperty.call(json, '__proto__')).toBe(false);
		expect(({} as any).polluted).toBeUndefined();
		expect((json as any).polluted).toBeUndefined();
	});

	test('a JSON body sent as text/plain is parsed too', async () => {
		const result = await host.post(undefined, { raw: JSON.stringify(SAMPLE), contentType: 'text/plain' });
		expect(result.status).toBe(200);
		expect(result.items![0].json.invoiceReferenceCode).toBe('SEPAY-92704');
	});
});

describe('malformed payloads → 400 {"success": false, message}, no workflow', () => {
	async function rejected(body: unknown, message: string, options: Parameters<TriggerHost['post']>[1] = {}) {
		const result = await host.post(body, options);
		expect(result.status, result.text).toBe(400);
		expect(result.contentType).toBe('application/json; charset=utf-8');
		expect(result.body).toEqual({ success: false, message: `Invalid SePay transaction: ${message}` });
		expect(result.call.result).toEqual({ noWebhookResponse: true });
		expect(result.items).toBeUndefined();
	}

	test('not an object', async () => {
		const message = 'Body must be a JSON object (one SePay transaction)';
		await rejected([SAMPLE], message);
		await rejected(42, message);
		await rejected(true, message);
		// A JSON string is taken for a JSON text sent as a string, and must parse to an object.
		await rejected('hello', 'Body is not valid JSON');
		await rejected('[1]', message);
	});

	test('empty body (n8n turns it into {}) or another content type', async () => {
		await rejected(undefined, 'Field "id" is missing');
		await rejected(null, 'Field "id" is missing'); // n8n's body parser: req.body ??= {}
		await rejected(undefined, 'Field "id" is missing', { raw: 'id=1&transferAmount=2', contentType: 'application/x-www-form-urlencoded-unknown' });
		await rejected(undefined, 'Field "id" is missing', { raw: JSON.stringify(SAMPLE), contentType: null });
	});

	test('text/plain that is not JSON', async () => {
		await rejected(undefined, 'Body is not valid JSON', { raw: 'id=1', contentType: 'text/plain' });
	});

	test('missing or invalid id', async () => {
		const { id, ...noId } = SAMPLE;
		await rejected(noId, 'Field "id" is missing');
		await rejected({ ...SAMPLE, id: null }, 'Field "id" is missing');
		await rejected({ ...SAMPLE, id: '' }, 'Field "id" is missing');
		for (const bad of ['abc', -1, 0, 1.5, '12x', true, { a: 1 }]) {
			await rejected({ ...SAMPLE, id: bad }, 'Field "id" must be a positive integer');
		}
	});

	test('missing or invalid transferAmount', async () => {
		const { transferAmount, ...noAmount } = SAMPLE;
		await rejected(noAmount, 'Field "transferAmount" is missing');
		await rejected({ ...SAMPLE, transferAmount: null }, 'Field "transferAmount" is missing');
		for (const bad of ['abc', -5, '1.2.3', [100], true]) {
			await rejected({ ...SAMPLE, transferAmount: bad }, 'Field "transferAmount" must be a number ≥ 0');
		}
	});

	test('missing or unknown transferType', async () => {
		const { transferType, ...noType } = SAMPLE;
		await rejected(noType, 'Field "transferType" must be "in" or "out"');
		await rejected({ ...SAMPLE, transferType: 'sideways' }, 'Field "transferType" must be "in" or "out"');
	});

	test('invalid JSON with application/json is refused by n8n itself (422), the node never runs', async () => {
		const result = await host.post(undefined, { raw: '{"id": 1,' });
		expect(result.status).toBe(422);
		expect(result.call.nodeCalled).toBe(false);
	});

	test('only POST on the node path reaches the node', async () => {
		const get = await host.post(undefined, { method: 'GET' });
		expect(get.status).toBe(404);
		expect(get.call.nodeCalled).toBe(false);
		expect(host.webhookUrl).toMatch(/\/webhook\/b6a2b1f4-4f1e-4c55-9d0a-5e9f2a1c0001\/sepay$/);
	});
});
