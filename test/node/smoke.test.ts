/* eslint-disable */
import { afterAll, beforeAll, expect, test } from 'vitest';

import { SePaySimulator } from '../simulator/index.ts';
import { newCredentialStore, runNode } from '../harness/runNode';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await SePaySimulator.start({});
});
afterAll(async () => await sim.close());

test('smoke: quota', async () => {
	const store = newCredentialStore({ environment: 'custom', baseUrl: sim.url, clientId: 'demo-client-id', clientSecret: 'demo-client-secret' });
	const result = await runNode({ store, parameters: { resource: 'usage', operation: 'getQuota' } });
	console.log(JSON.stringify(result.items), result.error?.message, result.error?.description);
	console.log(sim.requests.map((r) => `${r.method} ${r.path}`));
});
