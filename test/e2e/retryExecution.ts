/* eslint-disable */
// End-to-end, in `n8n start`: Retry of a failed execution (issue 20), the executions list's Retry
// (`POST /rest/executions/<id>/retry` with `loadWorkflow: false`: a new execution, mode `retry`,
// that runs again from the failed node with the input it had). A published Webhook → Split Out →
// Create (Issue Now, wait, On Error = stop) gets 3 orders; the third fails at SePay, so the
// execution fails after orders 1 and 2 were issued. Retried:
//   - Reference Code empty: the generated codes of the first try cannot be recognised, so the node
//     stops before anything is sent (order 3's failure is the simulator's bad buyer tax code);
//   - Reference Code mapped from the order: orders 1 and 2 come back as the existing invoices
//     (`already_existed: true`) and order 3 is issued (its failure was one forced job failure,
//     as when SePay's provider fails once; the tax code rule would fail it again).
// Either way orders 1 and 2 keep exactly one invoice each. Own simulator and credential, so the
// main run's request and stats checks stay as they are. Used by run-e2e.ts: `credentials` and
// `workflows` are imported with the others (phase 1), `runRetryChecks` runs in phase 3.

import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, INVALID_BUYER_TAX_CODE, SePaySimulator } from '../simulator/index.ts';
import { assert, eq, short } from './checks.ts';
import { hideTokensSentTo, log } from './n8n.ts';
import type { N8nServer } from './n8n.ts';
import { CREDENTIAL_TYPE, createParams, sepayNode, splitOut, webhookTrigger, workflow } from './workflows.ts';

const CREDENTIAL = { id: 'SePayE2eRetry001', name: 'SePay eInvoice (retry simulator)' };
const RETRIED_EMPTY_CODE_ERROR = 'Reference Code: is empty in a retried execution, so the invoices of the first try cannot be recognised [item 0]';
const FORCED_FAILURE = 'Lỗi ký số (mô phỏng)';

interface Order {
	order: string;
	name: string;
	mst: string;
}

interface Variant {
	id: string;
	webhookPath: string;
	label: string;
	/** The Create form's Reference Code. */
	referenceCode: string;
	orders: Order[];
	/** The first execution's error: order 3 failing at SePay. */
	firstError: string;
	/** Sets the simulator up so that order 3 fails in the first execution. */
	failThirdOrder: (sim: SePaySimulator) => void;
	/** Issued invoices per order once the retry finished. */
	issuedAfterRetry: number[];
}

const VARIANTS: Variant[] = [
	{
		id: 'e2e94retrygenerated',
		webhookPath: 'e2e-retry-generated',
		label: 'Reference Code empty',
		referenceCode: '',
		orders: [
			{ order: 'RG-1', name: 'Thử Lại Sinh Mã 1', mst: '0101234567' },
			{ order: 'RG-2', name: 'Thử Lại Sinh Mã 2', mst: '0101234567' },
			{ order: 'RG-3', name: 'Thử Lại Sinh Mã 3', mst: INVALID_BUYER_TAX_CODE },
		],
		firstError: 'SePay could not create the invoice: Mã số thuế người mua không hợp lệ',
		failThirdOrder: () => undefined,
		issuedAfterRetry: [1, 1, 0],
	},
	{
		id: 'e2e95retrymapped',
		webhookPath: 'e2e-retry-mapped',
		label: 'Reference Code mapped',
		referenceCode: '={{ $json.order }}',
		orders: [
			{ order: 'E2E-RETRY-M-1', name: 'Thử Lại Mã Đơn 1', mst: '0101234567' },
			{ order: 'E2E-RETRY-M-2', name: 'Thử Lại Mã Đơn 2', mst: '0101234567' },
			{ order: 'E2E-RETRY-M-3', name: 'Thử Lại Mã Đơn 3', mst: '0101234567' },
		],
		firstError: `SePay could not create the invoice: ${FORCED_FAILURE}`,
		// The three creates are sent together: the failure must pick order 3 by its code.
		failThirdOrder: (sim) => sim.queueJobFailure({ kind: 'create', referenceCode: 'E2E-RETRY-M-3', message: FORCED_FAILURE }),
		issuedAfterRetry: [1, 1, 1],
	},
];

/** Webhook (answers at once) → Split Out `body.orders` → Create (Issue Now, wait, On Error = stop). */
function retryWorkflow(variant: Variant, accountId: string) {
	const trigger = webhookTrigger(variant.webhookPath);
	trigger.parameters = { ...trigger.parameters, responseMode: 'onReceived' };
	const create = sepayNode(
		'Create Invoice',
		createParams(accountId, { buyerType: 'company', buyerName: '={{ $json.name }}', buyerDetails: { taxCode: '={{ $json.mst }}' }, referenceCode: variant.referenceCode }),
		CREDENTIAL,
	);
	return workflow(variant.id, `E2E retry of a failed execution, ${variant.label}`, [[splitOut('Split Orders', 'body.orders'), create]], trigger);
}

export interface RetryCheckContext {
	server: N8nServer;
	check: (name: string, fn: () => void) => void;
	/** The stored run data of one execution. */
	executionData: (id: string) => Promise<any>;
	timings: Array<[string, number]>;
}

export async function startRetryExecution() {
	const sim = await SePaySimulator.start({ processing: { checks: 1, ms: 0 }, seed: 23 });
	hideTokensSentTo(sim);
	const accountId = sim.activeProviderAccountId;
	/** Issued invoices per buyer (each order has its own buyer): generated codes differ per try, buyers do not. */
	const issuedCount = (order: Order) => [...sim.invoices.values()].filter((i) => i.buyer.name === order.name && i.status === 'issued').length;
	const sentSince = (mark: number) => sim.requests.slice(mark).map((r) => `${r.method} ${r.path}${r.method === 'POST' ? ` ${(r.body as any)?.reference_code ?? ''}` : ''}`.trim());

	async function runRetryChecks({ server, check, executionData, timings }: RetryCheckContext): Promise<void> {
		log('\nRetry of a failed execution (n8n start, REST):');
		for (const variant of VARIANTS) {
			let t = Date.now();
			await server.activateWorkflow(variant.id);
			await server.waitForWebhook(variant.webhookPath);
			const [one, two, three] = variant.orders as [Order, Order, Order];

			variant.failThirdOrder(sim);
			const called = await server.postWebhook(variant.webhookPath, { orders: variant.orders });
			const [first] = await server.waitForExecutions(variant.id, 1);
			const firstData = await executionData(first!.id);
			const invoiceNumbers = () => [one, two].map((order) => [...sim.invoices.values()].find((i) => i.buyer.name === order.name)?.invoice_number);
			const numbersAfterFirst = invoiceNumbers();
			timings.push([`retry, ${variant.label}: webhook → failed execution`, Date.now() - t]);
			check(`retry, ${variant.label}: the first execution fails on order 3 after orders 1 and 2 were issued`, () => {
				eq(called.status, 200, 'webhook answer');
				eq([first!.status, first!.mode], ['error', 'webhook'], 'first execution (status, mode)');
				eq([firstData?.resultData?.lastNodeExecuted, firstData?.resultData?.error?.message], ['Create Invoice', variant.firstError], 'failed node and error');
				eq(variant.orders.map(issuedCount), [1, 1, 0], 'issued invoices per order');
			});

			t = Date.now();
			const mark = sim.requests.length;
			const stats = { ...sim.stats };
			const answer = await server.rest('POST', `/executions/${first!.id}/retry`, { loadWorkflow: false });
			const executions = await server.waitForExecutions(variant.id, 2);
			const retried = executions[1]!;
			const retriedData = await executionData(retried.id);
			timings.push([`retry, ${variant.label}: POST /rest/executions/<id>/retry → finished`, Date.now() - t]);
			const common = () => {
				eq(answer.status, 200, `POST /rest/executions/${first!.id}/retry (${short(answer.json)})`);
				eq([answer.json?.data?.id, answer.json?.data?.mode, answer.json?.data?.retryOf], [retried.id, 'retry', first!.id], 'the answer: the new execution (id, mode, retryOf)');
				eq([executions.length, retried.mode], [2, 'retry'], 'stored executions, the new one in mode retry');
				eq(variant.orders.map(issuedCount), variant.issuedAfterRetry, 'issued invoices per order');
				eq(invoiceNumbers(), numbersAfterFirst, 'orders 1 and 2 keep their invoice numbers');
			};
			if (variant.referenceCode === '') {
				check(`retry, ${variant.label}: the retried execution (mode retry) stops before anything is sent; orders 1 and 2 still have one invoice each`, () => {
					common();
					eq(retried.status, 'error', 'retried execution status');
					const error = retriedData?.resultData?.error;
					eq([retriedData?.resultData?.lastNodeExecuted, error?.message], ['Create Invoice', RETRIED_EMPTY_CODE_ERROR], 'failed node and error');
					assert(String(error?.description).startsWith('Nothing was sent.'), `the error says nothing was sent: ${short(error?.description)}`);
					eq(sentSince(mark), [], 'requests to SePay during the retry');
				});
			} else {
				check(`retry, ${variant.label}: the retried execution (mode retry) returns orders 1 and 2 as the existing invoices and issues order 3`, () => {
					common();
					eq(retried.status, 'success', 'retried execution status');
					const items = (retriedData?.resultData?.runData?.['Create Invoice']?.at(-1)?.data?.main?.[0] ?? []) as Array<{ json: any; pairedItem: unknown }>;
					eq(
						items.map((item) => [item.json.reference_code, item.json.status, item.json.already_existed ?? false, item.pairedItem]),
						[[one.order, 'Success', true, { item: 0 }], [two.order, 'Success', true, { item: 1 }], [three.order, 'Success', false, { item: 2 }]],
						'Create Invoice output (reference_code, status, already_existed, pairedItem)',
					);
					eq(sentSince(mark).filter((line) => line.startsWith('POST /v1/invoices/create')).sort(), variant.orders.map((order) => `POST /v1/invoices/create ${order.order}`), 'creates during the retry: one per order');
					eq([sim.stats.duplicateRejections - stats.duplicateRejections, sim.stats.invoicesIssued - stats.invoicesIssued], [2, 1], 'simulator: orders 1 and 2 answered 409, one new invoice');
				});
			}
		}
	}

	return {
		credentials: [
			{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data: { environment: 'custom', baseUrl: sim.url, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, accessToken: '' } },
		],
		workflows: VARIANTS.map((variant) => retryWorkflow(variant, accountId)),
		runRetryChecks,
		close: async () => await sim.close(),
	};
}
