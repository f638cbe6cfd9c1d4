/* eslint-disable */
// A batch against a server that really rate-limits (a requests-per-second budget, 429 + Retry-After
// beyond it), with the node's DEFAULT settings: every item must succeed, each invoice exactly once.
// No timing assertions: how close to the server's floor a batch finishes is measured by `npm run bench`.
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { runNode } from '../../harness/runNode';
import { SePaySimulator } from '../../simulator/index.ts';
import { companyCreateParams, credentialsFor } from '../../support';
import { captureN8nLogs } from './helpers';

/** More creates than the budget admits in the few seconds a per-item retry budget lasts. */
const ITEMS = 60;
const REQUESTS_PER_SECOND = 10;

let logs: ReturnType<typeof captureN8nLogs>;
beforeAll(() => {
	logs = captureN8nLogs();
});
afterAll(() => logs.restore());

/** Only what a new user fills in: no Reliability options, n8n's default batching, default polling. */
function defaultCreate(sim: SePaySimulator, prefix: string, overrides: INodeParameters = {}): INodeParameters {
	const { pollInterval: _notDefault, ...parameters } = companyCreateParams(sim, {
		referenceCode: `={{ "${prefix}-" + $json.n }}`,
		...overrides,
	});
	return parameters;
}

async function rateLimitedBatch(prefix: string, overrides: INodeParameters) {
	const sim = await SePaySimulator.start({
		seed: 12,
		quota: 10_000,
		processing: { checks: 0, ms: 0 },
		rateLimit: { requestsPerSecond: REQUESTS_PER_SECOND },
	});
	try {
		const references = Array.from({ length: ITEMS }, (_, index) => `${prefix}-${index + 1}`);
		const result = await runNode({
			store: credentialsFor(sim),
			items: references.map((_, index) => ({ n: index + 1 })),
			parameters: defaultCreate(sim, prefix, overrides),
		});
		const trackingByReference = new Map(
			[...sim.jobs.values()].filter((job) => job.kind === 'create').map((job) => [job.reference_code, job.tracking_code]),
		);
		return {
			result,
			references,
			trackingByReference,
			invoices: new Map(sim.invoices),
			stats: structuredClone(sim.stats),
			tokenRequests: sim.tokenRequestCount(),
		};
	} finally {
		await sim.close();
	}
}

function expectEveryInvoiceOnce(batch: Awaited<ReturnType<typeof rateLimitedBatch>>) {
	const { result, references, invoices, stats } = batch;
	// The server really limited the batch (otherwise this test proves nothing).
	expect(stats.rateLimited).toBeGreaterThan(0);
	expect(result.error?.message).toBeUndefined();
	expect(result.items).toHaveLength(ITEMS);
	// Exactly one invoice per reference code, none missing, none extra, nothing refused as a duplicate.
	expect([...invoices.keys()].sort()).toEqual([...references].sort());
	expect(stats.createJobsAccepted).toBe(ITEMS);
	expect(stats.invoicesCreated).toBe(ITEMS);
	expect(stats.invoicesIssued).toBe(ITEMS);
	expect(stats.duplicateRejections).toBe(0);
	expect(batch.tokenRequests).toBe(1);
	result.items.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		expect(item.json.reference_code).toBe(references[index]);
		expect(item.json.tracking_code).toBe(batch.trackingByReference.get(references[index]!));
		expect(item.json.error).toBeUndefined();
	});
}

describe(`${ITEMS} creates against a server that admits ${REQUESTS_PER_SECOND} requests/s, default settings`, () => {
	test('with Wait for Result: every item ends Success with its own invoice', async () => {
		const batch = await rateLimitedBatch('RL-WAIT', {});
		expectEveryInvoiceOnce(batch);
		batch.result.items.forEach((item, index) => {
			expect(item.json).toMatchObject({
				status: 'Success',
				invoice: { reference_code: batch.references[index], status: 'issued' },
			});
		});
	});

	test('without Wait for Result: every item outputs the tracking code SePay accepted', async () => {
		const batch = await rateLimitedBatch('RL-NOWAIT', { waitForResult: false });
		expectEveryInvoiceOnce(batch);
		for (const item of batch.result.items) expect(item.json.status).toBe('Pending');
	});
});
