import type { INodeProperties } from 'n8n-workflow';

import { TIMESTAMP_TOLERANCE_MINUTES } from './hmac';

/** The SePay Trigger's fields, in the order the editor shows them. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'In my.sepay.vn → Webhooks, create a webhook with this node\'s URL, "Content type" JSON and the same authentication as below. Use the Test URL while building, the Production URL once the workflow is active.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'API Key',
				value: 'apiKey',
				description: 'SePay sends "Authorization: Apikey &lt;key&gt;"; other calls get 401',
			},
			{
				name: 'HMAC-SHA256',
				value: 'hmac',
				description:
					'SePay signs each delivery (X-SePay-Signature, X-SePay-Timestamp); unsigned or wrongly signed calls get 401. SePay recommends it.',
			},
			{
				name: 'None',
				value: 'none',
				description: 'Anyone who knows the URL can start the workflow. For testing only.',
			},
		],
		default: 'apiKey',
	},
	{
		displayName: 'Signed Content',
		name: 'signedContent',
		type: 'options',
		options: [
			{
				name: 'Timestamp.Body',
				value: 'timestampBody',
				description: 'The signature covers "&lt;X-SePay-Timestamp&gt;.&lt;raw body&gt;" (most integrations)',
			},
			{
				name: 'Body Only',
				value: 'body',
				description: 'The signature covers the raw body alone',
			},
		],
		default: 'timestampBody',
		description:
			'What SePay signs. SePay does not document it publicly: keep the default, and switch only if correctly configured deliveries get "Invalid signature".',
		displayOptions: { show: { authentication: ['hmac'] } },
	},
	{
		displayName:
			'Without authentication anyone who learns the URL can post fake transactions. Check the amount and account against SePay before issuing invoices.',
		name: 'noAuthNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['none'] } },
	},
	{
		displayName: 'Transfer Type',
		name: 'transferType',
		type: 'options',
		options: [
			{ name: 'Money In', value: 'in', description: 'Incoming transfers only' },
			{
				name: 'Money Out',
				value: 'out',
				description: 'Outgoing transfers only',
			},
			{
				name: 'Both',
				value: 'both',
				description: 'Incoming and outgoing transfers',
			},
		],
		default: 'in',
		description:
			'Which transactions start the workflow. Others are acknowledged to SePay and ignored.',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'Transactions that do not match are acknowledged to SePay (so it does not retry) and start no workflow',
		options: [
			{
				displayName: 'Account Numbers',
				name: 'accountNumbers',
				type: 'string',
				default: '',
				placeholder: '0123499999, 0987654321',
				description: 'Only these bank account numbers (comma-separated)',
			},
			{
				displayName: 'Minimum Amount',
				name: 'minAmount',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Only transactions of at least this amount (VND). 0 = any amount.',
			},
			{
				displayName: 'Payment Code Prefix',
				name: 'paymentCodePrefix',
				type: 'string',
				default: '',
				placeholder: 'DH',
				description:
					'Only transactions whose payment code starts with this prefix (case-insensitive). Several prefixes: comma-separated.',
			},
			{
				displayName: 'Require Payment Code',
				name: 'requirePaymentCode',
				type: 'boolean',
				default: false,
				description:
					'Whether to ignore transactions without a payment code ("code" is null, i.e. SePay found no code in the transfer content).',
			},
			{
				displayName: 'Sub-Accounts (VA)',
				name: 'subAccounts',
				type: 'string',
				default: '',
				placeholder: 'VA123456',
				description: 'Only these virtual accounts / sub-accounts (comma-separated)',
			},
		],
	},
	{
		displayName: 'Skip Repeated Deliveries',
		name: 'skipRepeatedDeliveries',
		type: 'boolean',
		default: true,
		description:
			'Whether to answer a transaction ID that already started a run (the last 5,000 IDs, up to 7 days) with {"success": true} and start no second run. SePay redelivers when it misses an answer. Test-URL runs are not remembered.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Response Code',
				name: 'responseCode',
				type: 'options',
				options: [
					{ name: '200 OK', value: 200 },
					{ name: '201 Created', value: 201 },
				],
				default: 200,
				description: 'HTTP status of the {"success": true} reply. SePay accepts both.',
			},
			{
				displayName: 'Timestamp Tolerance (Minutes)',
				name: 'timestampToleranceMinutes',
				type: 'number',
				typeOptions: {
					minValue: TIMESTAMP_TOLERANCE_MINUTES.min,
					maxValue: TIMESTAMP_TOLERANCE_MINUTES.max,
				},
				// TIMESTAMP_TOLERANCE_MINUTES.default: n8n's lint wants a literal here.
				default: 5,
				description:
					"How far X-SePay-Timestamp may be from this server's clock before a signed call is refused (replay protection)",
				displayOptions: { show: { '/authentication': ['hmac'] } },
			},
		],
	},
];
