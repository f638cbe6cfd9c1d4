// Calls the node's dropdown methods (loadOptions / listSearch) the way n8n's
// DynamicNodeParametersService does: a LoadOptionsContext from n8n-core over a one-node
// workflow, additionalData.currentNodeParameters = the form being edited, and the same
// credential helper as runNode (so preAuthentication and the Bearer header are n8n's).
import { LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult, INodeParameters, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { CREDENTIAL_TYPE, NODE_TYPE, einvoiceNodeType as nodeType, nodeTypes } from '../support/nodeTypes';
import type { CredentialStore } from './credentialStore';
import { harnessAdditionalData } from './additionalData';

export interface LoadOptionsRun {
	store: CredentialStore;
	/** The node's parameters as currently edited (defaults are filled in). */
	parameters: INodeParameters;
	/** Path of the parameter whose options are loaded, e.g. `parameters.templateAndSeries`. */
	path?: string;
}

function contextFor({ store, parameters, path = 'parameters.x' }: LoadOptionsRun): LoadOptionsContext {
	const nodeParameters = NodeHelpers.getNodeParameters(
		nodeType.description.properties,
		parameters,
		true,
		false,
		null,
		null,
	) as INodeParameters;
	const node = {
		id: 'sepay-node',
		name: 'SePay eInvoice',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: nodeParameters,
		credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'SePay eInvoice account' } },
	};
	const workflow = new Workflow({
		id: 'load-options',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const additionalData = harnessAdditionalData({ credentialsHelper: store, currentNodeParameters: nodeParameters });
	return new LoadOptionsContext(workflow, workflow.getNode(node.name)!, additionalData, path);
}

/** Runs `methods.loadOptions[name]`. */
export async function loadOptions(name: string, run: LoadOptionsRun): Promise<INodePropertyOptions[]> {
	const method = nodeType.methods?.loadOptions?.[name];
	if (!method) throw new Error(`no loadOptions method ${name}`);
	return await method.call(contextFor(run));
}

/** Runs `methods.listSearch[name]` with n8n's (filter, paginationToken) arguments. */
export async function listSearch(
	name: string,
	run: LoadOptionsRun & { filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const method = nodeType.methods?.listSearch?.[name];
	if (!method) throw new Error(`no listSearch method ${name}`);
	return await method.call(contextFor(run), run.filter, run.paginationToken);
}
