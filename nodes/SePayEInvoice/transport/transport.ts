import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import { credentialKey, ensureAccessToken, renewAccessToken } from './accessToken';
import { cancelSignalOf, ExecutionCancelledError, isCancelled, waitUnlessCancelled } from './cancellation';
import { resolveBaseUrl } from './environment';
import type { SePayFailure } from './errors';
import { failureOfAnswer, isThrottle, SePayRequestError } from './errors';
import { networkCodeForDisplay } from './networkCode';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, retryPolicyOf, withRetries } from './retry';
import type { RequestQueue } from './scheduler';
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_THROTTLE_PAUSE_MS, MAX_IN_FLIGHT_BOUNDS, requestQueueFor } from './scheduler';
import { clampInteger, clampNumber } from './bounds';
import type { TokenPost } from './tokenRequest';
import { SePayTokenError, tokenPostVia } from './tokenRequest';

/*
 * The one way a request reaches SePay. Every request of the node (each operation's own,
 * status checks, lookups, downloads, the token) and of its dropdowns goes through a
 * connection opened once per node run:
 *
 *   credentials (read once) → token (accessToken.ts) → the run's queue, paced per credential
 *   (scheduler.ts) → n8n's request helper with the credential → the answer, whatever its status.
 *
 * n8n's helper is asked for the full response, never to follow a redirect and never to throw
 * on an HTTP status, so status, SePay's error body and Retry-After are read the same way on
 * n8n 1.x and 2.x; a throw then means "no answer" (or a stopped execution, told by the execution's signal).
 * A 401 renews the token once and resends: SePay processed nothing.
 */

export const CREDENTIAL_TYPE = 'sePayEInvoiceApi';

/** Per-request time limit unless the node says otherwise; n8n's default (5 min) is far longer than SePay needs. */
const REQUEST_TIMEOUT_MS = 60_000;

/** The node's request settings: the same for every request of a run, token requests included. */
export interface RequestSettings {
	timeoutMs: number;
	maxInFlight: number;
	retry: RetryPolicy;
}

const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
	timeoutMs: REQUEST_TIMEOUT_MS,
	maxInFlight: DEFAULT_MAX_IN_FLIGHT,
	retry: DEFAULT_RETRY_POLICY,
};

export const TIMEOUT_SECONDS_BOUNDS = { min: 1, max: 600, default: REQUEST_TIMEOUT_MS / 1000 };
export const DEFAULT_TIMEOUT_SECONDS = TIMEOUT_SECONDS_BOUNDS.default;

/** The node's "Reliability" options as request settings; absent options keep the defaults. */
export function requestSettingsOf(options: IDataObject): RequestSettings {
	return {
		timeoutMs: clampNumber(options.timeout, TIMEOUT_SECONDS_BOUNDS, TIMEOUT_SECONDS_BOUNDS.default) * 1000,
		maxInFlight: clampInteger(options.maxInFlight, MAX_IN_FLIGHT_BOUNDS, DEFAULT_MAX_IN_FLIGHT),
		retry: retryPolicyOf(options),
	};
}

type Caller = IExecuteFunctions | ILoadOptionsFunctions;

/** What one node run (or one dropdown) needs to talk to SePay, read once. */
export interface SePayConnection {
	readonly caller: Caller;
	readonly credentials: ICredentialDataDecryptedObject;
	readonly signal: AbortSignal | undefined;
	readonly settings: RequestSettings;
	readonly baseUrl: string;
	readonly queue: RequestQueue;
	readonly postToken: TokenPost;
	/** Handed to n8n's request helper so that it does not read the credentials again per request. */
	readonly credentialOptions: { credentialsDecrypted: { id: string; name: string; type: string; data: ICredentialDataDecryptedObject } };
}

export async function openConnection(
	caller: Caller,
	settings: RequestSettings = DEFAULT_REQUEST_SETTINGS,
): Promise<SePayConnection> {
	const credentials = await caller.getCredentials(CREDENTIAL_TYPE);
	const reference = caller.getNode().credentials?.[CREDENTIAL_TYPE];
	return {
		caller,
		credentials,
		signal: cancelSignalOf(caller),
		settings,
		baseUrl: resolveBaseUrl(credentials),
		queue: requestQueueFor(credentialKey(credentials), settings.maxInFlight),
		postToken: tokenPostVia({ helpers: caller.helpers }, { timeout: settings.timeoutMs }),
		credentialOptions: {
			credentialsDecrypted: {
				id: String(reference?.id ?? ''),
				name: reference?.name ?? '',
				type: CREDENTIAL_TYPE,
				data: credentials,
			},
		},
	};
}

export interface SePayAnswer {
	status: number;
	body: unknown;
	headers: Record<string, unknown>;
}

/** Path segments are user data (reference codes): always encode them. */
export function encodeSegment(value: string): string {
	return encodeURIComponent(value);
}

/** SePay wraps payloads in `data`; list and usage answers may lack `success`. */
export function dataOf(body: unknown): IDataObject {
	const record = (body ?? {}) as IDataObject;
	return (record.data ?? {}) as IDataObject;
}

/**
 * One request, answered with any HTTP status. Throws SePayRequestError for no answer, a
 * token failure or a throttle that lasted past the policy's limits, and for a stopped
 * execution (`failure.cancelled`).
 */
export async function sendToSePay(connection: SePayConnection, request: IHttpRequestOptions): Promise<SePayAnswer> {
	const { credentials, signal, queue, settings } = connection;
	const options: IHttpRequestOptions = {
		...request,
		baseURL: connection.baseUrl,
		json: true,
		headers: { Accept: 'application/json', ...request.headers },
		timeout: settings.timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect is answered as a failure (errors.ts, redirectHint); not following also skips
		// axios's redirect-following stream, a fifth of n8n's CPU per request.
		disableFollowRedirect: true,
	};
	let throttledWaitMs = 0;
	for (let renewals = 0; ; ) {
		const token = await ensureAccessToken(connection.postToken, credentials, signal).catch(rejectAsRequestError);
		const answer = await queue.run(signal, async (ticket) => {
			const answer = await sendOnce(connection, options);
			const failure = answer.status >= 400 ? failureOfAnswer(answer.status, answer.body, answer.headers) : undefined;
			if (failure && isThrottle(failure)) queue.throttled(ticket);
			else queue.answered();
			return answer;
		});
		if (answer.status === 401 && renewals < 2) {
			renewals++;
			await renewAccessToken(connection.postToken, credentials, token, signal).catch(rejectAsRequestError);
			continue;
		}
		const failure = answer.status >= 400 ? failureOfAnswer(answer.status, answer.body, answer.headers) : undefined;
		// A throttle is SePay's "not now": the queue slows everyone down; this request waits its
		// Retry-After and is sent again without using up its retries, as long as the policy allows.
		if (failure && isThrottle(failure) && throttledWaitMs < settings.retry.maxThrottleWaitMs) {
			const waitMs = cappedRetryAfter(failure, settings.retry) ?? DEFAULT_THROTTLE_PAUSE_MS;
			throttledWaitMs += waitMs;
			await waitUnlessCancelled(signal, waitMs).catch(rejectAsRequestError);
			continue;
		}
		return answer;
	}
}

function cappedRetryAfter(failure: SePayFailure, policy: RetryPolicy): number | undefined {
	return failure.retryAfterMs === undefined ? undefined : Math.min(failure.retryAfterMs, policy.maxDelayMs);
}

async function sendOnce(connection: SePayConnection, options: IHttpRequestOptions): Promise<SePayAnswer> {
	const { caller, signal } = connection;
	let failure: SePayFailure;
	try {
		const response = (await caller.helpers.httpRequestWithAuthentication.call(
			caller,
			CREDENTIAL_TYPE,
			{ ...options, headers: { ...options.headers } },
			connection.credentialOptions,
		)) as { statusCode?: number; body?: unknown; headers?: Record<string, unknown> };
		return { status: Number(response.statusCode), body: response.body, headers: response.headers ?? {} };
	} catch (error) {
		// Not n8n's wrapper but our own signal says whether the execution was stopped.
		failure = isCancelled(signal)
			? { cancelled: true }
			: { noAnswer: true, networkCode: networkCodeForDisplay(error) };
	}
	throw new SePayRequestError(failure);
}

/** Token failures and stops as SePayRequestError; anything else (a bug) unchanged. */
async function rejectAsRequestError(error: unknown): Promise<never> {
	if (error instanceof ExecutionCancelledError) throw new SePayRequestError({ cancelled: true });
	if (error instanceof SePayTokenError) {
		throw new SePayRequestError({ tokenError: error, httpStatus: error.httpStatus, sepayCode: error.sepayCode });
	}
	return await Promise.reject(error);
}

/** A 2xx body, or SePayRequestError with what SePay said. */
function bodyOrFailure(answer: SePayAnswer): unknown {
	if (answer.status >= 200 && answer.status < 300) return answer.body;
	throw new SePayRequestError(failureOfAnswer(answer.status, answer.body, answer.headers));
}

/**
 * A request whose 2xx body is all the caller wants (lookups, status checks, lists, dropdowns):
 * the body, or SePayRequestError. GETs are retried on transient failures.
 */
export async function sepayApiRequest(
	connection: SePayConnection,
	method: IHttpRequestMethods,
	path: string,
	qs: IDataObject = {},
): Promise<IDataObject> {
	const send = async () => bodyOrFailure(await sendToSePay(connection, { method, url: path, qs })) as IDataObject;
	return method === 'GET' ? await withRetries(connection.signal, connection.settings.retry, send) : await send();
}
