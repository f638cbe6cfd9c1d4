import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const SEPAY_PRODUCTION_URL = 'https://einvoice-api.sepay.vn';
export const SEPAY_SANDBOX_URL = 'https://einvoice-api-sandbox.sepay.vn';

/** The same choice as an n8n expression, for `requestDefaults` and the credential test. */
export const BASE_URL_EXPRESSION =
	"={{ $credentials.environment === 'custom' ? String($credentials.baseUrl).trim().replace(/\\/+$/, '') : ($credentials.environment === 'production' ? '" +
	SEPAY_PRODUCTION_URL +
	"' : '" +
	SEPAY_SANDBOX_URL +
	"') }}";

export function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.environment === 'custom') {
		return String(credentials.baseUrl ?? '')
			.trim()
			.replace(/\/+$/, '');
	}
	return credentials.environment === 'production' ? SEPAY_PRODUCTION_URL : SEPAY_SANDBOX_URL;
}
