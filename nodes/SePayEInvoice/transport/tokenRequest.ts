import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { resolveBaseUrl } from './environment';
import { networkCodeForDisplay } from './networkCode';
import { originOf, redirectHint } from './redirects';

/*
 * POST /v1/token: HTTP Basic (client id : secret) → a Bearer token. The shared cache and the
 * renewal rules are in accessToken.ts; this file only asks SePay and explains failures.
 */

export interface IssuedToken {
	accessToken: string;
	/** ms since epoch after which we no longer hand the token out. */
	usableUntil: number;
}

/** Renew a little before SePay's expiry so a request never leaves with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;
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

/** One POST /v1/token; answers the HTTP status and body, throws only for network failures. */
export type TokenPost = (
	url: string,
	authorization: string,
) => Promise<{ status: number; body: unknown; headers: Record<string, unknown> }>;

/**
 * TokenPost over n8n's httpRequest helper: the node's (with the run's request settings) or the
 * one preAuthentication gets.
 */
export function tokenPostVia(helpers: IHttpRequestHelper, settings: Partial<IHttpRequestOptions> = {}): TokenPost {
	return async (url, authorization) => {
		const response = (await helpers.helpers.httpRequest({
			...settings,
			method: 'POST',
			url,
			headers: { Authorization: authorization, Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The Basic credentials go to the address in the credential, never to a redirect's.
			disableFollowRedirect: true,
		})) as { statusCode?: number; body?: unknown; headers?: Record<string, unknown> };
		return { status: Number(response.statusCode), body: response.body, headers: response.headers ?? {} };
	};
}

/**
 * POST /v1/token with HTTP Basic (client id : secret), retrying 429/5xx/dropped connections
 * `attempts` times. Throws a SePayTokenError that never carries the request (it holds the secret).
 */
export async function requestToken(
	post: TokenPost,
	credentials: ICredentialDataDecryptedObject,
	attempts: number,
): Promise<IssuedToken> {
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

function tokenFromBody(body: unknown, baseUrl: string): IssuedToken {
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
	if (status >= 300 && status < 400) {
		return {
			retryable: false,
			error: new SePayTokenError(
				`SePay's token address answered with a redirect (HTTP ${status})`,
				redirectHint(originOf(headers.location)),
				status,
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
