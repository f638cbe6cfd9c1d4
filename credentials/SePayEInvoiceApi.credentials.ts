import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { obtainAccessToken } from '../nodes/SePayEInvoice/shared/accessToken';
import { SEPAY_PRODUCTION_URL, SEPAY_SANDBOX_URL } from '../nodes/SePayEInvoice/shared/environment';

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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	// No `test` request here on purpose: the node's credentialTest (shared/credentialTest.ts)
	// always asks SePay for a fresh token, where a request test would reuse the stored one.
}
