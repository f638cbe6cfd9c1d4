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

interface CachedToken {
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

async function fetchToken(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
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
	const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');

	let response: IDataObject | undefined;
	for (let attempt = 1; response === undefined; attempt++) {
		try {
			response = (await helpers.helpers.httpRequest({
				method: 'POST',
				url: `${baseUrl}/v1/token`,
				headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' },
				json: true,
			})) as IDataObject;
		} catch (error) {
			// The client error is dropped on purpose: its request config holds the secret.
			const failure = describeTokenFailure(error, baseUrl);
			if (!failure.retryable || attempt >= TOKEN_FETCH_ATTEMPTS) throw failure.error;
			await sleep(failure.retryAfterMs ?? 500 * 2 ** (attempt - 1) + Math.random() * 250);
		}
	}
	const data = (response?.data ?? {}) as IDataObject;
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

/** Turns an HTTP client error into a SePayTokenError that carries no request details. */
function describeTokenFailure(error: unknown, baseUrl: string): TokenFailure {
	const err = (error ?? {}) as {
		code?: string;
		response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
	};
	const status = err.response?.status;
	const body = (err.response?.data ?? {}) as { error?: { code?: unknown; message?: unknown } };
	const sepayCode = typeof body.error?.code === 'string' ? body.error.code : undefined;
	const sepayMessage = typeof body.error?.message === 'string' ? body.error.message : undefined;
	const detail = sepayCode ? ` (${sepayCode}${sepayMessage ? `: ${sepayMessage}` : ''})` : '';

	if (status === 401 || status === 400 || status === 403) {
		return {
			retryable: false,
			error: new SePayTokenError(
				`SePay rejected the Client ID / Client Secret${detail}`,
				'Check both values in the SePay eInvoice API credential, and that Environment matches where they were issued: Sandbox and Production credentials are separate.',
				status,
				sepayCode,
			),
		};
	}
	if (status === 429 || (status !== undefined && status >= 500)) {
		const retryAfterSeconds = Number(err.response?.headers?.['retry-after']);
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
			retryable: err.code === 'ECONNRESET' || err.code === 'ETIMEDOUT' || err.code === 'EPIPE',
			error: new SePayTokenError(
				`Could not reach SePay at ${baseUrl}${err.code ? ` (${err.code})` : ''}`,
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
