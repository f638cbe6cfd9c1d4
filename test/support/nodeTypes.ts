// The one node-type registry of the engine tests: the package's nodes loaded as n8n's CLI loads
// them, plus the small harness nodes (n8n-nodes-base is not installed), and the credential types.
import { DirectoryLoader } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';

import { SePayEInvoiceApi } from '../../credentials/SePayEInvoiceApi.credentials';
import { SePayWebhookApi } from '../../credentials/SePayWebhookApi.credentials';
import { SePayWebhookHmacApi } from '../../credentials/SePayWebhookHmacApi.credentials';
import { SePayEInvoice } from '../../nodes/SePayEInvoice/SePayEInvoice.node';
import { SePayTrigger } from '../../nodes/SePayTrigger/SePayTrigger.node';
import { CredentialStore } from '../harness/credentialStore';

export const NODE_TYPE = 'n8n-nodes-sepay-einvoice.sePayEInvoice';
export const TRIGGER_TYPE = 'n8n-nodes-sepay-einvoice.sePayTrigger';
export const INPUT_TYPE = 'harness.input';
export const LOOP_TYPE = 'harness.loopOverItems';
export const PASS_TYPE = 'harness.passThrough';
export const READ_TYPE = 'harness.readEarlier';

export const CREDENTIAL_TYPE = 'sePayEInvoiceApi';
export const WEBHOOK_CREDENTIAL = 'sePayWebhookApi';
export const HMAC_CREDENTIAL = 'sePayWebhookHmacApi';

/** Emits the items given in its `items` parameter (JSON), like a trigger with pinned data. */
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

/**
 * Like a Set node that adds one field from an expression, e.g. `={{ $('Input').item.json.name }}`:
 * n8n resolves `.item` through the paired items, and fails the run when they are missing.
 */
class HarnessReadEarlier implements INodeType {
	description = {
		displayName: 'Read Earlier',
		name: READ_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Test expression reader',
		defaults: { name: 'Read Earlier' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, index) => ({
				json: { ...item.json, read: this.getNodeParameter('value', index) as string },
				pairedItem: { item: index },
			})),
		];
	}
}

function loadEInvoiceNodeType(): INodeType {
	const nodeType = new SePayEInvoice();
	// What n8n's loader does at load: it adds "Options" only to declarative nodes (ours has `execute`).
	DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
	return nodeType;
}

export const einvoiceNodeType: INodeType = loadEInvoiceNodeType();
export const triggerNodeType = new SePayTrigger();

const TYPES: Record<string, INodeType> = {
	[NODE_TYPE]: einvoiceNodeType,
	[TRIGGER_TYPE]: triggerNodeType,
	[INPUT_TYPE]: new HarnessInput(),
	[LOOP_TYPE]: new HarnessLoop(),
	[PASS_TYPE]: new HarnessPassThrough(),
	[READ_TYPE]: new HarnessReadEarlier(),
};

function byType(type: string): INodeType {
	const nodeType = TYPES[type];
	if (!nodeType) throw new Error(`unknown node type ${type}`);
	return nodeType;
}

export const nodeTypes = {
	getByName: byType,
	getByNameAndVersion: byType,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

/** The package's credential types, by name. */
export function credentialTypes(): Map<string, ICredentialType> {
	return new Map<string, ICredentialType>([
		[CREDENTIAL_TYPE, new SePayEInvoiceApi()],
		[WEBHOOK_CREDENTIAL, new SePayWebhookApi()],
		[HMAC_CREDENTIAL, new SePayWebhookHmacApi()],
	]);
}

/** A credential store holding one SePay eInvoice credential with these fields (no token yet). */
export function newCredentialStore(data: ICredentialDataDecryptedObject): CredentialStore {
	const store = new CredentialStore(credentialTypes());
	store.set(CREDENTIAL_TYPE, { accessToken: '', ...data });
	return store;
}
