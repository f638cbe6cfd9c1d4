import type { IWorkflowExecuteAdditionalData } from 'n8n-workflow';

/**
 * The parts of n8n's IWorkflowExecuteAdditionalData our nodes touch at run time: the
 * credentials helper and the instance URLs n8n-core derives expression keys from. `baseUrl`
 * stands in for the instance's own address; `extra` adds hooks, request/response, etc.
 */
export function harnessAdditionalData(
	extra: Record<string, unknown> & { credentialsHelper: unknown },
	baseUrl = 'http://localhost',
): IWorkflowExecuteAdditionalData {
	return {
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: baseUrl,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		currentNodeParameters: undefined,
		variables: {},
		executeWorkflow: async () => {
			throw new Error('not used by these nodes');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used by these nodes');
		},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}
