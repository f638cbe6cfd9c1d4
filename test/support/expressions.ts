// n8n's expression engine, for values the package states as expressions (request base URLs).
import type { INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { NODE_TYPE, nodeTypes } from './nodeTypes';

/** What n8n resolves the expression to for a request made with these credential fields. */
export function evaluateWithCredentials(expression: string, credentials: Record<string, string>): unknown {
	const node: INode = { id: 'n', name: 'n', type: NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, expression, 'internal', { $credentials: credentials });
}
