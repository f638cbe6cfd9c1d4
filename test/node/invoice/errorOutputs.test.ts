// On Error = Continue, as users set it to send failures to an alert branch: with the error output,
// every failed item (SePay's Failed job, a locally refused item) leaves there paired with its input,
// carrying the input's fields, the error and its fix; with the regular output it stays in place with status, error and hint.
// Either way a node after the SePay node reads $('Input').item without "paired item data unavailable".
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { runGraph } from '../../harness/runGraph';
import { SePaySimulator } from '../../simulator/index.ts';
import { createParams, credentialsFor, INPUT_TYPE, NODE_TYPE, READ_TYPE } from '../../support';
import { createRequests } from './helpers';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await SePaySimulator.start({ seed: 19, processing: { checks: 0 } });
});
afterAll(async () => await sim.close());

let executions = 0;
const orders = (prefix: string) => [
	{ order: `${prefix}-1`, name: 'An', mst: '0101234567' },
	{ order: `${prefix}-2`, name: 'Bình', mst: '0000000000' }, // SePay fails the job (buyer tax code)
	{ order: `${prefix}-3`, name: 'Chi', mst: '12345' }, // refused by the node: not a tax code
	{ order: `${prefix}-4`, name: 'Dung', mst: '0101234567' },
];

async function runWith(onError: 'continueRegularOutput' | 'continueErrorOutput', prefix: string) {
	const readName = { value: "={{ $('Input').item.json.name }}" };
	return await runGraph({
		executionId: `error-outputs-${++executions}-${Date.now()}`,
		store: credentialsFor(sim),
		nodes: [
			{ name: 'Input', type: INPUT_TYPE, parameters: { items: JSON.stringify(orders(prefix)) } },
			{
				name: 'Create',
				type: NODE_TYPE,
				onError,
				parameters: createParams(sim, {
					referenceCode: '={{ $json.order }}',
					buyerName: '={{ $json.name }}',
					buyerDetails: { taxCode: '={{ $json.mst }}' },
					pollInterval: 0.5,
				}),
			},
			{ name: 'After Success', type: READ_TYPE, parameters: readName },
			{ name: 'After Failure', type: READ_TYPE, parameters: readName },
		],
		connections: { Input: [['Create']], Create: [['After Success'], ['After Failure']] },
	});
}

const jsonOf = (items: INodeExecutionData[] | undefined) => (items ?? []).map((item) => item.json);

describe('Continue (using error output)', () => {
	test('a Failed job and a refused item leave on the error output, paired, with the input fields; the others are issued', async () => {
		const graph = await runWith('continueErrorOutput', 'EO');
		expect(graph.run.data.resultData.error).toBeUndefined();
		const [success, failure] = graph.runsOf('Create')[0]!;

		expect(success!.map((item) => [item.json.reference_code, item.json.status, item.pairedItem])).toEqual([
			['EO-1', 'Success', { item: 0 }],
			['EO-4', 'Success', { item: 3 }],
		]);
		expect(failure!.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		const [failedJob, refused] = jsonOf(failure) as IDataObject[];
		expect(failedJob).toMatchObject({
			order: 'EO-2',
			name: 'Bình',
			mst: '0000000000',
			error: 'SePay could not create the invoice: Mã số thuế người mua không hợp lệ',
			message: 'Fix the data SePay names and create the invoice again. A failed request issued nothing.',
		});
		expect(Object.keys(failedJob!).sort()).toEqual(['error', 'message', 'mst', 'name', 'order']);
		expect(refused).toMatchObject({
			order: 'EO-3',
			name: 'Chi',
			mst: '12345',
			message: expect.stringMatching(/\S/),
		});
		expect(refused!.error).toMatch(/Tax Code.*\[item 2\]$/);

		expect(jsonOf(graph.runsOf('After Success')[0]?.[0]).map((json) => json.read)).toEqual(['An', 'Dung']);
		expect(jsonOf(graph.runsOf('After Failure')[0]?.[0]).map((json) => json.read)).toEqual(['Bình', 'Chi']);
		expect(createRequests(sim).map((request) => (request.body as IDataObject).reference_code)).not.toContain('EO-3');
		expect(sim.invoices.has('EO-1') && sim.invoices.has('EO-4')).toBe(true);
		expect(sim.invoices.has('EO-2') || sim.invoices.has('EO-3')).toBe(false);
	});
});

describe('Continue (regular output)', () => {
	test('every item stays in place with status; failed ones add error and hint; $(…).item works after the node', async () => {
		const graph = await runWith('continueRegularOutput', 'RO');
		expect(graph.run.data.resultData.error).toBeUndefined();
		const [output, errorOutput] = graph.runsOf('Create')[0]!;
		expect(errorOutput ?? []).toEqual([]);
		expect(output!.map((item) => [item.json.reference_code, item.json.status, item.pairedItem])).toEqual([
			['RO-1', 'Success', { item: 0 }],
			['RO-2', 'Failed', { item: 1 }],
			[null, 'Failed', { item: 2 }],
			['RO-4', 'Success', { item: 3 }],
		]);
		expect(output![1]!.json).toMatchObject({
			error: 'SePay could not create the invoice: Mã số thuế người mua không hợp lệ',
			hint: 'Fix the data SePay names and create the invoice again. A failed request issued nothing.',
		});
		expect(output![2]!.json.error).toMatch(/Tax Code.*\[item 2\]$/);
		expect(typeof output![2]!.json.hint).toBe('string');
		expect(output!.every((item) => item.error === undefined)).toBe(true);
		expect(jsonOf(graph.runsOf('After Success')[0]?.[0]).map((json) => json.read)).toEqual(['An', 'Bình', 'Chi', 'Dung']);
	});
});
