import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { throwIfCancelled, whenCancelled } from './cancellation';
import { resolveBaseUrl } from './environment';
import { networkCodeForDisplay } from './networkCode';

/**
 * SePay access tokens, shared by everything in this n8n process that uses the same
 * environment + client id + secret.
 *
 * n8n runs the items of a declarative node concurrently. Our transport asks this module for
 * the token before each request (`ensureAccessToken`) and after a 401 (`renewAccessToken`),
 * and the credential's `authenticate` sends whatever is current here (`currentAccessToken`).
 * Concurrent callers share one in-flight fetch, so 200 items make one POST /v1/token, and a
 * caller whose token a sibling already replaced gets the new one without fetching again.
 *
 * n8n calls the credential's preAuthentication only while its stored token is empty, and
 * stores what it returns; tokens renewed here after a 401 live in this process only. A
 * stored token of unknown age is used until SePay rejects it.
 */

interface CachedToken {
	accessToken: string;
	/** ms since epoch after which we no longer hand the token out. */
	usableUntil: number;
}

const cachedTokens = new Map<string, CachedToken>();
const tokenFetches = new Map<string, Promise<CachedToken>>();

/** Renew a little before SePay's expiry so a request never leaves with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;
const TOKEN_FETCH_ATTEMPTS = 3;
const MAX_RETRY_AFTER_MS = 10_000;

export class SePayTokenError extends Error {
	/** Named so that n8n's NodeApiError does not swap our message for its stock HTTP text. */
	readonly httpStatus: number | undefined;

	readonly sepayCode: string | undefined;

	readonly description: string;

	constructor(message: string, description: string, httpStatus?: number, sepayCode?: string) {
		super(message);
		this.name = 'SePayTokenError';
		this.description = description;
		this.httpStatus = httpStatus;
		this.sepayCode = sepayCode;
	}
}

/** Identifies one SePay API client: environment + client id + secret (hashed). */
export function credentialKey(credentials: ICredentialDataDecryptedObject): string {
	// The secret is part of the key, so a token is never handed to a caller whose secret
	// differs, e.g. after the user corrected it.
	const secretHash = createHash('sha256')
		.update(String(credentials.clientSecret ?? ''))
		.digest('hex');
	return `${resolveBaseUrl(credentials)}|${String(credentials.clientId ?? '')}|${secretHash}`;
}

function usableToken(key: string): CachedToken | undefined {
	const cached = cachedTokens.get(key);
	if (cached && cached.usableUntil <= Date.now()) cachedTokens.delete(key);
	return cached && cached.usableUntil > Date.now() ? cached : undefined;
}

/** The token `authenticate` puts on a request: this process's newest, else the stored one. */
export function currentAccessToken(credentials: ICredentialDataDecryptedObject): string {
	return usableToken(credentialKey(credentials))?.accessToken ?? String(credentials.accessToken ?? '');
}

/**
 * The token to send now: this process's, else the one n8n stored (kept until SePay rejects
 * it), else one fresh fetch shared by all callers.
 */
export async function ensureAccessToken(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	signal?: AbortSignal,
): Promise<string> {
	const key = credentialKey(credentials);
	const cached = usableToken(key);
	if (cached) return cached.accessToken;
	const stored = String(credentials.accessToken ?? '');
	if (stored !== '') {
		cachedTokens.set(key, { accessToken: stored, usableUntil: Infinity });
		return stored;
	}
	return await sharedFetch(helpers, credentials, key, signal);
}

/**
 * After SePay rejected `rejectedToken` (401): a token a sibling fetched since, or one fresh
 * fetch shared by all callers that saw the same rejection.
 */
export async function renewAccessToken(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	rejectedToken: string,
	signal?: AbortSignal,
): Promise<string> {
	const key = credentialKey(credentials);
	const cached = usableToken(key);
	if (cached && cached.accessToken !== rejectedToken) return cached.accessToken;
	if (cached) cachedTokens.delete(key);
	return await sharedFetch(helpers, credentials, key, signal);
}

/** For preAuthentication (stored token empty or rejected): as renewAccessToken. */
export async function obtainAccessToken(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	return await renewAccessToken(helpers, credentials, String(credentials.accessToken ?? ''));
}

async function sharedFetch(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	key: string,
	signal: AbortSignal | undefined,
): Promise<string> {
	let fetch = tokenFetches.get(key);
	if (!fetch) {
		forgetExpiredTokens();
		fetch = requestToken(tokenPostVia(helpers), credentials, TOKEN_FETCH_ATTEMPTS)
			.then((token) => {
				cachedTokens.set(key, token);
				return token;
			})
			.finally(() => tokenFetches.delete(key));
		tokenFetches.set(key, fetch);
	}
	// A stopped execution stops waiting; the shared fetch itself goes on for the others.
	const token = await Promise.race([fetch, whenCancelled(signal).then(() => undefined)]);
	throwIfCancelled(signal);
	return (token as CachedToken).accessToken;
}

function forgetExpiredTokens(): void {
	const now = Date.now();
	for (const [key, token] of cachedTokens) if (token.usableUntil <= now) cachedTokens.delete(key);
}

/** One POST /v1/token; answers the HTTP status and body, throws only for network failures. */
type TokenPost = (
	url: string,
	authorization: string,
) => Promise<{ status: number; body: unknown; headers: Record<string, unknown> }>;

/** TokenPost over n8n's httpRequest helper (the one preAuthentication gets). */
function tokenPostVia(helpers: IHttpRequestHelper): TokenPost {
	return async (url, authorization) => {
		const response = (await helpers.helpers.httpRequest({
			method: 'POST',
			url,
			headers: { Authorization: authorization, Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode?: number; body?: unknown; headers?: Record<string, unknown> };
		return { status: Number(response.statusCode), body: response.body, headers: response.headers ?? {} };
	};
}

/**
 * POST /v1/token with HTTP Basic (client id : secret), retrying 429/5xx/dropped connections
 * `attempts` times. Throws a SePayTokenError that never carries the request (it holds the secret).
 */
async function requestToken(
	post: TokenPost,
	credentials: ICredentialDataDecryptedObject,
	attempts: number,
): Promise<CachedToken> {
	const clientId = String(credentials.clientId ?? '').trim();
	const clientSecret = String(credentials.clientSecret ?? '');
	const baseUrl = resolveBaseUrl(credentials);
	if (!clientId || !clientSecret) {
		throw new SePayTokenError(
			'SePay Client ID and Client Secret are required',
			'Open the SePay eInvoice API credential and fill in both values from my.sepay.vn.',
		);
	}
	if (!/^https?:\/\/[^/\s]+/i.test(baseUrl)) {
		throw new SePayTokenError(
			'The SePay Base URL is not a valid http(s) URL',
			'With Environment "Custom", enter a URL such as https://einvoice-api-sandbox.sepay.vn.',
		);
	}
	const authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;

	for (let attempt = 1; ; attempt++) {
		let failure: TokenFailure;
		try {
			const response = await post(`${baseUrl}/v1/token`, authorization);
			if (response.status >= 200 && response.status < 300) {
				return tokenFromBody(response.body, baseUrl);
			}
			failure = describeTokenFailure(response.status, response.body, response.headers, undefined, baseUrl);
		} catch (error) {
			// No answer at all: worth another try. Only a code is kept for the message, since the
			// client error's request config holds the secret.
			failure = describeTokenFailure(undefined, undefined, {}, networkCodeForDisplay(error), baseUrl);
		}
		if (!failure.retryable || attempt >= attempts) throw failure.error;
		await sleep(failure.retryAfterMs ?? 500 * 2 ** (attempt - 1) + Math.random() * 250);
	}
}

function tokenFromBody(body: unknown, baseUrl: string): CachedToken {
	const data = (((body ?? {}) as IDataObject).data ?? {}) as IDataObject;
	const accessToken = typeof data.access_token === 'string' ? data.access_token : '';
	if (!accessToken) {
		throw new SePayTokenError(
			'SePay answered the token request without an access token',
			`Check that the Environment / Base URL (${baseUrl}) points at the SePay eInvoice API.`,
		);
	}
	const expiresInSeconds = Number(data.expires_in) > 0 ? Number(data.expires_in) : 86_400;
	const lifetimeMs = expiresInSeconds * 1000;
	return {
		accessToken,
		usableUntil: Date.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2),
	};
}

interface TokenFailure {
	error: SePayTokenError;
	retryable: boolean;
	retryAfterMs?: number;
}

/** Turns a failed token call into a SePayTokenError that carries no request details. */
function describeTokenFailure(
	status: number | undefined,
	responseBody: unknown,
	headers: Record<string, unknown>,
	networkCode: string | undefined,
	baseUrl: string,
): TokenFailure {
	const body = (responseBody ?? {}) as { error?: { code?: unknown; message?: unknown } };
	const sepayCode = typeof body.error?.code === 'string' ? body.error.code : undefined;
	const sepayMessage = typeof body.error?.message === 'string' ? body.error.message : undefined;
	const detail = sepayCode ? ` (${sepayCode}${sepayMessage ? `: ${sepayMessage}` : ''})` : '';

	if (status === 401 || status === 400 || status === 403) {
		return {
			retryable: false,
			error: new SePayTokenError(
				`SePay rejected the Client ID / Client Secret${detail} — check both values and the Environment`,
				'Check both values in the SePay eInvoice API credential, and that Environment matches where they were issued: Sandbox and Production credentials are separate.',
				status,
				sepayCode,
			),
		};
	}
	if (status === 429 || (status !== undefined && status >= 500)) {
		const retryAfterSeconds = Number(headers['retry-after']);
		return {
			retryable: true,
			retryAfterMs:
				retryAfterSeconds > 0 ? Math.min(retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS) : undefined,
			error: new SePayTokenError(
				`SePay could not issue an access token (HTTP ${status})${detail}`,
				'SePay is busy or unavailable. Try again in a moment.',
				status,
				sepayCode,
			),
		};
	}
	if (status === undefined) {
		return {
			retryable: true,
			error: new SePayTokenError(
				`Could not reach SePay at ${baseUrl}${networkCode ? ` (${networkCode})` : ''}`,
				'Check the Environment / Base URL in the credential and that this n8n server can reach it.',
			),
		};
	}
	return {
		retryable: false,
		error: new SePayTokenError(
			`SePay token request failed with HTTP ${status}${detail}`,
			'Check the Environment / Base URL in the credential.',
			status,
			sepayCode,
		),
	};
}
