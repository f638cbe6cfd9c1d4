/* eslint-disable */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	INode,
	INodeExecutionData,
	IRun,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';

import { harnessAdditionalData } from './additionalData';

export interface WorkflowRun {
	workflow: Workflow;
	startNode: INode;
	/** What the start node emits (a trigger's workflowData, or one empty item). */
	input: INodeExecutionData[][];
	mode: WorkflowExecuteMode;
	executionId: string;
	credentialsHelper: unknown;
	/** Extra additionalData fields (request/response, base URL …) on top of the harness defaults. */
	additionalData?: Partial<IWorkflowExecuteAdditionalData>;
	baseUrl?: string;
	/** Stops the execution (as n8n's Stop button does) this long after it started. */
	stopAfterMs?: number;
}

export interface StoppedRun {
	/** When the stop was requested and when the engine's work (the node's waits included) ended. */
	stoppedAt?: number;
	settledAt?: number;
}

/** Runs a workflow from its start node with n8n-core's WorkflowExecute and waits for the end. */
export async function runWorkflow(options: WorkflowRun): Promise<IRun & StoppedRun> {
	const hooks = new ExecutionLifecycleHooks(options.mode, options.executionId, {
		id: options.workflow.id,
		name: 'harness',
		nodes: [],
		connections: {},
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as never);
	let resolveRun: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));

	const additionalData = harnessAdditionalData(
		{
			...options.additionalData,
			executionId: options.executionId,
			credentialsHelper: options.credentialsHelper,
			hooks,
		},
		options.baseUrl,
	);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: options.startNode, data: { main: options.input }, source: null }],
		},
	});
	const execution = new WorkflowExecute(additionalData, options.mode, runExecutionData).processRunExecutionData(
		options.workflow,
	);
	let stoppedAt: number | undefined;
	const stop =
		options.stopAfterMs === undefined
			? undefined
			: setTimeout(() => {
					stoppedAt = Date.now();
					execution.cancel();
				}, options.stopAfterMs);
	// After a stop n8n reports the run at once; this resolves when the node's own work is over.
	await execution;
	const settledAt = Date.now();
	clearTimeout(stop);
	return Object.assign(await finished, { stoppedAt, settledAt: stoppedAt === undefined ? undefined : settledAt });
}
