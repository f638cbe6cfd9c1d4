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

/*
 * n8n hands every request of an execution the same signal, and an EventTarget walks its whole
 * listener list on each add and remove: a listener per waiting item (1,000 items polling) made
 * every request of the run slower. So a signal gets one listener of ours, whatever the number
 * of waits, and each wait leaves the set when it ends.
 */
const watchers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `onStop` when the execution is stopped (at once if it already is); returns how to stop watching. */
export function onCancel(signal: AbortSignal, onStop: () => void): () => void {
	// The signal's one listener has already run: a later watcher would never be told.
	if (signal.aborted) {
		onStop();
		return () => {};
	}
	let watching = watchers.get(signal);
	if (!watching) {
		const created = new Set<() => void>();
		signal.addEventListener('abort', () => {
			for (const stop of created) stop();
			created.clear();
		}, { once: true });
		watchers.set(signal, created);
		watching = created;
	}
	const own = () => onStop();
	watching.add(own);
	return () => watching.delete(own);
}

/** `work`, or ExecutionCancelledError as soon as the execution is stopped (the work itself goes on). */
export async function unlessCancelled<T>(signal: AbortSignal | undefined, work: Promise<T>): Promise<T> {
	throwIfCancelled(signal);
	if (!signal) return await work;
	let stopWatching = () => {};
	const stopped = new Promise<never>((_resolve, reject) => {
		stopWatching = onCancel(signal, () => reject(new ExecutionCancelledError()));
	});
	try {
		return await Promise.race([work, stopped]);
	} finally {
		stopWatching();
	}
}

/**
 * Waits `ms`, or less when the execution is stopped, then throws ExecutionCancelledError.
 * (n8n-workflow's `sleep` cannot be cancelled; its timer runs out on its own.)
 */
export async function waitUnlessCancelled(signal: AbortSignal | undefined, ms: number): Promise<void> {
	throwIfCancelled(signal);
	if (ms > 0) await unlessCancelled(signal, sleep(ms));
	throwIfCancelled(signal);
}
