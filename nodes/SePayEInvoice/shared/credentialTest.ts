import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import type { TokenPost } from './accessToken';
import { requestToken, SePayTokenError } from './accessToken';
import { resolveBaseUrl } from './environment';

/**
 * The credential's "Test" button. It always asks SePay for a new token with the entered
 * Client ID and Secret: a request-based test would reuse the token already stored and
 * pass even after the secret was changed to a wrong one.
 */
export async function sePayEInvoiceApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const post: TokenPost = async (url, authorization) => {
		const response = (await this.helpers.request({
			method: 'POST',
			uri: url,
			headers: { Authorization: authorization, Accept: 'application/json' },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
		})) as { statusCode?: number; body?: unknown; headers?: Record<string, unknown> };
		return { status: Number(response.statusCode), body: response.body, headers: response.headers ?? {} };
	};
	try {
		await requestToken(post, data, 1);
	} catch (error) {
		if (error instanceof SePayTokenError) {
			return { status: 'Error', message: `${error.message}. ${error.description}` };
		}
		return { status: 'Error', message: `Could not test the credential against ${resolveBaseUrl(data)}` };
	}
	return {
		status: 'OK',
		message: `SePay accepted the Client ID and Secret (${resolveBaseUrl(data)})`,
	};
}
