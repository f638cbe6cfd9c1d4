import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { currentAccessToken, obtainAccessToken } from '../nodes/SePayEInvoice/transport/accessToken';
import {
	BASE_URL_EXPRESSION,
	SEPAY_PRODUCTION_URL,
	SEPAY_SANDBOX_URL,
} from '../nodes/SePayEInvoice/transport/environment';

const REJECTED_CREDENTIALS_MESSAGE =
	'SePay rejected the Client ID / Client Secret. Check both values, and that Environment matches where they were issued: Sandbox and Production credentials are separate.';

export class SePayEInvoiceApi implements ICredentialType {
	name = 'sePayEInvoiceApi';

	displayName = 'SePay eInvoice API';

	icon: Icon = { light: 'file:../icons/sepay.svg', dark: 'file:../icons/sepay.dark.svg' };

	documentationUrl = 'https://developer.sepay.vn/en/einvoice-api/v1/tao-token';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Sandbox',
					value: 'sandbox',
					description: `Test data only, nothing reaches the tax authority (${SEPAY_SANDBOX_URL})`,
				},
				{
					name: 'Production',
					value: 'production',
					description: `Real, legally binding invoices (${SEPAY_PRODUCTION_URL})`,
				},
				{
					name: 'Custom',
					value: 'custom',
					description: 'Another base URL, e.g. a proxy or a local SePay simulator',
				},
			],
			default: 'sandbox',
			description:
				'Where the invoices go. Sandbox and Production have separate Client IDs and Secrets.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://einvoice-api-sandbox.sepay.vn',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
			description: 'Base URL of the SePay eInvoice API, without /v1',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				"The eInvoice API client ID SePay gave you at my.sepay.vn (sandbox credentials need the company's Test mode on)",
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** Called by n8n when the stored token is empty or was rejected with a 401. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return { accessToken: await obtainAccessToken(this, credentials) };
	}

	/**
	 * Bearer with this process's newest token: after a 401 the node renews the token itself
	 * (accessToken.ts), because it asks n8n for full responses and n8n only refreshes on a
	 * thrown 401. Until then it is the token n8n stored.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${currentAccessToken(credentials)}` },
		};
	}

	/**
	 * "Test" asks SePay for a token with the entered Client ID and Secret (HTTP Basic). It does
	 * not rely on the stored token: n8n's test skips preAuthentication when a token is stored,
	 * and an old token would let a mistyped secret pass.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/v1/token',
			method: 'POST',
			auth: {
				username: '={{$credentials.clientId}}',
				password: '={{$credentials.clientSecret}}',
			},
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: REJECTED_CREDENTIALS_MESSAGE },
			},
			{
				type: 'responseCode',
				properties: { value: 400, message: REJECTED_CREDENTIALS_MESSAGE },
			},
		],
	};
}
