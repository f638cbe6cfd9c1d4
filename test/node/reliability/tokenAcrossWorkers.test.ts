// Queue mode: several n8n worker processes share one stored credential. Each worker has its own
// token cache, and the stored token may be one that ANOTHER worker fetched. After SePay revokes
// tokens, a worker must not answer a rejection with a token that was revoked as well.
// Found by test/e2e/queue-mode.ts (main + 2 workers): executions failed with 401 after revocation.
import { afterAll, beforeAll, expect, test } from 'vitest';

import { runNode } from '../../harness/runNode';
import { SePaySimulator } from '../../simulator/index.ts';
import { credentialsFor, quota } from '../../support';
import { captureN8nLogs } from './helpers';

let logs: ReturnType<typeof captureN8nLogs>;
beforeAll(() => {
	logs = captureN8nLogs();
});
afterAll(() => logs.restore());

const storedToken = async (store: ReturnType<typeof credentialsFor>) => String((await store.storedData('sePayEInvoiceApi'))?.accessToken ?? '');

test('stored token from another worker, then every token revoked: one refresh, the run succeeds', async () => {
	const sim = await SePaySimulator.start({ seed: 21 });
	try {
		const store = credentialsFor(sim);
		// This worker fetches (and caches) its own token.
		expect((await runNode({ store, parameters: quota })).error).toBeUndefined();
		const ownToken = await storedToken(store);
		// Another worker fetched a token too and saved it in the shared credential.
		const otherWorkersToken = sim.issueToken();
		store.set('sePayEInvoiceApi', { ...(await store.storedData('sePayEInvoiceApi'))!, accessToken: otherWorkersToken });
		sim.revokeAllTokens();
		sim.clearRequests();

		const result = await runNode({ store, parameters: quota });

		expect(result.error?.message).toBeUndefined();
		expect(typeof result.items[0]?.json.quota_remaining).toBe('number');
		expect(sim.tokenRequestCount()).toBe(1);
		const presented = sim.requestsTo('GET', '/v1/usage').map((r) => r.headers.authorization);
		// One rejected attempt with a revoked token (this worker's own, its newest), then the fresh one.
		expect(presented).toHaveLength(2);
		expect([`Bearer ${ownToken}`, `Bearer ${otherWorkersToken}`]).toContain(presented[0]);
		expect(presented[1]).not.toBe(`Bearer ${ownToken}`);
		expect(presented[1]).not.toBe(`Bearer ${otherWorkersToken}`);
		expect(sim.requestsTo('GET', '/v1/usage').map((r) => r.answer)).toEqual([401, 200]);
	} finally {
		await sim.close();
	}
});
