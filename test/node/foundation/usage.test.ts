// Usage → Get Quota: quota_remaining as a number, GET /v1/usage.
import { describe, expect, test } from 'vitest';

import { runNode } from '../../harness/runNode';
import { credentialsFor, freshSim, quota } from '../../support';
import { bearerOf, requestLines, storedToken } from './helpers';

describe('Usage → Get Quota', () => {
	test('default quota → { quota_remaining: 1000 } as a number, from GET /v1/usage', async () => {
		const sim = await freshSim();
		const store = credentialsFor(sim);
		const result = await runNode({ store, parameters: quota });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([{ json: { quota_remaining: 1000 }, pairedItem: { item: 0 } }]);
		expect(typeof result.items[0]!.json.quota_remaining).toBe('number');
		const usage = sim.requestsTo('*', '/v1/usage');
		expect(requestLines(usage)).toEqual(['GET /v1/usage']);
		expect(bearerOf(usage[0]!)).toBe(`Bearer ${await storedToken(store)}`);
		expect(usage[0]!.body).toBeUndefined();
	});

	test('after sim.setQuota(534) → 534; setQuota(0) → 0 (a number, not null)', async () => {
		const sim = await freshSim();
		const store = credentialsFor(sim);
		sim.setQuota(534);
		expect((await runNode({ store, parameters: quota })).items.map((i) => i.json)).toEqual([{ quota_remaining: 534 }]);
		sim.setQuota(0);
		expect((await runNode({ store, parameters: quota })).items.map((i) => i.json)).toEqual([{ quota_remaining: 0 }]);
		expect(requestLines(sim.requestsTo('*', '/v1/usage'))).toEqual(['GET /v1/usage', 'GET /v1/usage']);
	});

	test('envelope with success: true gives the same output', async () => {
		const sim = await freshSim({ listEnvelopeWithSuccess: true, quota: 42 });
		const result = await runNode({ store: credentialsFor(sim), parameters: quota });
		expect(result.items).toEqual([{ json: { quota_remaining: 42 }, pairedItem: { item: 0 } }]);
	});

	test('one GET per input item, each paired with its item', async () => {
		const sim = await freshSim({ quota: 7 });
		const result = await runNode({ store: credentialsFor(sim), items: [{ a: 1 }, { a: 2 }, { a: 3 }], parameters: quota });
		expect(result.items).toEqual([0, 1, 2].map((item) => ({ json: { quota_remaining: 7 }, pairedItem: { item } })));
		expect(sim.requestsTo('GET', '/v1/usage')).toHaveLength(3);
	});
});
