import type { IDataObject } from 'n8n-workflow';

import { waitUnlessCancelled } from './cancellation';
import type { SePayFailure } from './errors';
import { describeFailure, isTransientFailure, SePayRequestError } from './errors';
import { clampInteger } from './bounds';

export interface RetryPolicy {
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** How long one request may keep waiting through SePay's rate limiting (429). */
	maxThrottleWaitMs: number;
}

/** The node's Reliability options, each defined once: the UI and the clamps read these. */
export const MAX_RETRIES_BOUNDS = { min: 0, max: 10, default: 3 };
export const MAX_RETRY_WAIT_SECONDS_BOUNDS = { min: 1, max: 300, default: 30 };
/** SePay's rate limiting is waited out for up to this many Max Retry Waits per request. */
const THROTTLE_WAIT_FACTOR = 10;
export const DEFAULT_MAX_RETRIES = MAX_RETRIES_BOUNDS.default;
export const DEFAULT_MAX_RETRY_WAIT_SECONDS = MAX_RETRY_WAIT_SECONDS_BOUNDS.default;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: MAX_RETRIES_BOUNDS.default,
	baseDelayMs: 500,
	maxDelayMs: MAX_RETRY_WAIT_SECONDS_BOUNDS.default * 1000,
	maxThrottleWaitMs: THROTTLE_WAIT_FACTOR * MAX_RETRY_WAIT_SECONDS_BOUNDS.default * 1000,
};

/** The retry part of the node's "Reliability" options; absent options keep the defaults. */
export function retryPolicyOf(options: IDataObject): RetryPolicy {
	if (options.retryOnTransientErrors === false) {
		return { ...DEFAULT_RETRY_POLICY, maxRetries: 0, maxThrottleWaitMs: 0 };
	}
	const maxDelayMs =
		clampInteger(options.maxRetryDelay, MAX_RETRY_WAIT_SECONDS_BOUNDS, MAX_RETRY_WAIT_SECONDS_BOUNDS.default) * 1000;
	return {
		...DEFAULT_RETRY_POLICY,
		maxRetries: clampInteger(options.maxRetries, MAX_RETRIES_BOUNDS, MAX_RETRIES_BOUNDS.default),
		maxDelayMs,
		maxThrottleWaitMs: THROTTLE_WAIT_FACTOR * maxDelayMs,
	};
}

/** Exponential backoff with jitter; a server's Retry-After wins, capped by the policy. */
export function retryDelayMs(policy: RetryPolicy, retryNumber: number, failure: SePayFailure): number {
	if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, policy.maxDelayMs);
	const exponential = policy.baseDelayMs * 2 ** (retryNumber - 1);
	return Math.min(exponential * (0.75 + Math.random() * 0.5), policy.maxDelayMs);
}

/**
 * Runs a request that is safe to repeat (a GET), retrying 5xx and lost connections with
 * backoff; a stopped execution ends the wait at once. Never wrap a POST that might have been
 * accepted. Throws SePayRequestError, marked final when retries are spent.
 */
export async function withRetries<T>(
	signal: AbortSignal | undefined,
	policy: RetryPolicy,
	send: () => Promise<T>,
): Promise<T> {
	for (let retryNumber = 1; ; retryNumber++) {
		let failure: SePayFailure;
		try {
			return await send();
		} catch (error) {
			if (!(error instanceof SePayRequestError)) return Promise.reject(error);
			failure = describeFailure(error);
		}
		if (!isTransientFailure(failure) || retryNumber > policy.maxRetries) {
			throw new SePayRequestError({ ...failure, final: true });
		}
		await waitUnlessCancelled(signal, retryDelayMs(policy, retryNumber, failure));
	}
}
