/* eslint-disable */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SePaySimulator } from '../../simulator/index.ts';
import { newCredentialStore, runNode } from '../../harness/runNode';

let sim: SePaySimulator;
beforeAll(async () => { sim = await SePaySimulator.start({ processing: { checks: 1, ms: 0 } }); });
afterAll(async () => await sim.close());
const creds = (secret = 'demo-client-secret') => newCredentialStore({ environment: 'custom', baseUrl: sim.url, clientId: 'demo-client-id', clientSecret: secret });
const base = () => ({
	resource: 'invoice', operation: 'create',
	providerAccount: { __rl: true, mode: 'id', value: sim.activeProviderAccountId },
	templateAndSeries: '1|C26TAA', buyerType: 'personal', buyerName: 'A',
	lineItems: { item: [{ lineType: 1, itemName: 'Cà phê', quantity: 2, unitPrice: 100000, taxRate: '10' }] },
	pollInterval: 0.5,
});
const show = (label: string, r: any) => console.log(label, r.error?.constructor?.name, r.error?.message, '|', r.error?.description, '|', JSON.stringify(r.items.map((i: any) => i.json)).slice(0, 600), '\n', sim.requests.map((q) => `${q.method} ${q.path} ${JSON.stringify(q.body ?? '').slice(0, 80)}`).join('\n'));

test('multi item, bad at 1', async () => {
	sim.clearRequests();
	const r = await runNode({ store: creds(), items: [{ c: 'EUR' }, { c: 'XXX' }].reverse(), parameters: { ...base(), currency: '={{ $itemIndex === 1 ? "EUR" : "VND" }}', referenceCode: '={{ "MI-" + $itemIndex }}', waitForResult: false } });
	show('multi', r);
});
test('single bad, RL with space', async () => {
	sim.clearRequests();
	const r = await runNode({ store: creds('other'), parameters: { ...base(), providerAccount: { __rl: true, mode: 'id', value: 'acc 1' } } });
	show('rl', r);
	sim.clearRequests();
	const r2 = await runNode({ store: creds('other'), parameters: { ...base(), lineItems: { item: [{ lineType: 1, itemName: 'x', quantity: '={{ "abc" }}', unitPrice: 1, taxRate: '10' }] } } });
	show('qty', r2);
	sim.clearRequests();
	const r3 = await runNode({ store: creds('other'), parameters: { ...base(), additionalFields: { totalAmount: 100.5 } } });
	show('total', r3);
	sim.clearRequests();
	const r4 = await runNode({ store: creds('other'), parameters: { resource: 'invoice', operation: 'download', referenceCode: 'X1', binaryPropertyName: 'my data' } });
	show('bin', r4);
	sim.clearRequests();
	const r5 = await runNode({ store: creds('other'), parameters: { resource: 'invoice', operation: 'create', ...base(), currency: 'EUR' } });
	show('eur', r5);
});
test('create lost response no-wait', async () => {
	sim.clearRequests();
	sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'resetAfterProcessing' });
	const r = await runNode({ store: creds(), parameters: { ...base(), referenceCode: 'LOST-NW-1', waitForResult: false } });
	show('lost-nowait', r);
	console.log([...sim.invoices.keys()]);
});
test('create lost response wait', async () => {
	sim.clearRequests();
	sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'resetAfterProcessing' });
	const r = await runNode({ store: creds(), parameters: { ...base(), referenceCode: 'LOST-W-1' } });
	show('lost-wait', r);
});
test('issue lost', async () => {
	const c = await runNode({ store: creds(), parameters: { ...base(), referenceCode: 'DRAFT-1', mode: 'draft' } });
	sim.clearRequests();
	sim.queueFault({ method: 'POST', path: '/v1/invoices/issue', kind: 'resetAfterProcessing' });
	const r = await runNode({ store: creds(), parameters: { resource: 'invoice', operation: 'issue', referenceCode: 'DRAFT-1', pollInterval: 0.5 } });
	show('issue-lost', r);
	console.log(sim.stats);
});
