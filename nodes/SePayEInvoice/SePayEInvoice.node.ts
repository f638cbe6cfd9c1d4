import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { getTemplates } from './listSearch/getTemplates';
import { searchProviderAccounts } from './listSearch/searchProviderAccounts';
import { invoiceDescription } from './resources/invoice';
import { providerAccountDescription } from './resources/providerAccount';
import { usageDescription } from './resources/usage';
import { BASE_URL_EXPRESSION } from './shared/environment';
import {
	DEFAULT_MAX_RETRIES,
	DEFAULT_MAX_RETRY_WAIT_SECONDS,
	MAX_RETRIES_BOUNDS,
	MAX_RETRY_WAIT_SECONDS_BOUNDS,
} from './shared/retry';
import { DEFAULT_MAX_IN_FLIGHT, MAX_IN_FLIGHT_BOUNDS } from './shared/scheduler';

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
						typeOptions: { minValue: MAX_RETRIES_BOUNDS.min, maxValue: MAX_RETRIES_BOUNDS.max },
						default: DEFAULT_MAX_RETRIES,
						description:
							'Retries per request after a 5xx or a dropped connection, with growing waits (0.5 s, 1 s, 2 s, …). SePay\'s rate limiting (429) does not use them up: the node slows down and resends.',
					},
					{
						displayName: 'Max Retry Wait (Seconds)',
						name: 'maxRetryDelay',
						type: 'number',
						typeOptions: {
							minValue: MAX_RETRY_WAIT_SECONDS_BOUNDS.min,
							maxValue: MAX_RETRY_WAIT_SECONDS_BOUNDS.max,
						},
						default: DEFAULT_MAX_RETRY_WAIT_SECONDS,
						description:
							"Longest wait between retries, also the cap on SePay's Retry-After. When SePay limits requests (429), one request waits at most 10 times this in all before it fails.",
					},
					{
						displayName: 'Max Requests in Flight',
						name: 'maxInFlight',
						type: 'number',
						typeOptions: { minValue: MAX_IN_FLIGHT_BOUNDS.min, maxValue: MAX_IN_FLIGHT_BOUNDS.max },
						default: DEFAULT_MAX_IN_FLIGHT,
						description:
							'How many requests to SePay may be open at once, shared by all SePay nodes using this credential in this n8n process. When SePay limits requests the node also slows down by itself.',
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
