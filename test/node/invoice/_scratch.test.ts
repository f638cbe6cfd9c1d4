/* eslint-disable */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SePaySimulator } from '../../simulator/index.ts';
import { newCredentialStore, runNode } from '../../harness/runNode';

let sim: SePaySimulator;
beforeAll(async () => { sim = await SePaySimulator.start({ processing: { checks: 0, ms: 0 } }); });
afterAll(async () => await sim.close());
const creds = () => newCredentialStore({ environment: 'custom', baseUrl: sim.url, clientId: 'demo-client-id', clientSecret: 'demo-client-secret' });

test('scratch', async () => {
	const store = creds();
	const base = {
		resource: 'invoice', operation: 'create',
		providerAccount: { __rl: true, mode: 'id', value: sim.activeProviderAccountId },
		templateAndSeries: '1|C26TAA', waitForResult: false,
	};
	const r = await runNode({ store, items: [{ q: 1 }, { q: 1.234 }], parameters: { ...base,
		issuedDate: '={{ $now.minus({days: 1}) }}',
		lineItems: { item: [{ lineType: 1, itemName: 'A', quantity: '={{ $json.q }}', unitPrice: 10 }, { lineType: 2, itemName: 'P' }, { lineType: 3, itemName: 'D', beforeDiscountAndTaxAmount: 5 }, { lineType: 4, itemName: 'N' }] },
	} });
	console.log(JSON.stringify(r.items), r.error?.message, r.error?.context);
	console.log(JSON.stringify(sim.requests.map((x) => [x.method, x.path, x.body]), null, 1));
	sim.clearRequests();
	const r2 = await runNode({ store, items: [{ lines: [{ item_name: 'X', quantity: 1, unit_price: 5, tax_rate: 8 }] }], parameters: { ...base, itemsInputMode: 'json', itemsJson: '={{ $json.lines }}', issuedDate: "={{ DateTime.fromISO('2026-01-15T01:30:00Z') }}" } });
	console.log(JSON.stringify(r2.items), r2.error?.message);
	console.log(JSON.stringify(sim.requests.map((x) => [x.method, x.path, x.body])));
});
