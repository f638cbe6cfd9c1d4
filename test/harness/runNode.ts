/* eslint-disable */
import type { IDataObject, INodeExecutionData, INodeParameters, IRun, ITaskData } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { CREDENTIAL_TYPE, INPUT_TYPE, NODE_TYPE, einvoiceNodeType, nodeTypes } from '../support/nodeTypes';
import type { CredentialStore } from './credentialStore';
import { runWorkflow } from './runWorkflow';
import { recordRun } from './secretScan';

const NODE_NAME = 'SePay eInvoice';

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
		einvoiceNodeType.description.properties,
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
		credentials: await options.store.allStoredData(),
		issuedTokens: options.store.issuedTokens,
	});
	return result;
}
