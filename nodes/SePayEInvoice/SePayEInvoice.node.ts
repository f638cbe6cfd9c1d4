import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { reliabilityOptions } from './descriptions/reliability';
import type { OperationRunner } from './execution/itemRunner';
import { getTemplates } from './listSearch/getTemplates';
import { searchProviderAccounts } from './listSearch/searchProviderAccounts';
import { invoiceDescription, invoiceOperations } from './resources/invoice';
import { providerAccountDescription, providerAccountOperations } from './resources/providerAccount';
import { usageDescription, usageOperations } from './resources/usage';

const operations: Record<string, Record<string, OperationRunner>> = {
	invoice: invoiceOperations,
	providerAccount: providerAccountOperations,
	usage: usageOperations,
};

export class SePayEInvoice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SePay eInvoice',
		name: 'sePayEInvoice',
		icon: { light: 'file:../../icons/sepay.svg', dark: 'file:../../icons/sepay.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Issue Vietnamese e-invoices (hóa đơn điện tử) with the SePay eInvoice API',
		defaults: { name: 'SePay eInvoice' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sePayEInvoiceApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Invoice', value: 'invoice' },
					{ name: 'Provider Account', value: 'providerAccount' },
					{ name: 'Usage', value: 'usage' },
				],
				default: 'invoice',
			},
			...invoiceDescription,
			...providerAccountDescription,
			...usageDescription,
			reliabilityOptions,
		],
	};

	methods = {
		listSearch: { searchProviderAccounts },
		loadOptions: { getTemplates },
	};

	/**
	 * Every operation owns its flow (resources/<resource>/<operation>.ts): n8n calls `execute`
	 * for the node in a workflow and for the node as an AI Agent's tool alike.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = operations[resource]?.[operation];
		if (!run) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`, {
				description: 'Open the node and choose a Resource and an Operation again.',
			});
		}
		return await run(this);
	}
}
