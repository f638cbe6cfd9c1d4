// The node's request settings (Reliability → Timeout) reach every request the node makes, not only
// the operation's own: here a token request and a status check that SePay answers too late. With
// Timeout 1 s each is given up after a second and sent again (GETs and the token request are safe to
// repeat); with the default timeout the same slow answer is simply awaited.
import { describe, expect, test } from 'vitest';

import { runNode } from '../../harness/runNode';
import { createParams, credentialsFor, freshSim } from '../../support';
import type { SePaySimulator } from '../../simulator/index.ts';

const SLOW_MS = 2500;
const oneSecond = { reliability: { timeout: 1 } };

let sim: SePaySimulator;

async function trackingCode(): Promise<string> {
	const created = await runNode({
		store: credentialsFor(sim),
		parameters: createParams(sim, { referenceCode: `RS-${Date.now()}`, waitForResult: false }),
	});
	return String(created.items[0]!.json.tracking_code);
}

const statusCheck = (code: string, extra: object = {}) => ({
	resource: 'invoice',
	operation: 'getCreationStatus',
	trackingCode: code,
	...extra,
});

describe('Reliability → Timeout', () => {
	test('reaches the token request: a token answer slower than the timeout is asked for again', async () => {
		sim = await freshSim({ quota: 5 });
		sim.queueFault({ method: 'POST', path: '/v1/token', kind: 'latency', delayMs: SLOW_MS });
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: { resource: 'usage', operation: 'getQuota', ...oneSecond },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ quota_remaining: 5 }]);
		expect(sim.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'POST /v1/token',
			'POST /v1/token',
			'GET /v1/usage',
		]);
	});

	test('reaches a status check: a check answered later than the timeout is sent again; the default waits for it', async () => {
		sim = await freshSim();
		const code = await trackingCode();
		const checks = () => sim.requestsTo('GET', `/v1/invoices/create/check/${code}`);

		sim.queueFault({ method: 'GET', path: `/v1/invoices/create/check/${code}`, kind: 'latency', delayMs: SLOW_MS });
		const timedOut = await runNode({ store: credentialsFor(sim), parameters: statusCheck(code, oneSecond) });
		expect(timedOut.error).toBeUndefined();
		expect(timedOut.items[0]!.json).toMatchObject({ tracking_code: code, reference_code: expect.stringMatching(/^RS-/) });
		expect(checks()).toHaveLength(2);

		sim.clearRequests();
		sim.queueFault({ method: 'GET', path: `/v1/invoices/create/check/${code}`, kind: 'latency', delayMs: SLOW_MS });
		const waited = await runNode({ store: credentialsFor(sim), parameters: statusCheck(code) });
		expect(waited.error).toBeUndefined();
		expect(checks()).toHaveLength(1);
	});
});
