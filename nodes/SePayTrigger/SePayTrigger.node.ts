import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { keyFromAuthorizationHeader, keysMatch, normaliseStoredKey } from './auth';
import { filterOut, parseTransaction, type TransactionFilters } from './transaction';

const CREDENTIAL_TYPE = 'sePayWebhookApi';

type WebhookResponse = ReturnType<IWebhookFunctions['getResponseObject']>;

/**
 * Answers SePay directly. SePay only accepts a JSON `{"success": true}` with 200/201 as a
 * delivery; everything else is retried (API reference §6.3).
 */
function respond(
	res: WebhookResponse,
	status: number,
	body: IDataObject,
	headers: Record<string, string> = {},
): void {
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
	res.end(JSON.stringify(body));
}

export class SePayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SePay Trigger',
		name: 'sePayTrigger',
		icon: {
			light: 'file:../../icons/sepay-trigger.svg',
			dark: 'file:../../icons/sepay-trigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["transferType"] === "both" ? "Money in and out" : $parameter["transferType"] === "out" ? "Money out" : "Money in" }}',
		description: 'Starts the workflow when SePay reports a bank transaction (webhook)',
		eventTriggerDescription: 'Waiting for a transaction webhook from SePay',
		activationMessage:
			'Paste the production URL into my.sepay.vn → Webhooks. SePay will call it for every new transaction.',
		defaults: { name: 'SePay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'sePayWebhookApi',
				required: true,
				testedBy: 'sePayWebhookApiKeyTest',
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// The node writes every response itself (status + JSON body) and returns
				// `noWebhookResponse`, so n8n adds nothing of its own.
				responseMode: 'onReceived',
				path: 'sepay',
			},
		],
		properties: [
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
						name: 'None',
						value: 'none',
						description: 'Anyone who knows the URL can start the workflow. For testing only.',
					},
				],
				default: 'apiKey',
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
					{ name: 'Money Out', value: 'out', description: 'Outgoing transfers only' },
					{ name: 'Both', value: 'both', description: 'Incoming and outgoing transfers' },
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
				],
			},
		],
	};

	methods = {
		credentialTest: {
			/**
			 * SePay has no endpoint that verifies a webhook key (it is a secret SePay sends to
			 * us), so this checks the key is usable. The end-to-end check is a test webhook
			 * sent from my.sepay.vn.
			 */
			async sePayWebhookApiKeyTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const key = normaliseStoredKey(credential.data?.apiKey);
				if (key === '') return { status: 'Error', message: 'API Key is empty' };
				if (/\s/.test(key)) {
					return { status: 'Error', message: 'API Key must not contain spaces or line breaks' };
				}
				return {
					status: 'OK',
					message:
						'Key saved. SePay cannot check webhook keys from n8n: send a test webhook from my.sepay.vn to confirm.',
				};
			},
		},
	};

	/**
	 * The webhook is registered by the user in my.sepay.vn (or SePay's OAuth2 webhooks API),
	 * not by n8n: there is nothing to create or delete on SePay's side, so the lifecycle
	 * reports it as present and does nothing.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const authentication = this.getNodeParameter('authentication', 'apiKey') as string;

		if (authentication === 'apiKey') {
			let expected = '';
			try {
				const credentials = await this.getCredentials(CREDENTIAL_TYPE);
				expected = normaliseStoredKey(credentials.apiKey);
			} catch {
				// No credential selected or it cannot be decrypted: a set-up problem on our
				// side, so 500 (SePay retries) and no detail for the caller.
				expected = '';
			}
			if (expected === '') {
				respond(res, 500, { success: false, message: 'SePay Trigger has no API key configured' });
				return { noWebhookResponse: true };
			}
			const received = keyFromAuthorizationHeader(this.getHeaderData().authorization);
			if (received === undefined) {
				respond(
					res,
					401,
					{ success: false, message: 'Missing "Authorization: Apikey <key>" header' },
					{ 'WWW-Authenticate': 'Apikey' },
				);
				return { noWebhookResponse: true };
			}
			if (!keysMatch(received, expected)) {
				respond(
					res,
					401,
					{ success: false, message: 'Invalid API key' },
					{ 'WWW-Authenticate': 'Apikey' },
				);
				return { noWebhookResponse: true };
			}
		}

		const parsed = parseTransaction(this.getBodyData() as unknown);
		if (!parsed.ok) {
			respond(res, 400, { success: false, message: `Invalid SePay transaction: ${parsed.message}` });
			return { noWebhookResponse: true };
		}

		const options = this.getNodeParameter('options', {}) as IDataObject;
		const responseCode = Number(options.responseCode) === 201 ? 201 : 200;
		const filters: TransactionFilters = {
			...(this.getNodeParameter('filters', {}) as IDataObject),
			transferType: this.getNodeParameter('transferType', 'in') as TransactionFilters['transferType'],
		};

		// Filtered out or not, SePay gets a success: a retry would be filtered out again.
		respond(res, responseCode, { success: true });
		if (filterOut(parsed.transaction, filters) !== undefined) {
			return { noWebhookResponse: true };
		}
		return {
			noWebhookResponse: true,
			workflowData: [this.helpers.returnJsonArray([parsed.transaction])],
		};
	}
}
