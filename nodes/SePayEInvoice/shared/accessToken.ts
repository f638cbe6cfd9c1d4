import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { resolveBaseUrl } from './environment';

/**
 * SePay access tokens, shared by everything in this n8n process that uses the same
 * environment + client id + secret.
 *
 * n8n runs the items of a declarative node concurrently, and every item that finds no
 * token (or gets a 401) calls the credential's preAuthentication on its own. Without this
 * module 200 items would make 200 POST /v1/token calls, and a server that revokes older
 * tokens would reject most of the batch. Here concurrent callers share one in-flight
 * fetch, and a caller holding a token that a sibling already replaced gets the new one.
 */

export interface CachedToken {
	accessToken: string;
	/** ms since epoch after which we no longer hand the token out. */
	usableUntil: number;
}

const cachedTokens = new Map<string, CachedToken>();
const tokenFetches = new Map<string, Promise<CachedToken>>();

/** Refresh a little before SePay's expiry so a request never leaves with a dying token. */
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

function cacheKey(credentials: ICredentialDataDecryptedObject): string {
	// The secret is part of the key (hashed), so a token is never handed to a caller
	// whose secret differs, e.g. after the user corrected it.
	const secretHash = createHash('sha256')
		.update(String(credentials.clientSecret ?? ''))
		.digest('hex');
	return `${resolveBaseUrl(credentials)}|${String(credentials.clientId ?? '')}|${secretHash}`;
}

/** The token to use now: a valid cached one, or one fresh fetch shared by all callers. */
export async function obtainAccessToken(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const key = cacheKey(credentials);
	const rejectedToken = String(credentials.accessToken ?? '');
	const cached = cachedTokens.get(key);
	// A cached token other than the one this caller holds was fetched by a sibling after
	// this caller's token was issued: reuse it instead of fetching again.
	if (cached && cached.accessToken !== rejectedToken && cached.usableUntil > Date.now()) {
		return cached.accessToken;
	}

	let fetch = tokenFetches.get(key);
	if (!fetch) {
		fetch = fetchToken(helpers, credentials)
			.then((token) => {
				cachedTokens.set(key, token);
				return token;
			})
			.finally(() => tokenFetches.delete(key));
		tokenFetches.set(key, fetch);
	}
	return (await fetch).accessToken;
}

/** One POST /v1/token; answers the HTTP status and body, throws only for network failures. */
export type TokenPost = (
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

async function fetchToken(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<CachedToken> {
	return await requestToken(tokenPostVia(helpers), credentials, TOKEN_FETCH_ATTEMPTS);
}

/**
 * POST /v1/token with HTTP Basic (client id : secret), retrying 429/5xx/dropped connections
 * `attempts` times. Throws a SePayTokenError that never carries the request (it holds the secret).
 */
export async function requestToken(
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
			// Only the network code is kept: the client error's request config holds the secret.
			const code = (error as { code?: unknown } | null)?.code;
			failure = describeTokenFailure(undefined, undefined, {}, typeof code === 'string' ? code : undefined, baseUrl);
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
			retryable: ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED'].includes(networkCode ?? ''),
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
