/* eslint-disable */
import { expect, test } from 'vitest';
import { SePaySimulator } from '../../simulator/index.ts';
import { newCredentialStore, runNode } from '../../harness/runNode';

test('explore', async () => {
	const sim = await SePaySimulator.start({ providerAccountCount: 250 });
	const store = newCredentialStore({ environment: 'custom', baseUrl: sim.url, clientId: 'demo-client-id', clientSecret: 'demo-client-secret' });
	const r1 = await runNode({ store, parameters: { resource: 'providerAccount', operation: 'getAll', limit: 130 } });
	console.log(r1.items.length, new Set(r1.items.map((i) => i.json.id)).size, sim.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`));
	const bad = await runNode({ store, parameters: { resource: 'providerAccount', operation: 'get', providerAccount: { __rl: true, mode: 'id', value: 'nope' } } });
	console.log('ERR', bad.error?.constructor.name, bad.error?.message, '|', bad.error?.description, '|', bad.error?.httpCode, JSON.stringify(bad.error?.context));
	const bad2 = await runNode({ store, parameters: { resource: 'providerAccount', operation: 'get', providerAccount: { __rl: true, mode: 'list', value: 'a/b' } } });
	console.log('ERR2', bad2.error?.constructor.name, bad2.error?.message, '|', bad2.error?.description, JSON.stringify(bad2.error?.context));
	const wrong = newCredentialStore({ environment: 'custom', baseUrl: sim.url, clientId: 'demo-client-id', clientSecret: 'WRONG-secret' });
	const w = await runNode({ store: wrong, parameters: { resource: 'usage', operation: 'getQuota' } });
	console.log('W', w.error?.constructor.name, w.error?.message, '|', w.error?.description, '|', w.error?.httpCode, JSON.stringify(w.error?.context));
	const s = JSON.stringify(w);
	const ex = await runNode({ store, items: [{ id: 'x y' }], parameters: { resource: 'providerAccount', operation: 'get', providerAccount: { __rl: true, mode: 'id', value: '={{ $json.id }}' } } });
	console.log('EXFULL', JSON.stringify({...ex.error, stack: undefined, node: undefined}));console.log('EX', ex.error?.constructor.name, ex.error?.message, '|', ex.error?.description, JSON.stringify(ex.error?.context));
	const miss = newCredentialStore({ environment: 'custom', baseUrl: sim.url, clientId: '', clientSecret: 'x' });
	const n0 = sim.requests.length;
	const m = await runNode({ store: miss, parameters: { resource: 'usage', operation: 'getQuota' } });
	console.log('MISS', m.error?.message, '|', m.error?.description, '|', m.error?.httpCode, sim.requests.length - n0);

	console.log(s.length, s.includes('WRONG-secret'));
	const wc = await runNode({ store: wrong, continueOnFail: true, parameters: { resource: 'usage', operation: 'getQuota' } });
	console.log('WC', JSON.stringify(wc.items));
});
