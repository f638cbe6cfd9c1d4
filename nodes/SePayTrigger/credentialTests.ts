import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { normaliseStoredKey } from './apiKey';
import { normaliseSecret } from './authenticate';

/** Shorter than this is not a secret SePay generated (or only part of one was copied). */
const MIN_SECRET_LENGTH = 16;

const error = (message: string): INodeCredentialTestResult => ({
	status: 'Error',
	message,
});

/**
 * SePay has no endpoint that verifies a webhook key or signing secret (both are secrets SePay
 * sends to us), so these tests check the value is usable. The end-to-end check is a test
 * webhook sent from my.sepay.vn.
 */
export const credentialTest = {
	async sePayWebhookApiKeyTest(
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		const key = normaliseStoredKey(credential.data?.apiKey);
		if (key === '') return error('API Key is empty');
		if (/\s/.test(key)) return error('API Key must not contain spaces or line breaks');
		return {
			status: 'OK',
			message:
				'Key saved. SePay cannot check webhook keys from n8n: send a test webhook from my.sepay.vn to confirm.',
		};
	},

	async sePayWebhookHmacSecretTest(
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		const secret = normaliseSecret(credential.data?.secret);
		if (secret === '') return error('Signing Secret is empty');
		if (/\s/.test(secret)) return error('Signing Secret must not contain spaces or line breaks');
		if (/^sha256=/i.test(secret)) {
			return error(
				'This looks like a signature (sha256=…), not the signing secret: copy the secret from my.sepay.vn → Webhooks',
			);
		}
		if (secret.length < MIN_SECRET_LENGTH) {
			return error(
				`Signing Secret has only ${secret.length} characters (at least ${MIN_SECRET_LENGTH} expected): copy the whole secret from my.sepay.vn → Webhooks`,
			);
		}
		return {
			status: 'OK',
			message:
				'Secret saved. SePay cannot check signing secrets from n8n: send a test webhook from my.sepay.vn to confirm.',
		};
	},
};
