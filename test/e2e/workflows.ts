// Workflows for the end-to-end run: a Manual Trigger followed by SePay eInvoice nodes,
// in n8n's export format (what `n8n import:workflow` reads).

export const NODE_TYPE = 'n8n-nodes-sepay-einvoice.sePayEInvoice';
export const CREDENTIAL_TYPE = 'sePayEInvoiceApi';
export const TRIGGER_NAME = 'Manual Trigger';
export const SEPAY_TRIGGER_TYPE = 'n8n-nodes-sepay-einvoice.sePayTrigger';
export const WEBHOOK_CREDENTIAL_TYPE = 'sePayWebhookApi';
/** The provider account ID in examples/*.json (the seed-1 simulator's first active account). */
export const EXAMPLE_PROVIDER_ACCOUNT = '3051c888-c8ae-47ad-a761-9c968d440f68';

export interface CredentialRef {
	id: string;
	name: string;
}

export interface WfNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, CredentialRef>;
	executeOnce?: boolean;
	/** On Error in the node's settings; `continueErrorOutput` adds the error output (index 1). */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	webhookId?: string;
}

export interface Workflow {
	id: string;
	name: string;
	active: boolean;
	nodes: WfNode[];
	/** Per source node and connection type (`main`, or `ai_tool` / `ai_languageModel` into an AI Agent). */
	connections: Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }>>>>;
	settings: Record<string, unknown>;
	pinData: Record<string, unknown>;
}

let nodeCounter = 0;
function nodeId(): string {
	nodeCounter += 1;
	return `00000000-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`;
}

/** A node of n8n's own (`n8n-nodes-base.…`) with these parameters. */
export function n8nNode(name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Partial<WfNode> = {}): WfNode {
	return { id: nodeId(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

export function manualTrigger(): WfNode {
	return {
		id: nodeId(),
		name: TRIGGER_NAME,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

export function sepayNode(
	name: string,
	parameters: Record<string, unknown>,
	credential: CredentialRef,
	extra: Partial<WfNode> = {},
): WfNode {
	return {
		id: nodeId(),
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: credential },
		...extra,
	};
}

/** Edit Fields (raw JSON) + Split Out: several input items without a Code node (no task runner). */
export function itemsFrom(field: string, values: unknown[]): WfNode[] {
	return [
		{
			id: nodeId(),
			name: 'Make Items',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [0, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ [field]: values }), options: {} },
		},
		splitOut('Split Items', field),
	];
}

/** Split Out: one item per element of `field` (a dotted path such as `body.orders` works). */
export function splitOut(name: string, field: string): WfNode {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [0, 0],
		parameters: { fieldToSplitOut: field, options: {} },
	};
}

/** Edit Fields (manual mapping): only the given string fields, each usually an expression. */
export function editFields(name: string, fields: Record<string, string>): WfNode {
	const assignments = Object.entries(fields).map(([field, value]) => ({ id: nodeId(), name: field, value, type: 'string' }));
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [0, 0],
		parameters: { mode: 'manual', assignments: { assignments }, options: {} },
	};
}

/** Webhook trigger (POST) answering with the last node's first item. */
export function webhookTrigger(webhookPath: string): WfNode {
	return {
		id: nodeId(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
		webhookId: nodeId(),
	};
}

/**
 * SePay Trigger (bank-transaction webhook). Production URL: `/webhook/<webhookId>/sepay`.
 * `credential` is the sePayWebhookApi credential (API key); omit it with authentication 'none'.
 */
export function sepayTrigger(webhookId: string, parameters: Record<string, unknown>, credential?: CredentialRef): WfNode {
	return {
		id: nodeId(),
		name: 'SePay Trigger',
		type: SEPAY_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...(credential ? { credentials: { [WEBHOOK_CREDENTIAL_TYPE]: credential } } : {}),
		webhookId,
	};
}

/**
 * Builds a workflow. `branches`: each is a chain of nodes run after the trigger, in order
 * (with executionOrder v1, branches run one after another, top to bottom).
 */
export function workflow(id: string, name: string, branches: WfNode[][], trigger: WfNode = manualTrigger()): Workflow {
	if (!/\d/.test(id)) throw new Error(`workflow id ${id} must contain a digit (execute-batch --ids)`);
	const nodes: WfNode[] = [trigger];
	const connections: Workflow['connections'] = {};
	const link = (from: WfNode, to: WfNode) => {
		connections[from.name] ??= { main: [[]] };
		connections[from.name]!.main![0]!.push({ node: to.name, type: 'main', index: 0 });
	};
	branches.forEach((chain, b) => {
		let previous = trigger;
		chain.forEach((node, i) => {
			node.position = [250 * (i + 1), 200 * b];
			nodes.push(node);
			link(previous, node);
			previous = node;
		});
	});
	const names = new Set<string>();
	for (const n of nodes) {
		if (names.has(n.name)) throw new Error(`duplicate node name ${n.name} in ${id}`);
		names.add(n.name);
	}
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** Fields every create node shares; override per test. */
export function createParams(providerAccountId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		resource: 'invoice',
		operation: 'create',
		providerAccount: { __rl: true, mode: 'id', value: providerAccountId },
		templateAndSeries: '1|C26TAA',
		mode: 'issue',
		issuedDate: '',
		currency: 'VND',
		paymentMethod: 'CK',
		buyerType: 'personal',
		buyerName: 'Nguyễn Văn A',
		buyerDetails: {},
		itemsInputMode: 'form',
		lineItems: {
			item: [{ lineType: 1, itemName: 'Cà phê sữa', unit: 'ly', quantity: 2, unitPrice: 45000, taxRate: '8' }],
		},
		ifReferenceCodeExists: 'returnExisting',
		waitForResult: true,
		pollInterval: 0.5,
		maxPollAttempts: 20,
		...overrides,
	};
}
