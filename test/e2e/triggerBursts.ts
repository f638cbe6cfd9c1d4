/* eslint-disable */
// End-to-end, in `n8n start`: Skip Repeated Deliveries under bursts. n8n loads a workflow's
// static data at the start of each webhook call and saves it after the call, so calls that
// overlap each save a stale copy. A burst of signed payments sent at once, then a repeat of
// each sent at once, must start exactly one execution per payment; two copies of one payment
// sent at the same moment must start one; the static data must end up holding every id.
// Used by run-e2e.ts: the workflow is imported with the others (phase 1), `runTriggerBurstChecks`
// runs in phase 3 (after the HMAC checks, whose credential it shares).

import assert from 'node:assert/strict';

import { log } from './n8n.ts';
import type { ExecutionSummary, N8nServer } from './n8n.ts';
import { hmacTriggerNode, payment, signed } from './triggerHmac.ts';
import { workflow } from './workflows.ts';

export const BURST_WORKFLOW_ID = 'e2e93sepayburst';
const WEBHOOK_ID = '3b8f2e6d-1c4a-4f7e-9d2b-6a5c4e3f2d1c';
const WEBHOOK_PATH = `${WEBHOOK_ID}/sepay`;
/** Different payments sent at once (the measured defect: 20 at once kept 1 id). */
const BURST_SIZE = 30;
const FIRST_ID = 93001;
const TWIN_ID = FIRST_ID + BURST_SIZE;

/** SePay Trigger (HMAC-SHA256, Skip Repeated Deliveries on: the defaults) → No Operation. */
export function burstTriggerWorkflow() {
	const trigger = hmacTriggerNode('00000000-0000-4000-8000-0000000e2e94', WEBHOOK_ID);
	const record = {
		id: '00000000-0000-4000-8000-0000000e2e95',
		name: 'Record Payment',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
	};
	return workflow(BURST_WORKFLOW_ID, 'E2E SePay Trigger, bursts and repeats', [[record]], trigger);
}

export interface BurstCheckContext {
	server: N8nServer;
	check: (name: string, fn: () => void) => void;
	/** The stored run data of one execution. */
	executionData: (id: string) => Promise<any>;
	timings: Array<[string, number]>;
	/** How long ignored calls get to (wrongly) start an execution before executions are counted. */
	settleMs: number;
}

export async function runTriggerBurstChecks({ server, check, executionData, timings, settleMs }: BurstCheckContext): Promise<void> {
	log('\nSePay Trigger, bursts and repeats (n8n start):');
	let t = Date.now();
	await server.activateWorkflow(BURST_WORKFLOW_ID);
	await server.waitForWebhook(WEBHOOK_PATH);
	timings.push(['trigger bursts: publish (REST activate) + webhook registered', Date.now() - t]);

	/** Sends every id at once, each body signed as SePay signs it; returns the answers in id order. */
	const sendAtOnce = async (label: string, ids: number[]) => {
		const started = Date.now();
		const answers = await Promise.all(
			ids.map(async (id) => {
				const raw = JSON.stringify(payment(id));
				const res = await fetch(`${server.url}/webhook/${WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed(raw) }, body: raw });
				return [res.status, await res.text()] as const;
			}),
		);
		timings.push([`trigger bursts: ${label} (${ids.length} at once)`, Date.now() - started]);
		return answers;
	};
	const accepted = (count: number) => Array.from({ length: count }, () => [200, '{"success":true}']);
	/** The transaction id each execution started with, ascending. */
	const startedIds = async (executions: ExecutionSummary[]) =>
		(await Promise.all(executions.map(async (e) => (await executionData(e.id))?.resultData?.runData?.['SePay Trigger']?.[0]?.data?.main?.[0]?.[0]?.json?.id as number))).sort((a, b) => a - b);
	const finished = async (count: number) => {
		try {
			return await server.waitForExecutions(BURST_WORKFLOW_ID, count);
		} catch (error) {
			log(`       ${(error as Error).message}`);
			return await server.executions(BURST_WORKFLOW_ID);
		}
	};
	const settled = async () => {
		await new Promise((r) => setTimeout(r, settleMs));
		return await server.executions(BURST_WORKFLOW_ID);
	};
	const payments = Array.from({ length: BURST_SIZE }, (_, i) => FIRST_ID + i);

	// 1. Different payments at once: one execution each.
	const burst = await sendAtOnce('different payments', payments);
	t = Date.now();
	const afterBurst = await finished(BURST_SIZE);
	timings.push([`trigger bursts: ${BURST_SIZE} executions finished`, Date.now() - t]);
	const burstIds = await startedIds(afterBurst);
	check(`trigger bursts: ${BURST_SIZE} different signed payments sent at once → 200 {"success":true} each, one successful execution per payment`, () => {
		assert.deepEqual(burst, accepted(BURST_SIZE), 'webhook answers');
		assert.deepEqual(burstIds, payments, 'transaction id of each execution');
		assert.deepEqual(afterBurst.filter((e) => e.status !== 'success').map((e) => [e.id, e.status]), [], 'executions not successful');
	});

	// 2. SePay repeats every one of them, again at once: no execution.
	const repeats = await sendAtOnce('repeats', payments);
	const afterRepeats = await settled();
	check(`trigger bursts: a repeat of each payment, sent at once → 200 {"success":true} each, no execution (${BURST_SIZE} in all after ${settleMs} ms)`, () => {
		assert.deepEqual(repeats, accepted(BURST_SIZE), 'webhook answers');
		assert.equal(afterRepeats.length, BURST_SIZE, 'executions of the burst workflow');
	});

	// 3. Two copies of one new payment at the same moment: one execution.
	const twins = await sendAtOnce('two copies of one payment', [TWIN_ID, TWIN_ID]);
	await finished(BURST_SIZE + 1);
	const afterTwins = await settled();
	const twinIds = (await startedIds(afterTwins)).filter((id) => id === TWIN_ID);
	check(`trigger bursts: two copies of one payment sent at the same moment → 200 each, one execution (${BURST_SIZE + 1} in all after ${settleMs} ms)`, () => {
		assert.deepEqual(twins, accepted(2), 'webhook answers');
		assert.deepEqual(twinIds, [TWIN_ID], 'executions of the payment');
		assert.equal(afterTwins.length, BURST_SIZE + 1, 'executions of the burst workflow');
	});

	const stored = await server.rest('GET', `/workflows/${BURST_WORKFLOW_ID}`);
	check(`trigger bursts: the workflow's static data holds all ${BURST_SIZE + 1} ids`, () => {
		const remembered = stored.json?.data?.staticData?.['node:SePay Trigger']?.deliveredTransactions ?? [];
		const saved = remembered.map(([id]: [number, number]) => id).sort((a: number, b: number) => a - b);
		assert.deepEqual(saved, [...payments, TWIN_ID], `saved ids (${saved.length})`);
	});
}
