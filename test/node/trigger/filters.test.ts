// SePay Trigger filters and success response. A filtered-out delivery is still acknowledged
// with the success reply (so SePay does not retry) but starts no workflow.
import { describe, expect, test } from 'vitest';
import type { INodeParameters } from 'n8n-workflow';

import { SAMPLE, hostForTest } from './harness';
import type { TriggerHost } from './harness';

async function start(parameters: INodeParameters): Promise<TriggerHost> {
	return await hostForTest({ parameters: { authentication: 'none', skipRepeatedDeliveries: false, ...parameters } });
}

/** Posts each transaction and returns the ids that started a workflow; every reply must be a success. */
async function passing(h: TriggerHost, transactions: Record<string, unknown>[], status = 200): Promise<number[]> {
	const started: number[] = [];
	for (const transaction of transactions) {
		const result = await h.post(transaction);
		expect(result.status, JSON.stringify(transaction)).toBe(status);
		expect(result.text).toBe('{"success":true}');
		expect(result.call.result?.noWebhookResponse).toBe(true);
		if (result.items !== undefined) {
			expect(result.items).toHaveLength(1);
			started.push(result.items[0].json.id as number);
		} else {
			expect(result.call.result).toEqual({ noWebhookResponse: true });
		}
	}
	return started;
}

const tx = (id: number, fields: Record<string, unknown> = {}) => ({ ...SAMPLE, id, ...fields });

describe('transfer type', () => {
	const both = [tx(1, { transferType: 'in' }), tx(2, { transferType: 'out' })];

	test('default is money in only', async () => {
		const h = await start({});
		expect(h.triggerNode.parameters.transferType).toBe('in');
		expect(await passing(h, both)).toEqual([1]);
	});

	test('in', async () => {
		expect(await passing(await start({ transferType: 'in' }), both)).toEqual([1]);
	});

	test('out', async () => {
		expect(await passing(await start({ transferType: 'out' }), both)).toEqual([2]);
	});

	test('both', async () => {
		expect(await passing(await start({ transferType: 'both' }), both)).toEqual([1, 2]);
	});

	test('type is read case-insensitively (IN/Out)', async () => {
		const h = await start({ transferType: 'out' });
		expect(await passing(h, [tx(1, { transferType: 'IN' }), tx(2, { transferType: 'Out' })])).toEqual([2]);
	});
});

describe('minimum amount', () => {
	test('keeps amounts ≥ the minimum, string amounts included', async () => {
		const h = await start({ filters: { minAmount: 100000 } });
		const started = await passing(h, [
			tx(1, { transferAmount: 99999 }),
			tx(2, { transferAmount: 100000 }),
			tx(3, { transferAmount: '150,000' }),
			tx(4, { transferAmount: '99999' }),
			tx(5, { transferAmount: 0 }),
		]);
		expect(started).toEqual([2, 3]);
	});

	test('0 means any amount, including 0', async () => {
		const h = await start({ filters: { minAmount: 0 } });
		expect(await passing(h, [tx(1, { transferAmount: 0 }), tx(2, { transferAmount: 1 })])).toEqual([1, 2]);
	});
});

describe('account numbers', () => {
	test('only listed accounts (comma-separated, spaces ignored)', async () => {
		const h = await start({ filters: { accountNumbers: ' 0123499999 ,0987654321' } });
		const started = await passing(h, [
			tx(1, { accountNumber: '0123499999' }),
			tx(2, { accountNumber: '0987654321' }),
			tx(3, { accountNumber: '0000000001' }),
			tx(4, { accountNumber: null }),
			tx(5, { accountNumber: '012349999' }),
		]);
		expect(started).toEqual([1, 2]);
	});

	test('an empty list does not filter', async () => {
		const h = await start({ filters: { accountNumbers: '' } });
		expect(await passing(h, [tx(1, { accountNumber: null }), tx(2, { accountNumber: 'x' })])).toEqual([1, 2]);
	});
});

describe('sub-accounts (VA)', () => {
	test('only listed virtual accounts, case-insensitive', async () => {
		const h = await start({ filters: { subAccounts: 'VA001, va002' } });
		const started = await passing(h, [
			tx(1, { subAccount: 'VA001' }),
			tx(2, { subAccount: 'VA002' }),
			tx(3, { subAccount: 'VA003' }),
			tx(4, { subAccount: null }),
		]);
		expect(started).toEqual([1, 2]);
	});
});

describe('payment code', () => {
	const codes = [
		tx(1, { code: null }),
		tx(2, { code: '' }),
		tx(3, { code: '   ' }),
		tx(4, { code: 'DH123' }),
		tx(5, { code: 'dh456' }),
		tx(6, { code: 'XDH789' }),
		tx(7, { code: 'ORD1' }),
	];

	test('off by default: transactions without a code start the workflow', async () => {
		expect(await passing(await start({}), codes)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	test('required: only a non-blank code passes', async () => {
		const h = await start({ filters: { requirePaymentCode: true } });
		expect(await passing(h, codes)).toEqual([4, 5, 6, 7]);
	});

	test('prefix: case-insensitive startsWith, no code never matches', async () => {
		const h = await start({ filters: { paymentCodePrefix: 'DH' } });
		expect(await passing(h, codes)).toEqual([4, 5]);
	});

	test('several prefixes, comma-separated', async () => {
		const h = await start({ filters: { paymentCodePrefix: 'DH, ORD' } });
		expect(await passing(h, codes)).toEqual([4, 5, 7]);
	});
});

describe('filters combine (all must match)', () => {
	test('in + min amount + account + prefix', async () => {
		const h = await start({
			transferType: 'in',
			filters: { minAmount: 50000, accountNumbers: '111', paymentCodePrefix: 'DH' },
		});
		const ok = { transferType: 'in', transferAmount: 50000, accountNumber: '111', code: 'DH1' };
		const started = await passing(h, [
			tx(1, ok),
			tx(2, { ...ok, transferType: 'out' }),
			tx(3, { ...ok, transferAmount: 49999 }),
			tx(4, { ...ok, accountNumber: '222' }),
			tx(5, { ...ok, code: 'XX1' }),
		]);
		expect(started).toEqual([1]);
	});
});

describe('success response', () => {
	test('default 200 with exactly {"success":true} as JSON', async () => {
		const h = await start({});
		const result = await h.post(SAMPLE);
		expect(result.status).toBe(200);
		expect(result.contentType).toBe('application/json; charset=utf-8');
		expect(result.text).toBe('{"success":true}');
	});

	test('Response Code 201: accepted and filtered-out deliveries both answer 201', async () => {
		const h = await start({ options: { responseCode: 201 } });
		expect(await passing(h, [tx(1), tx(2, { transferType: 'out' })], 201)).toEqual([1]);
	});

	test('errors keep their own status whatever the Response Code', async () => {
		const h = await start({ options: { responseCode: 201 } });
		const result = await h.post({ id: 1 });
		expect(result.status).toBe(400);
	});
});
