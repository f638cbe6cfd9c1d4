import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { unlessCancelled } from './cancellation';
import { resolveBaseUrl } from './environment';
import type { IssuedToken, TokenPost } from './tokenRequest';
import { requestToken, tokenPostVia } from './tokenRequest';

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

const cachedTokens = new Map<string, IssuedToken>();
const tokenFetches = new Map<string, Promise<IssuedToken>>();

const TOKEN_FETCH_ATTEMPTS = 3;

const keysOfCredentials = new WeakMap<object, string>();

/** Identifies one SePay API client: environment + client id + secret (hashed). */
export function credentialKey(credentials: ICredentialDataDecryptedObject): string {
	// One run passes the same credentials object to every request: hash its secret once.
	let key = keysOfCredentials.get(credentials);
	if (key === undefined) {
		// The secret is part of the key, so a token is never handed to a caller whose secret
		// differs, e.g. after the user corrected it.
		const secretHash = createHash('sha256')
			.update(String(credentials.clientSecret ?? ''))
			.digest('hex');
		key = `${resolveBaseUrl(credentials)}|${String(credentials.clientId ?? '')}|${secretHash}`;
		keysOfCredentials.set(credentials, key);
	}
	return key;
}

function usableToken(key: string): IssuedToken | undefined {
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
	post: TokenPost,
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
	return await sharedFetch(post, credentials, key, signal);
}

/**
 * After SePay rejected `rejectedToken` (401): a token a sibling fetched since, or one fresh
 * fetch shared by all callers that saw the same rejection.
 */
export async function renewAccessToken(
	post: TokenPost,
	credentials: ICredentialDataDecryptedObject,
	rejectedToken: string,
	signal?: AbortSignal,
): Promise<string> {
	const key = credentialKey(credentials);
	const cached = usableToken(key);
	if (cached && cached.accessToken !== rejectedToken) return cached.accessToken;
	if (cached) cachedTokens.delete(key);
	return await sharedFetch(post, credentials, key, signal);
}

/** For preAuthentication (stored token empty or rejected): as renewAccessToken. */
export async function obtainAccessToken(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	return await renewAccessToken(tokenPostVia(helpers), credentials, String(credentials.accessToken ?? ''));
}

async function sharedFetch(
	post: TokenPost,
	credentials: ICredentialDataDecryptedObject,
	key: string,
	signal: AbortSignal | undefined,
): Promise<string> {
	let fetch = tokenFetches.get(key);
	if (!fetch) {
		forgetExpiredTokens();
		fetch = requestToken(post, credentials, TOKEN_FETCH_ATTEMPTS)
			.then((token) => {
				cachedTokens.set(key, token);
				return token;
			})
			.finally(() => tokenFetches.delete(key));
		tokenFetches.set(key, fetch);
	}
	// A stopped execution stops waiting; the shared fetch itself goes on for the others.
	return (await unlessCancelled(signal, fetch)).accessToken;
}

function forgetExpiredTokens(): void {
	const now = Date.now();
	for (const [key, token] of cachedTokens) if (token.usableUntil <= now) cachedTokens.delete(key);
}

