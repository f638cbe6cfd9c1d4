// Workflows of several nodes through n8n-core's WorkflowExecute: the SePay node inside a loop,
// or reached twice. The engine harness has no n8n-nodes-base, so the loop and a pass-through
// node are small harness nodes that behave like n8n's own.
import { DirectoryLoader } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	ITaskData,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { SePayEInvoice } from '../../nodes/SePayEInvoice/SePayEInvoice.node';
import type { CredentialStore } from './credentialStore';
import { CREDENTIAL_TYPE, NODE_TYPE } from './runNode';
import { runWorkflow } from './runWorkflow';
import { recordRun } from './secretScan';

export const INPUT_TYPE = 'harness.input';
export const LOOP_TYPE = 'harness.loopOverItems';
export const PASS_TYPE = 'harness.passThrough';

/** Emits the items given in its `items` parameter (JSON). */
class HarnessInput implements INodeType {
	description = {
		displayName: 'Input',
		name: INPUT_TYPE,
		group: ['input'],
		version: 1,
		description: 'Test input',
		defaults: { name: 'Input' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json, item) => ({ json, pairedItem: { item } }))];
	}
}

/**
 * Like n8n's Loop Over Items (SplitInBatches v3): output 0 "done", output 1 "loop". The first
 * run keeps the input and emits the first batch on "loop"; each later run collects what came
 * back and emits the next batch, until none is left: then "done" gets everything collected.
 */
class HarnessLoop implements INodeType {
	description = {
		displayName: 'Loop Over Items',
		name: LOOP_TYPE,
		group: ['organization'],
		version: 3,
		description: 'Test loop',
		defaults: { name: 'Loop Over Items' },
		inputs: ['main'],
		outputs: ['main', 'main'],
		outputNames: ['done', 'loop'],
		properties: [{ displayName: 'Batch Size', name: 'batchSize', type: 'number', default: 1 }],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const context = this.getContext('node');
		const batchSize = this.getNodeParameter('batchSize', 0) as number;
		const input = this.getInputData();
		if (context.items === undefined) {
			context.items = [...input];
			context.processed = [];
		} else {
			(context.processed as INodeExecutionData[]).push(...input);
		}
		const batch = (context.items as INodeExecutionData[]).splice(0, batchSize);
		if (batch.length === 0) {
			const done = context.processed as INodeExecutionData[];
			delete context.items;
			delete context.processed;
			return [done.map((item, index) => ({ json: item.json, pairedItem: { item: index } })), []];
		}
		return [[], batch.map((item, index) => ({ json: item.json, pairedItem: { item: index } }))];
	}
}

/** Passes its input on unchanged (a stand-in for a Set or IF node on one of two paths). */
class HarnessPassThrough implements INodeType {
	description = {
		displayName: 'Pass Through',
		name: PASS_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Test pass-through',
		defaults: { name: 'Pass Through' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } }))];
	}
}

const sepayNodeType = new SePayEInvoice();
DirectoryLoader.applyDeclarativeNodeOptionParameters(sepayNodeType);
const TYPES: Record<string, INodeType> = {
	[NODE_TYPE]: sepayNodeType,
	[INPUT_TYPE]: new HarnessInput(),
	[LOOP_TYPE]: new HarnessLoop(),
	[PASS_TYPE]: new HarnessPassThrough(),
};
const nodeTypes = {
	getByName: (type: string) => TYPES[type],
	getByNameAndVersion: (type: string) => TYPES[type],
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

export interface GraphNode {
	name: string;
	type: string;
	parameters?: INodeParameters;
	continueOnFail?: boolean;
}

export interface GraphRun {
	run: IRun;
	/** Every run of a node, in order: its output items per output index. */
	runsOf(name: string): INodeExecutionData[][][];
	errorOf(name: string): (Error & { description?: string; context?: IDataObject }) | undefined;
}

/**
 * Runs the nodes with the connections (node → list of [target, outputIndex]) from the first
 * node, which must be an Input. SePay nodes get the harness credential.
 */
export async function runGraph(options: {
	nodes: GraphNode[];
	connections: Record<string, Array<Array<string>>>;
	store: CredentialStore;
	executionId: string;
}): Promise<GraphRun> {
	const nodes: INode[] = options.nodes.map((node, index) => {
		const isSePay = node.type === NODE_TYPE;
		const parameters = isSePay
			? (NodeHelpers.getNodeParameters(sepayNodeType.description.properties, node.parameters ?? {}, true, false, null, null) as INodeParameters)
			: (node.parameters ?? {});
		return {
			id: `node-${index}`,
			name: node.name,
			type: node.type,
			typeVersion: node.type === LOOP_TYPE ? 3 : 1,
			position: [index * 200, 0],
			parameters,
			...(isSePay ? { credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'SePay eInvoice account' } } } : {}),
			onError: node.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
		} as INode;
	});
	const connections: IConnections = {};
	for (const [source, outputs] of Object.entries(options.connections)) {
		connections[source] = {
			main: outputs.map((targets) => targets.map((node) => ({ node, type: 'main', index: 0 }))),
		};
	}
	const workflow = new Workflow({
		id: 'harness-graph',
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const run = await runWorkflow({
		workflow,
		startNode: nodes[0]!,
		input: [[{ json: {} }]],
		mode: 'manual',
		executionId: options.executionId,
		credentialsHelper: options.store,
	});
	recordRun({
		produced: run,
		credentials: [...options.store.stored.values()],
		issuedTokens: options.store.issuedTokens,
	});
	const taskData = (name: string) => (run.data.resultData.runData[name] ?? []) as ITaskData[];
	return {
		run,
		runsOf: (name) => taskData(name).map((task) => (task.data?.main ?? []) as INodeExecutionData[][]),
		errorOf: (name) => taskData(name).find((task) => task.error)?.error as never,
	};
}
