import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import { resolveBaseUrl } from './environment';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, withRetries } from './retry';

export const CREDENTIAL_TYPE = 'sePayEInvoiceApi';

/** Per-request time limit for our own calls (polls, lookups, dropdowns). */
const REQUEST_TIMEOUT_MS = 30_000;

/** Path segments are user data (reference codes): always encode them. */
export function encodeSegment(value: string): string {
	return encodeURIComponent(value);
}

/**
 * A SePay call outside the declarative routing (dropdowns, polling, lookups). GETs retry
 * transient failures; the credential adds the token and refreshes it on 401.
 */
export async function sepayApiRequest(
	this: IExecuteSingleFunctions | ILoadOptionsFunctions,
	method: IHttpRequestMethods,
	path: string,
	qs: IDataObject = {},
	retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<IDataObject> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const options: IHttpRequestOptions = {
		method,
		baseURL: resolveBaseUrl(credentials),
		url: path,
		qs,
		json: true,
		headers: { Accept: 'application/json' },
		timeout: REQUEST_TIMEOUT_MS,
	};
	const send = async () =>
		(await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			options,
		)) as IDataObject;
	const itemIndex = 'getItemIndex' in this ? this.getItemIndex() : 0;
	return method === 'GET'
		? await withRetries({ node: this.getNode(), itemIndex }, retryPolicy, send)
		: await send();
}

/** SePay wraps payloads in `data`; list and usage answers may lack `success`. */
export function dataOf(body: unknown): IDataObject {
	const record = (body ?? {}) as IDataObject;
	return (record.data ?? {}) as IDataObject;
}
