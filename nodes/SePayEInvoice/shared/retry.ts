import type { IDataObject, IExecuteSingleFunctions, INode } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { SePayFailure } from './errors';
import { describeFailure, isTransientFailure, toNodeError } from './errors';

export interface RetryPolicy {
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Reads the node's "Reliability" options; absent options keep the defaults. */
export function retryPolicyOf(context: IExecuteSingleFunctions): RetryPolicy {
	const options = context.getNodeParameter('reliability', {}) as IDataObject;
	if (options.retryOnTransientErrors === false) {
		return { ...DEFAULT_RETRY_POLICY, maxRetries: 0 };
	}
	return {
		maxRetries: clampInteger(options.maxRetries, 0, 10, DEFAULT_RETRY_POLICY.maxRetries),
		baseDelayMs: DEFAULT_RETRY_POLICY.baseDelayMs,
		maxDelayMs: clampInteger(options.maxRetryDelay, 1, 300, 30) * 1000,
	};
}

function clampInteger(value: unknown, min: number, max: number, fallback: number): number {
	const number = Number(value);
	if (value === undefined || value === '' || !Number.isFinite(number)) return fallback;
	return Math.min(max, Math.max(min, Math.round(number)));
}

/** Exponential backoff with jitter; a server's Retry-After wins, capped by the policy. */
export function retryDelayMs(policy: RetryPolicy, retryNumber: number, failure: SePayFailure): number {
	if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, policy.maxDelayMs);
	const exponential = policy.baseDelayMs * 2 ** (retryNumber - 1);
	return Math.min(exponential * (0.75 + Math.random() * 0.5), policy.maxDelayMs);
}

/** Global counters so the fault suite and benchmarks can report what happened. */
export const retryStats = { retries: 0 };

/**
 * Runs an idempotent request, retrying 429, 5xx and dropped connections. Only for calls
 * that are safe to repeat: never wrap a POST that might have been accepted.
 */
export async function withRetries<T>(
	where: { node: INode; itemIndex: number },
	policy: RetryPolicy,
	send: () => Promise<T>,
): Promise<T> {
	for (let retryNumber = 1; ; retryNumber++) {
		try {
			return await send();
		} catch (error) {
			const failure = describeFailure(error);
			if (!isTransientFailure(failure) || retryNumber > policy.maxRetries) {
				throw toNodeError(where.node, error, where.itemIndex);
			}
			retryStats.retries++;
			await sleep(retryDelayMs(policy, retryNumber, failure));
		}
	}
}
