import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import { credentialKey, ensureAccessToken, renewAccessToken } from './accessToken';
import { SePayTokenError } from './tokenRequest';
import { cancelSignalOf, ExecutionCancelledError, isCancelled, waitUnlessCancelled } from './cancellation';
import { resolveBaseUrl } from './environment';
import type { SePayFailure } from './errors';
import { failureOfAnswer, isThrottle, SePayRequestError } from './errors';
import { networkCodeForDisplay } from './networkCode';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, retryPolicyOf, withRetries } from './retry';
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_THROTTLE_PAUSE_MS, MAX_IN_FLIGHT_BOUNDS, schedulerFor } from './scheduler';
import { clampInteger } from './settings';

/*
 * The one way a request reaches SePay. Every operation's request (as its routing states it)
 * and every extra call (status checks, lookups, dropdowns) comes through `sendToSePay`:
 *
 *   token (accessToken.ts) → queue per credential (scheduler.ts) → n8n's request helper
 *   with the credential → the answer, whatever its HTTP status.
 *
 * n8n's helper is asked for the full response and never to throw on an HTTP status, so
 * status, SePay's error body and Retry-After are read the same way on n8n 1.x and 2.x; a
 * throw then means "no answer" (or a stopped execution, told by the execution's signal).
 * A 401 renews the token once and resends: SePay processed nothing.
 */

export const CREDENTIAL_TYPE = 'sePayEInvoiceApi';

/** Per-request time limit of our own calls; n8n's default (5 min) is far longer than SePay needs. */
export const REQUEST_TIMEOUT_MS = 60_000;

type Context = IExecuteSingleFunctions | ILoadOptionsFunctions;

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

function maxInFlightOf(context: Context): number {
	if (!('getItemIndex' in context)) return DEFAULT_MAX_IN_FLIGHT;
	const options = context.getNodeParameter('reliability', {}) as IDataObject;
	return clampInteger(options.maxInFlight, MAX_IN_FLIGHT_BOUNDS, DEFAULT_MAX_IN_FLIGHT);
}

/**
 * One request, answered with any HTTP status. Throws SePayRequestError for no answer, a
 * token failure or a throttle that lasted past the policy's limits, and for a stopped
 * execution (`failure.cancelled`).
 */
export async function sendToSePay(
	context: Context,
	request: IHttpRequestOptions,
	policy: RetryPolicy,
): Promise<SePayAnswer> {
	const signal = cancelSignalOf(context);
	const credentials = (await context.getCredentials(CREDENTIAL_TYPE)) as ICredentialDataDecryptedObject;
	const scheduler = schedulerFor(credentialKey(credentials), maxInFlightOf(context));
	const helpers = { helpers: context.helpers };
	const options: IHttpRequestOptions = {
		...request,
		baseURL: request.baseURL ?? resolveBaseUrl(credentials),
		json: true,
		headers: { Accept: 'application/json', ...request.headers },
		timeout: request.timeout ?? REQUEST_TIMEOUT_MS,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	let throttledWaitMs = 0;
	for (let renewals = 0; ; ) {
		const token = await ensureAccessToken(helpers, credentials, signal).catch(rejectAsRequestError);
		const answer = await scheduler.run(signal, async (ticket) => {
			const answer = await sendOnce(context, options, signal);
			const failure = answer.status >= 400 ? failureOfAnswer(answer.status, answer.body, answer.headers) : undefined;
			if (failure && isThrottle(failure)) scheduler.throttled(ticket);
			else scheduler.answered();
			return answer;
		});
		if (answer.status === 401 && renewals < 2) {
			renewals++;
			await renewAccessToken(helpers, credentials, token, signal).catch(rejectAsRequestError);
			continue;
		}
		const failure = answer.status >= 400 ? failureOfAnswer(answer.status, answer.body, answer.headers) : undefined;
		// A throttle is SePay's "not now": the queue slows everyone down; this request waits its
		// Retry-After and is sent again without using up its retries, as long as the policy allows.
		if (failure && isThrottle(failure) && throttledWaitMs < policy.maxThrottleWaitMs) {
			const waitMs = cappedRetryAfter(failure, policy) ?? DEFAULT_THROTTLE_PAUSE_MS;
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

async function sendOnce(
	context: Context,
	options: IHttpRequestOptions,
	signal: AbortSignal | undefined,
): Promise<SePayAnswer> {
	let failure: SePayFailure;
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			{ ...options, headers: { ...options.headers } },
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
export function bodyOrFailure(answer: SePayAnswer): unknown {
	if (answer.status >= 200 && answer.status < 300) return answer.body;
	throw new SePayRequestError(failureOfAnswer(answer.status, answer.body, answer.headers));
}

/**
 * A SePay call outside the declarative routing (status checks, lookups, dropdowns): the
 * 2xx body, or SePayRequestError. GETs are retried on transient failures.
 */
export async function sepayApiRequest(
	this: Context,
	method: IHttpRequestMethods,
	path: string,
	qs: IDataObject = {},
	retryPolicy?: RetryPolicy,
): Promise<IDataObject> {
	const policy = retryPolicy ?? ('getItemIndex' in this ? retryPolicyOf(this) : DEFAULT_RETRY_POLICY);
	const send = async () =>
		bodyOrFailure(await sendToSePay(this, { method, url: path, qs }, policy)) as IDataObject;
	return method === 'GET' ? await withRetries(cancelSignalOf(this), policy, send) : await send();
}
