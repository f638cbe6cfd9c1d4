// Runs that meet an earlier run's work: n8n's Retry of a failed execution (mode `retry`, a new
// execution id) and a repeat whose Reference Code SePay already holds for an unfinished invoice.
import type { INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { runGraph } from '../../harness/runGraph';
import { SePaySimulator } from '../../simulator/index.ts';
import { createParams, credentialsFor, INPUT_TYPE, NODE_TYPE } from '../../support';
import { adjustParams, issuedOriginal, issuingRequests, replaceParams } from './correctionHelpers';
import { createInvoice, run } from './helpers';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await SePaySimulator.start({ seed: 20 });
});
afterAll(async () => await sim.close());

let executions = 0;
async function runAsRetry(parameters: INodeParameters, items: object[] = [{ order: 'R-1' }]) {
	return await runGraph({
		executionId: `retry-${++executions}`,
		mode: 'retry',
		store: credentialsFor(sim),
		nodes: [
			{ name: 'Input', type: INPUT_TYPE, parameters: { items: JSON.stringify(items) } },
			{ name: 'Create', type: NODE_TYPE, parameters },
		],
		connections: { Input: [['Create']] },
	});
}

describe('Retry of a failed execution (mode retry)', () => {
	const cases: Array<[string, () => Promise<INodeParameters>]> = [
		['Create', async () => createParams(sim, { referenceCode: '' })],
		['Replace', async () => replaceParams(sim, await issuedOriginal(sim, `RETRY-ORIG-R-${++executions}`), { referenceCode: '' })],
		['Adjust', async () => adjustParams(sim, await issuedOriginal(sim, `RETRY-ORIG-A-${++executions}`), { referenceCode: '' })],
	];
	test.each(cases)('%s with the Reference Code empty: stops before anything is sent and asks for a mapped code', async (_name, form) => {
		const parameters = await form();
		sim.clearRequests();
		const graph = await runAsRetry(parameters);
		const error = graph.errorOf('Create');
		expect(error?.message).toBe(
			'Reference Code: is empty in a retried execution, so the invoices of the first try cannot be recognised [item 0]',
		);
		expect(error?.description).toMatch(/^Nothing was sent\. .*Map a Reference Code from your data/);
		expect(sim.requests.filter((request) => request.path !== '/v1/token')).toEqual([]);
	});

	test('Create with a mapped Reference Code: the first try’s invoice is returned, not issued again', async () => {
		const parameters = createParams(sim, { referenceCode: '={{ $json.order }}' });
		await createInvoice(sim, 'RETRY-MAPPED-1');
		sim.clearRequests();
		const graph = await runAsRetry(parameters, [{ order: 'RETRY-MAPPED-1' }]);
		expect(graph.errorOf('Create')).toBeUndefined();
		expect(graph.runsOf('Create')[0]![0]!.map((item) => item.json)).toEqual([
			expect.objectContaining({ reference_code: 'RETRY-MAPPED-1', status: 'Success', already_existed: true }),
		]);
		expect(issuingRequests(sim)).toHaveLength(1);
		expect(sim.stats.duplicateRejections).toBeGreaterThan(0);
	});
});

describe('a Reference Code SePay holds for an unfinished invoice', () => {
	test('a draft under the code while this item asks for Issue Now: Pending without the wait, never Success', async () => {
		await createInvoice(sim, 'UNFINISHED-1', { mode: 'draft' });
		const result = await run(sim, { parameters: createParams(sim, { referenceCode: 'UNFINISHED-1', waitForResult: false }) });
		expect(result.error).toBeUndefined();
		expect(result.items[0]!.json).toMatchObject({
			reference_code: 'UNFINISHED-1',
			status: 'Pending',
			already_existed: true,
			invoice: expect.objectContaining({ status: 'draft' }),
		});
	});

	test('the same with Wait for Result: waits (bounded) and ends as still processing, never Success', async () => {
		await createInvoice(sim, 'UNFINISHED-2', { mode: 'draft' });
		const result = await run(sim, {
			continueOnFail: true,
			parameters: createParams(sim, { referenceCode: 'UNFINISHED-2', pollInterval: 0.5, maxPollAttempts: 2 }),
		});
		expect(result.items[0]!.json).toMatchObject({
			reference_code: 'UNFINISHED-2',
			status: 'Pending',
			error: 'SePay is still processing the earlier request with reference code UNFINISHED-2',
		});
		expect(sim.requestsTo('GET', '/v1/invoices/UNFINISHED-2')).toHaveLength(3);
	});

	test('an earlier create still being processed: the repeat waits for it and returns it once issued', async () => {
		sim.setProcessing({ checks: 2 });
		try {
			await run(sim, { parameters: createParams(sim, { referenceCode: 'UNFINISHED-3', waitForResult: false }) });
			const result = await run(sim, { parameters: createParams(sim, { referenceCode: 'UNFINISHED-3', pollInterval: 0.5 }) });
			expect(result.error).toBeUndefined();
			expect(result.items[0]!.json).toMatchObject({
				reference_code: 'UNFINISHED-3',
				status: 'Success',
				already_existed: true,
				invoice: expect.objectContaining({ status: 'issued' }),
			});
		} finally {
			sim.setProcessing({ checks: 0 });
		}
	});
});
