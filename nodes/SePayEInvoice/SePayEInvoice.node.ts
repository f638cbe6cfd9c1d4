import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { getTemplates } from './listSearch/getTemplates';
import { searchProviderAccounts } from './listSearch/searchProviderAccounts';
import { invoiceDescription } from './resources/invoice';
import { providerAccountDescription } from './resources/providerAccount';
import { usageDescription } from './resources/usage';
import { BASE_URL_EXPRESSION } from './shared/environment';

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
		requestDefaults: {
			baseURL: BASE_URL_EXPRESSION,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
		},
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
			{
				displayName: 'Reliability',
				name: 'reliability',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Retry on Temporary Errors',
						name: 'retryOnTransientErrors',
						type: 'boolean',
						default: true,
						description:
							'Whether to retry when SePay is busy (429), failing (5xx) or the connection drops. Creates are resent with the same Reference Code, so an invoice is never issued twice.',
					},
					{
						displayName: 'Max Retries',
						name: 'maxRetries',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 10 },
						default: 3,
						description: 'Retries per request, with growing waits (0.5 s, 1 s, 2 s, …)',
					},
					{
						displayName: 'Max Retry Wait (Seconds)',
						name: 'maxRetryDelay',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 300 },
						default: 30,
						description: "Longest wait between retries, also the cap on SePay's Retry-After",
					},
					{
						displayName: 'Max Concurrent Status Checks',
						name: 'maxConcurrentPolls',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 200 },
						default: 20,
						description: 'How many items may check their invoice status at the same moment',
					},
				],
			},
		],
	};

	methods = {
		listSearch: { searchProviderAccounts },
		loadOptions: { getTemplates },
	};
}
