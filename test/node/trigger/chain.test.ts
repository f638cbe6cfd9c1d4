/* eslint-disable */
// SePay Trigger → SePay eInvoice (Create, Reference Code = {{ $json.invoiceReferenceCode }}) →
// SePay eInvoice (Download PDF), run by n8n-core's WorkflowExecute from the trigger's real output,
// against the SePay simulator. A redelivered webhook (same SePay id) must not issue a second
// invoice: the create hits the existing reference code and returns that invoice.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';

import { SePaySimulator, simulatorCredentials, startSim } from '../../support';
import { SAMPLE, TriggerHost, credentialStore } from './harness';

const KEY = 'whk_4c1d0e7a9b';
let sim: SePaySimulator;
let host: TriggerHost;

beforeAll(async () => {
	sim = await startSim();
	host = await TriggerHost.start({
		// Off, so a redelivery reaches Create and meets the reference-code defence behind the trigger.
		parameters: { authentication: 'apiKey', filters: { requirePaymentCode: true }, skipRepeatedDeliveries: false },
		store: credentialStore({
			webhook: { apiKey: KEY },
			einvoice: simulatorCredentials(sim),
		}),
		downstream: [
			{
				name: 'Create Invoice',
				parameters: {
					resource: 'invoice',
					operation: 'create',
					providerAccount: { __rl: true, mode: 'id', value: sim.activeProviderAccountId },
					templateAndSeries: '1|C26TAA',
					paymentMethod: 'CK',
					buyerType: 'personal',
					buyerName: '={{ "Khách " + $json.code }}',
					lineItems: {
						item: [{ lineType: 1, itemName: '={{ $json.content }}', quantity: 1, unitPrice: '={{ $json.transferAmount }}', taxRate: 'none' }],
					},
					referenceCode: '={{ $json.invoiceReferenceCode }}',
					ifReferenceCodeExists: 'returnExisting',
					pollInterval: 0.5,
				},
			},
			{
				name: 'Download PDF',
				parameters: {
					resource: 'invoice',
					operation: 'download',
					referenceCode: '={{ $json.reference_code }}',
					fileFormat: 'pdf',
				},
			},
		],
	});
});
afterAll(async () => {
	await host.close();
	await sim.close();
});
beforeEach(() => sim.clearRequests());

const payment = { ...SAMPLE, id: 880001, code: 'DH1001', content: 'DH1001 thanh toan don hang', transferAmount: '450000' };

async function deliver(transaction: Record<string, unknown>) {
	const result = await host.post(transaction, { headers: { authorization: `Apikey ${KEY}` } });
	expect(result.status).toBe(200);
	expect(result.body).toEqual({ success: true });
	return result;
}

describe('payment → invoice → PDF', () => {
	test('first delivery creates SEPAY-<id> from the mapped fields and downloads its PDF', async () => {
		const delivery = await deliver(payment);
		const { output } = await host.runFromTrigger(delivery.call.result!.workflowData!);

		expect(output('Create Invoice').error).toBeUndefined();
		const creates = sim.requestsTo('POST', '/v1/invoices/create');
		expect(creates).toHaveLength(1);
		expect(creates[0].body).toMatchObject({
			reference_code: 'SEPAY-880001',
			payment_method: 'CK',
			buyer: { type: 'personal', name: 'Khách DH1001' },
			items: [expect.objectContaining({ item_name: 'DH1001 thanh toan don hang', quantity: 1, unit_price: 450000 })],
		});
		expect(output('Create Invoice').items).toHaveLength(1);
		expect(output('Create Invoice').items[0].json).toMatchObject({ reference_code: 'SEPAY-880001', status: 'Success' });

		const download = output('Download PDF');
		expect(download.error).toBeUndefined();
		expect(download.items).toHaveLength(1);
		expect(download.items[0].json).toMatchObject({ reference_code: 'SEPAY-880001', file_type: 'pdf' });
		expect(download.items[0].binary?.data?.mimeType).toBe('application/pdf');
		expect(sim.stats.invoicesCreated).toBe(1);
	});

	test('SePay redelivers the same transaction: no second invoice, the existing one is returned', async () => {
		const transaction = { ...payment, id: 880003, code: 'DH1003' };
		const first = await deliver(transaction);
		await host.runFromTrigger(first.call.result!.workflowData!);
		const created = sim.stats.invoicesCreated;
		const rejections = sim.stats.duplicateRejections;
		sim.clearRequests();

		const again = await deliver(transaction);
		expect(again.items).toEqual(first.items);
		const { output } = await host.runFromTrigger(again.call.result!.workflowData!);

		expect(output('Create Invoice').error).toBeUndefined();
		expect(output('Create Invoice').items[0].json).toMatchObject({
			reference_code: 'SEPAY-880003',
			already_existed: true,
			status: 'Success',
		});
		expect(sim.stats.invoicesCreated).toBe(created);
		expect(sim.stats.duplicateRejections).toBe(rejections + 1);
		expect(sim.requestsTo('POST', '/v1/invoices/create').map((r) => (r.body as any).reference_code)).toEqual(['SEPAY-880003']);
		expect(output('Download PDF').items[0].json).toMatchObject({ reference_code: 'SEPAY-880003', file_type: 'pdf' });
	});

	test('filtered-out and rejected deliveries never reach SePay eInvoice', async () => {
		const noCode = await deliver({ ...payment, id: 880002, code: null });
		expect(noCode.items).toBeUndefined();
		const badKey = await host.post(payment, { headers: { authorization: 'Apikey wrong' } });
		expect(badKey.status).toBe(401);
		expect(badKey.items).toBeUndefined();
		expect(sim.requests).toHaveLength(0);
	});
});
