import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/*
 * A stopped execution must end every wait of ours at once (polling, retry backoff, the
 * request queue). n8n aborts the execution's signal on a stop; its request helpers already
 * abort the request in flight, and these helpers end our own waits.
 */

type Context = IExecuteFunctions | ILoadOptionsFunctions;

export function cancelSignalOf(context: Context): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal?.() : undefined;
}

/** Thrown when the execution was stopped: not a SePay failure, never retried or reported as one. */
export class ExecutionCancelledError extends Error {
	constructor() {
		super('The execution was stopped');
		this.name = 'ExecutionCancelledError';
	}
}

export function isCancelled(signal: AbortSignal | undefined): boolean {
	return signal?.aborted === true;
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
	if (isCancelled(signal)) throw new ExecutionCancelledError();
}

/** Resolves when the signal aborts; never rejects. */
export function whenCancelled(signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return new Promise<void>(() => {});
	if (signal.aborted) return Promise.resolve();
	return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/**
 * Waits `ms`, or less when the execution is stopped, then throws ExecutionCancelledError.
 * (n8n-workflow's `sleep` cannot be cancelled; its timer runs out on its own.)
 */
export async function waitUnlessCancelled(signal: AbortSignal | undefined, ms: number): Promise<void> {
	throwIfCancelled(signal);
	if (ms > 0) await Promise.race([sleep(ms), whenCancelled(signal)]);
	throwIfCancelled(signal);
}
