import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The signing secret of a SePay webhook set to HMAC-SHA256. SePay signs every delivery with
 * it (`X-SePay-Signature`); the SePay Trigger recomputes the signature over the raw body.
 *
 * Like the API key it is a secret SePay sends to us, so no SePay endpoint can test it: the
 * node's `testedBy` method (`sePayWebhookHmacSecretTest`) checks its format, and a test
 * webhook from my.sepay.vn checks the whole set-up.
 */
export class SePayWebhookHmacApi implements ICredentialType {
	name = 'sePayWebhookHmacApi';

	displayName = 'SePay Webhook HMAC API';

	icon: Icon = {
		light: 'file:../icons/sepay-trigger.svg',
		dark: 'file:../icons/sepay-trigger.dark.svg',
	};

	documentationUrl = 'https://developer.sepay.vn/en/sepay-webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The secret of the webhook in my.sepay.vn → Webhooks (Authentication: HMAC-SHA256). SePay signs each delivery with it.',
		},
	];
}
