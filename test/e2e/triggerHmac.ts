/* eslint-disable */
// End-to-end, in `n8n start`: the SePay Trigger with HMAC-SHA256 on an active workflow's
// production URL. Signed deliveries start one execution each (answered before the workflow's
// slow step ends), a redelivery starts none, refused calls get 401 and start none, the ids
// are kept in the workflow's static data, and n8n's log gives the reason without the secret.
// Used by run-e2e.ts: the credential and workflow are imported with the others (phase 1),
// `runHmacTriggerChecks` runs in phase 3.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

import { log, registerSecret } from './n8n.ts';
import type { ExecutionSummary, N8nServer } from './n8n.ts';
import { SEPAY_TRIGGER_TYPE, workflow } from './workflows.ts';

export const HMAC_WORKFLOW_ID = 'e2e92sepayhmac';
const WEBHOOK_ID = '7c3e9b1a-2d4f-4e6a-9b8c-0f1e2d3c4b5a';
const WEBHOOK_PATH = `${WEBHOOK_ID}/sepay`;
const SECRET = 'e2e-hmac-signing-secret-8d41c07b2f9a';
const WRONG_SECRET = 'e2e-hmac-wrong-secret-000000000000';
registerSecret(SECRET);
registerSecret(WRONG_SECRET);
/** How long the workflow keeps running after the trigger: the answer must not wait for it. */
const SLOW_STEP_SECONDS = 3;

/** For n8n import:credentials, next to the other credentials. */
export const hmacCredential = {
	id: 'SePayE2eHmac0001',
	name: 'SePay webhook HMAC secret (e2e)',
	type: 'sePayWebhookHmacApi',
	data: { secret: SECRET },
};

/** A SePay Trigger with HMAC-SHA256 (every other setting at its default) on its own webhook id. */
export function hmacTriggerNode(id: string, webhookId: string) {
	return {
		id,
		name: 'SePay Trigger',
		type: SEPAY_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: { authentication: 'hmac' },
		credentials: { [hmacCredential.type]: { id: hmacCredential.id, name: hmacCredential.name } },
		webhookId,
	};
}

/** SePay Trigger (HMAC-SHA256, every other setting at its default) → a 3-second Wait. */
export function hmacTriggerWorkflow() {
	const trigger = hmacTriggerNode('00000000-0000-4000-8000-0000000e2e92', WEBHOOK_ID);
	const slowStep = {
		id: '00000000-0000-4000-8000-0000000e2e93',
		name: 'Slow Step',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [0, 0] as [number, number],
		parameters: { resume: 'timeInterval', amount: SLOW_STEP_SECONDS, unit: 'seconds' },
		webhookId: '7c3e9b1a-2d4f-4e6a-9b8c-0f1e2d3c4b5b',
	};
	return workflow(HMAC_WORKFLOW_ID, 'E2E SePay Trigger, HMAC-SHA256', [[slowStep]], trigger);
}

interface SignOptions {
	secret?: string;
	timestamp?: number;
	content?: 'timestampBody' | 'body';
	encoding?: 'hex' | 'base64';
	prefix?: string;
}

/** The headers SePay sends, computed here with node:crypto (not with the package's code). */
export function signed(raw: string, options: SignOptions = {}): Record<string, string> {
	const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
	const hmac = createHmac('sha256', options.secret ?? SECRET);
	if ((options.content ?? 'timestampBody') === 'timestampBody') hmac.update(`${timestamp}.`);
	const digest = hmac.update(raw, 'utf8').digest(options.encoding ?? 'hex');
	return { 'x-sepay-signature': `${options.prefix ?? 'sha256='}${digest}`, 'x-sepay-timestamp': timestamp };
}

/** A bank transaction as SePay sends it. */
export function payment(id: number, extra: Record<string, unknown> = {}) {
	return {
		id,
		gateway: 'Vietcombank',
		transactionDate: '2026-03-05 14:02:37',
		accountNumber: '0123499999',
		subAccount: null,
		code: `DH${id}`,
		content: `DH${id} chuyển tiền mua hàng`,
		transferType: 'in',
		transferAmount: 250000,
		accumulated: 19077000,
		referenceCode: `MBVCB.${id}`,
		description: '',
		...extra,
	};
}

export interface HmacCheckContext {
	server: N8nServer;
	check: (name: string, fn: () => void) => void;
	/** The stored run data of one execution. */
	executionData: (id: string) => Promise<any>;
	timings: Array<[string, number]>;
}

export async function runHmacTriggerChecks({ server, check, executionData, timings }: HmacCheckContext): Promise<void> {
	log('\nSePay Trigger, HMAC-SHA256 (n8n start):');
	let t = Date.now();
	await server.activateWorkflow(HMAC_WORKFLOW_ID);
	await server.waitForWebhook(WEBHOOK_PATH);
	timings.push(['trigger HMAC: publish (REST activate) + webhook registered', Date.now() - t]);
	const logFrom = server.output.length;
	const post = async (label: string, raw: string, headers: Record<string, string>) => {
		const started = Date.now();
		const res = await fetch(`${server.url}/webhook/${WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: raw,
		});
		const text = await res.text();
		timings.push([`trigger HMAC: POST ${label} → ${res.status}`, Date.now() - started]);
		let body: any = text;
		try {
			body = JSON.parse(text);
		} catch {
			/* keep text */
		}
		return { status: res.status, body };
	};
	const ok = { success: true };

	// 1. A signed delivery, as sent: pretty-printed, Vietnamese text (n8n re-serialising it would break the signature).
	const first = payment(92801);
	const firstRaw = JSON.stringify(first, null, 2);
	const firstAnswer = await post('signed (hex, timestamp.body)', firstRaw, signed(firstRaw));
	const atAnswer = await server.executions(HMAC_WORKFLOW_ID);
	t = Date.now();
	let firstRuns: ExecutionSummary[] = [];
	try {
		firstRuns = await server.waitForExecutions(HMAC_WORKFLOW_ID, 1);
	} catch (error) {
		log(`       ${(error as Error).message}`);
	}
	timings.push([`trigger HMAC: execution with a ${SLOW_STEP_SECONDS} s step finished (after the 200)`, Date.now() - t]);
	const firstData = firstRuns[0] ? await executionData(firstRuns[0].id) : undefined;
	check(`trigger HMAC: signed delivery → 200 {"success":true} while its ${SLOW_STEP_SECONDS} s workflow still runs; then one successful execution`, () => {
		assert.deepEqual([firstAnswer.status, firstAnswer.body], [200, ok], 'webhook answer');
		assert.deepEqual(atAnswer.filter((e) => !['new', 'running'].includes(e.status)).map((e) => e.status), [], 'no execution had finished when the answer came');
		assert.deepEqual(firstRuns.map((e) => [e.status, e.mode]), [['success', 'webhook']], 'executions (status, mode)');
		const tx = firstData?.resultData?.runData?.['SePay Trigger']?.[0]?.data?.main?.[0]?.[0]?.json;
		assert.deepEqual([tx?.id, tx?.content, tx?.invoiceReferenceCode], [first.id, first.content, `SEPAY-${first.id}`], 'trigger output');
		assert.equal(firstData?.resultData?.runData?.['Slow Step']?.[0]?.executionStatus, 'success', 'the slow step ran to its end');
	});

	// 2. SePay's redelivery (a new timestamp, as on each attempt) and refused calls: none may start an execution.
	const again = await post('redelivery (same id, re-signed)', firstRaw, signed(firstRaw));
	const fresh = JSON.stringify(payment(92802));
	const stale = Math.floor(Date.now() / 1000) - 10 * 60;
	const refused = [
		['wrong secret', await post('wrong secret', fresh, signed(fresh, { secret: WRONG_SECRET }))],
		['tampered body', await post('tampered body', fresh.replace('250000', '950000'), signed(fresh))],
		['stale timestamp (10 min)', await post('stale timestamp', fresh, signed(fresh, { timestamp: stale }))],
		['unsigned', await post('unsigned', fresh, {})],
		['body-only signature', await post('body-only signature', fresh, signed(fresh, { content: 'body' }))],
		['sha1= prefix', await post('sha1= prefix', fresh, { ...signed(fresh), 'x-sepay-signature': `sha1=${createHmac('sha1', SECRET).update(fresh).digest('hex')}` })],
	] as const;
	check('trigger HMAC: the redelivery of a transaction that already ran → 200 {"success":true}', () => {
		assert.deepEqual([again.status, again.body], [200, ok], 'webhook answer');
	});
	check('trigger HMAC: wrong secret, tampered body, stale timestamp, unsigned, body-only, sha1= → 401 {"success":false} each', () => {
		const expected: Record<string, string> = {
			'wrong secret': 'Invalid signature',
			'tampered body': 'Invalid signature',
			'stale timestamp (10 min)': "X-SePay-Timestamp is more than 5 minutes from the server's clock",
			unsigned: 'Missing X-SePay-Signature header',
			'body-only signature': 'Invalid signature',
			'sha1= prefix': 'X-SePay-Signature must be "sha256=" followed by 64 hex characters or base64',
		};
		assert.deepEqual(
			refused.map(([label, answer]) => [label, answer.status, answer.body]),
			refused.map(([label]) => [label, 401, { success: false, message: expected[label] }]),
		);
	});

	// 3. Another transaction, base64 signature: the second execution, and the last.
	const second = JSON.stringify(payment(92803));
	const secondAnswer = await post('signed (base64)', second, signed(second, { encoding: 'base64', prefix: '' }));
	let runs: ExecutionSummary[] = [];
	try {
		runs = await server.waitForExecutions(HMAC_WORKFLOW_ID, 2);
	} catch (error) {
		log(`       ${(error as Error).message}`);
	}
	const secondData = runs[1] ? await executionData(runs[1].id) : undefined;
	const stored = await server.rest('GET', `/workflows/${HMAC_WORKFLOW_ID}`);
	check('trigger HMAC: base64 signature → 200, second execution; redelivery and refused calls started none (2 in all)', () => {
		assert.deepEqual([secondAnswer.status, secondAnswer.body], [200, ok], 'webhook answer');
		assert.deepEqual(runs.map((e) => e.status), ['success', 'success'], 'executions of the HMAC workflow');
		assert.equal(secondData?.resultData?.runData?.['SePay Trigger']?.[0]?.data?.main?.[0]?.[0]?.json?.id, 92803, 'second execution is transaction 92803');
	});
	check('trigger HMAC: the ids that started a run are saved in the workflow\'s static data', () => {
		const remembered = stored.json?.data?.staticData?.['node:SePay Trigger']?.deliveredTransactions;
		assert.deepEqual((remembered ?? []).map(([id]: [number, number]) => id), [92801, 92803], `static data ${JSON.stringify(stored.json?.data?.staticData)}`);
	});
	const n8nLog = server.output.slice(logFrom);
	check('trigger HMAC: n8n\'s log gives each refusal\'s reason and never the secret', () => {
		const refusals = n8nLog.split('\n').filter((line) => line.includes('refused a webhook call (401)'));
		assert.equal(refusals.length, refused.length, `refusal lines in n8n's log:\n${refusals.join('\n')}`);
		assert.ok(refusals.some((line) => line.includes('does not match the body (Signed Content: timestamp.body)')), 'a signature mismatch is named');
		assert.ok(refusals.some((line) => /X-SePay-Timestamp is 10 minutes from the server's clock/.test(line)), 'a stale timestamp is named');
		assert.ok(n8nLog.includes('transaction 92801 was delivered again; no second run'), 'the skipped redelivery is logged');
		for (const secret of [SECRET, WRONG_SECRET]) assert.ok(!n8nLog.includes(secret), 'no secret in the log');
	});
}
