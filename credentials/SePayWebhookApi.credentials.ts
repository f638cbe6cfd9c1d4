import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The key SePay sends with every bank-transaction webhook (`Authorization: Apikey <key>`).
 *
 * It is a shared secret checked by the SePay Trigger node, not a key for calling SePay, so
 * there is no SePay endpoint to test it against. The node's `testedBy` method
 * (`sePayWebhookApiKeyTest`) checks that it is usable; the real check is sending a test
 * webhook from my.sepay.vn.
 */
export class SePayWebhookApi implements ICredentialType {
	name = 'sePayWebhookApi';

	displayName = 'SePay Webhook API';

	icon: Icon = {
		light: 'file:../icons/sepay-trigger.svg',
		dark: 'file:../icons/sepay-trigger.dark.svg',
	};

	documentationUrl = 'https://developer.sepay.vn/en/sepay-webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The API key of the webhook in my.sepay.vn → Webhooks (Authentication: API Key). SePay sends it as "Authorization: Apikey &lt;key&gt;".',
		},
	];
}
