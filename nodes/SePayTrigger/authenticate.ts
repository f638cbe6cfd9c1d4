import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { keyFromAuthorizationHeader, keysMatch, normaliseStoredKey } from './apiKey';
import {
	SIGNATURE_HEADER,
	TIMESTAMP_HEADER,
	toleranceMinutes,
	verifySignature,
	type SignedContent,
} from './hmac';

const API_KEY_CREDENTIAL = 'sePayWebhookApi';
export const HMAC_CREDENTIAL = 'sePayWebhookHmacApi';

export type Authentication = 'apiKey' | 'hmac' | 'none';

/** Why a call is refused: `message` is answered, `reason` is logged. Neither holds a secret. */
export interface Rejection {
	status: 401 | 500;
	message: string;
	reason: string;
	headers?: Record<string, string>;
}

/** The signing secret as stored; a pasted newline or space around it is dropped. */
export function normaliseSecret(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * The stored value of one credential field, or '' when no credential is attached or it cannot
 * be decrypted: a set-up problem on our side, answered 500 so SePay retries after the fix.
 */
async function storedValue(
	context: IWebhookFunctions,
	type: string,
	field: string,
): Promise<unknown> {
	try {
		return (await context.getCredentials(type))[field];
	} catch {
		return '';
	}
}

const notConfigured = (what: string): Rejection => ({
	status: 500,
	message: `SePay Trigger has no ${what} configured`,
	reason: `no ${what} configured (attach a credential to the node)`,
});

async function checkApiKey(context: IWebhookFunctions): Promise<Rejection | undefined> {
	const expected = normaliseStoredKey(await storedValue(context, API_KEY_CREDENTIAL, 'apiKey'));
	if (expected === '') return notConfigured('API key');
	const challenge = { 'WWW-Authenticate': 'Apikey' };
	const received = keyFromAuthorizationHeader(context.getHeaderData().authorization);
	if (received === undefined) {
		const message = 'Missing "Authorization: Apikey <key>" header';
		return { status: 401, message, reason: message, headers: challenge };
	}
	if (!keysMatch(received, expected)) {
		return {
			status: 401,
			message: 'Invalid API key',
			reason: 'wrong API key',
			headers: challenge,
		};
	}
	return undefined;
}

async function checkSignature(context: IWebhookFunctions): Promise<Rejection | undefined> {
	const secret = normaliseSecret(await storedValue(context, HMAC_CREDENTIAL, 'secret'));
	if (secret === '') return notConfigured('HMAC signing secret');
	const headers = context.getHeaderData();
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const verdict = verifySignature({
		signature: headers[SIGNATURE_HEADER],
		timestamp: headers[TIMESTAMP_HEADER],
		rawBody: context.getRequestObject().rawBody,
		secret,
		signedContent: context.getNodeParameter('signedContent', 'timestampBody') as SignedContent,
		toleranceMinutes: toleranceMinutes(options.timestampToleranceMinutes),
		nowMs: Date.now(),
	});
	return verdict.ok ? undefined : { status: 401, message: verdict.answer, reason: verdict.reason };
}

/** Checks the call against the node's Authentication; undefined when it may go on. */
export async function authenticate(context: IWebhookFunctions): Promise<Rejection | undefined> {
	const authentication = context.getNodeParameter('authentication', 'apiKey') as Authentication;
	if (authentication === 'apiKey') return await checkApiKey(context);
	if (authentication === 'hmac') return await checkSignature(context);
	return undefined;
}
