// Workflows of several nodes through n8n-core's WorkflowExecute: the SePay node inside a loop,
// or reached twice. The engine harness has no n8n-nodes-base, so the loop and a pass-through
// node are small harness nodes that behave like n8n's own.
import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	ITaskData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { CREDENTIAL_TYPE, LOOP_TYPE, NODE_TYPE, einvoiceNodeType, nodeTypes } from '../support/nodeTypes';
import type { CredentialStore } from './credentialStore';
import { runWorkflow } from './runWorkflow';
import { recordRun } from './secretScan';

export interface GraphNode {
	name: string;
	type: string;
	parameters?: INodeParameters;
	continueOnFail?: boolean;
	/** n8n's On Error setting; `continueErrorOutput` gives the node a second (error) output. */
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
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
	/** n8n's execution mode (`retry` for the executions list's Retry). */
	mode?: WorkflowExecuteMode;
}): Promise<GraphRun> {
	const nodes: INode[] = options.nodes.map((node, index) => {
		const isSePay = node.type === NODE_TYPE;
		const parameters = isSePay
			? (NodeHelpers.getNodeParameters(einvoiceNodeType.description.properties, node.parameters ?? {}, true, false, null, null) as INodeParameters)
			: (node.parameters ?? {});
		return {
			id: `node-${index}`,
			name: node.name,
			type: node.type,
			typeVersion: node.type === LOOP_TYPE ? 3 : 1,
			position: [index * 200, 0],
			parameters,
			...(isSePay ? { credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'SePay eInvoice account' } } } : {}),
			onError: node.onError ?? (node.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow'),
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
		mode: options.mode ?? 'manual',
		executionId: options.executionId,
		credentialsHelper: options.store,
	});
	recordRun({
		produced: run,
		credentials: await options.store.allStoredData(),
		issuedTokens: options.store.issuedTokens,
	});
	const taskData = (name: string) => (run.data.resultData.runData[name] ?? []) as ITaskData[];
	return {
		run,
		runsOf: (name) => taskData(name).map((task) => (task.data?.main ?? []) as INodeExecutionData[][]),
		errorOf: (name) => taskData(name).find((task) => task.error)?.error as never,
	};
}
