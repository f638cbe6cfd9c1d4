/* eslint-disable */
import { DirectoryLoader, RoutingNode } from 'n8n-core';
import type {
	IExecuteFunctions,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	ITaskData,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { SePayEInvoiceApi } from '../../credentials/SePayEInvoiceApi.credentials';
import { SePayEInvoice } from '../../nodes/SePayEInvoice/SePayEInvoice.node';
import { CredentialStore } from './credentialStore';
import { runWorkflow } from './runWorkflow';
import { recordRun } from './secretScan';

export const NODE_TYPE = 'n8n-nodes-sepay-einvoice.sePayEInvoice';
export const CREDENTIAL_TYPE = 'sePayEInvoiceApi';
const INPUT_TYPE = 'harness.input';
const NODE_NAME = 'SePay eInvoice';

/** Emits the items the test gives it, like a trigger with pinned data. */
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

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

function loadNodeType(): INodeType {
	const nodeType = new SePayEInvoice();
	// n8n adds the "Options → Batching / Proxy / Timeout" parameters to declarative nodes at load.
	DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
	// …and gives a declarative node an execute method that runs RoutingNode in the node's own
	// context (packages/cli/src/node-types.ts), which carries the execution's cancel signal.
	(nodeType as { execute?: unknown }).execute = async function (this: IExecuteFunctions) {
		return (await new RoutingNode(this as never, nodeType).runNode()) ?? [];
	};
	return nodeType;
}

const sepayNodeType = loadNodeType();
const nodeTypes: INodeTypes = {
	getByName: (type: string) => (type === NODE_TYPE ? sepayNodeType : new HarnessInput()),
	getByNameAndVersion: (type: string) => (type === NODE_TYPE ? sepayNodeType : new HarnessInput()),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

export function credentialTypes(): Map<string, ICredentialType> {
	return new Map<string, ICredentialType>([[CREDENTIAL_TYPE, new SePayEInvoiceApi()]]);
}

export function newCredentialStore(data: ICredentialDataDecryptedObject): CredentialStore {
	const store = new CredentialStore(credentialTypes());
	store.set(CREDENTIAL_TYPE, { accessToken: '', ...data });
	return store;
}

export interface RunOptions {
	parameters: INodeParameters;
	store: CredentialStore;
	items?: IDataObject[];
	continueOnFail?: boolean;
	executionId?: string;
	/** Stop the execution this long after it started (n8n's Stop button). */
	stopAfterMs?: number;
}

export interface RunResult {
	/** Output items of the SePay node (empty when it failed without Continue On Fail). */
	items: INodeExecutionData[];
	/** The node's error when the execution stopped on it. */
	error?: Error & { description?: string; context?: IDataObject; httpCode?: string | null };
	run: IRun;
	/** With stopAfterMs: when the stop came and when the node's work had ended. */
	stoppedAt?: number;
	settledAt?: number;
}

let executionCounter = 0;

/** Runs Input → SePay eInvoice through n8n-core's WorkflowExecute, as n8n does. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const executionId = options.executionId ?? `test-${process.pid}-${++executionCounter}-${Date.now()}`;
	const nodeParameters = NodeHelpers.getNodeParameters(
		sepayNodeType.description.properties,
		options.parameters,
		true,
		false,
		null,
		null,
	) as INodeParameters;
	const workflow = new Workflow({
		id: 'harness',
		nodes: [
			{
				id: 'input',
				name: 'Input',
				type: INPUT_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: { items: JSON.stringify(options.items ?? [{}]) },
			},
			{
				id: 'sepay-node',
				name: NODE_NAME,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [200, 0],
				parameters: nodeParameters,
				credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'SePay eInvoice account' } },
				onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
			},
		],
		connections: { Input: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});

	const run = await runWorkflow({
		workflow,
		startNode: workflow.getNode('Input')!,
		input: [[{ json: {} }]],
		mode: 'manual',
		executionId,
		credentialsHelper: options.store,
		stopAfterMs: options.stopAfterMs,
	});
	const taskData = run.data.resultData.runData[NODE_NAME]?.[0] as ITaskData | undefined;
	const items = (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[];
	const result = { items, error: taskData?.error as RunResult['error'], run, stoppedAt: run.stoppedAt, settledAt: run.settledAt };
	recordRun({
		produced: result,
		credentials: [...options.store.stored.values()],
		issuedTokens: options.store.issuedTokens,
	});
	return result;
}
