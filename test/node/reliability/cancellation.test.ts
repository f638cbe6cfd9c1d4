/* eslint-disable */
// A stopped execution (n8n's Stop button): every wait of the node ends within 1 s, nothing more
// reaches SePay after the stop, and the stop is not reported or logged as a network fault.
import { getEventListeners } from 'node:events';

import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';

import { onCancel, waitUnlessCancelled } from '../../../nodes/SePayEInvoice/transport/cancellation';

import { runNode } from '../../harness/runNode';
import type { RunResult } from '../../harness/runNode';
import { SePaySimulator } from '../../simulator/index.ts';
import { companyCreateParams, credentialsFor } from '../../support';
import { captureN8nLogs } from './helpers';

let logs: ReturnType<typeof captureN8nLogs>;
beforeAll(() => {
	logs = captureN8nLogs();
});
afterAll(() => logs.restore());

let sim: SePaySimulator;
afterEach(async () => {
	await sim?.close();
});

/** What every stopped run must show. */
function expectStoppedCleanly(result: RunResult): void {
	expect(result.stoppedAt).toBeDefined();
	const settledWithinMs = result.settledAt! - result.stoppedAt!;
	expect(settledWithinMs).toBeLessThan(1000);
	const afterStop = sim.requests.filter((request) => request.at > result.stoppedAt!);
	expect(afterStop.map((request) => `${request.method} ${request.path}`)).toEqual([]);
	const networkFaults = logs.entries.filter((entry) => /Could not reach SePay|ERR_CANCELED|ECONNRESET/.test(entry.message + entry.meta));
	expect(networkFaults).toEqual([]);
	expect(result.run.status).toBe('canceled');
}

describe('stopping an execution', () => {
	test('during the poll wait (Poll Interval 60 s): the wait ends at once, no further status check', async () => {
		sim = await SePaySimulator.start({ processing: { checks: 1000, ms: 0 } });
		const result = await runNode({
			store: credentialsFor(sim),
			items: [{ n: 1 }, { n: 2 }, { n: 3 }],
			parameters: companyCreateParams(sim, {
				referenceCode: '={{ "STOP-POLL-" + $json.n }}',
				pollInterval: 60,
				maxPollAttempts: 100,
			}),
			stopAfterMs: 1500,
		});
		expectStoppedCleanly(result);
		// The creates went out before the stop; the first status check was 60 s away.
		expect(sim.requestsTo('POST', '/v1/invoices/create')).toHaveLength(3);
		expect(sim.requestsTo('GET', '/v1/invoices/create/check/*')).toHaveLength(0);
	});

	test('during retry backoff after a 503: the backoff ends at once, nothing is resent', async () => {
		sim = await SePaySimulator.start({ processing: { checks: 1, ms: 0 } });
		sim.queueFault({ method: 'GET', path: '/v1/invoices/STOP-BACKOFF', kind: 'serverError', status: 503, times: 20 });
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: {
				resource: 'invoice',
				operation: 'get',
				referenceCode: 'STOP-BACKOFF',
				reliability: { maxRetries: 10, maxRetryDelay: 60 },
			},
			stopAfterMs: 2500,
		});
		expectStoppedCleanly(result);
		expect(sim.requestsTo('GET', '/v1/invoices/STOP-BACKOFF').length).toBeGreaterThan(1);
	});

	test('while items wait in the request queue (Max Requests in Flight 1, slow SePay): queued items send nothing', async () => {
		sim = await SePaySimulator.start({ processing: { checks: 1, ms: 0 } });
		sim.setFaults({ latencyMs: 800 });
		const result = await runNode({
			store: credentialsFor(sim),
			items: Array.from({ length: 10 }, (_, n) => ({ n })),
			parameters: { resource: 'usage', operation: 'getQuota', reliability: { maxInFlight: 1 } },
			stopAfterMs: 1200,
		});
		expectStoppedCleanly(result);
		// One token request and at most two quota checks started before the stop; the rest never left.
		expect(sim.requestsTo('GET', '/v1/usage').length).toBeLessThanOrEqual(2);
	});

	test('during a wait through 429s (Retry-After 30 s): the wait ends at once', async () => {
		sim = await SePaySimulator.start({ processing: { checks: 1, ms: 0 } });
		sim.queueFault({ method: 'GET', path: '/v1/usage', kind: 'rateLimit', retryAfterSeconds: 30, times: 5 });
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: { resource: 'usage', operation: 'getQuota' },
			stopAfterMs: 1500,
		});
		expectStoppedCleanly(result);
		expect(sim.requestsTo('GET', '/v1/usage')).toHaveLength(1);
	});
});

// n8n gives every request of an execution the same signal, and an EventTarget walks all its
// listeners on each add and remove: one listener per waiting item made every request slower
// (1,000 items polling: a fifth of the run's CPU). Our waits share one listener per signal.
describe('waits on the execution signal', () => {
	test('1,000 waits add one abort listener, leave none behind, and all end at a stop', async () => {
		const stop = new AbortController();
		const finished = Array.from({ length: 1000 }, () => waitUnlessCancelled(stop.signal, 0.01));
		const waiting = Array.from({ length: 1000 }, () => waitUnlessCancelled(stop.signal, 60_000).then(() => 'slept', (error: Error) => error.name));
		expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
		await Promise.all(finished);
		stop.abort();
		expect(new Set(await Promise.all(waiting))).toEqual(new Set(['ExecutionCancelledError']));
		expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
	});

	test('a wait that ended stops watching: a later stop does not reach it', async () => {
		const stop = new AbortController();
		let stoppedCalls = 0;
		const stopWatching = onCancel(stop.signal, () => stoppedCalls++);
		onCancel(stop.signal, () => stoppedCalls++);
		stopWatching();
		stop.abort();
		expect(stoppedCalls).toBe(1);
	});

	test('watching a signal that was already stopped is told at once', () => {
		const stop = new AbortController();
		onCancel(stop.signal, () => {});
		stop.abort();
		let stoppedCalls = 0;
		onCancel(stop.signal, () => stoppedCalls++);
		expect(stoppedCalls).toBe(1);
	});
});
