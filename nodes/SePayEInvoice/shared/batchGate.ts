import type { IExecuteSingleFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/*
 * n8n runs a declarative node's items concurrently, each through its own preSend. Without
 * this gate one invalid item would stop the node while its valid siblings were already
 * issued as invoices — and, with generated reference codes, issued again on a re-run.
 *
 * RoutingNode calls every item's preSend synchronously while it walks the items, before
 * any item's request goes out; so by the time a sender runs, every invalid item of the
 * batch has been recorded here. (With n8n's batching interval, each batch is gated alone.)
 */

interface BatchRecord {
	invalidItems: Set<number>;
	touchedAt: number;
}

const batches = new Map<string, BatchRecord>();
const FORGET_AFTER_MS = 15 * 60_000;

function batchKey(context: IExecuteSingleFunctions): string {
	// The input items array is shared by all items of one node run; its identity tells runs apart.
	const inputItems = context.getWorkflowDataProxy(0).$input.all() as unknown[];
	return `${context.getExecutionId()}|${context.getNode().name}|${inputIdentity(inputItems)}`;
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;
function inputIdentity(items: unknown[]): number {
	const first = (items[0] ?? items) as object;
	let identity = identities.get(first);
	if (identity === undefined) {
		identity = nextIdentity++;
		identities.set(first, identity);
	}
	return identity;
}

function forgetOldBatches(now: number): void {
	for (const [key, record] of batches) {
		if (now - record.touchedAt > FORGET_AFTER_MS) batches.delete(key);
	}
}

/** For preSends of gated operations: builds the request part, recording the item if it is invalid. */
export function validatedForBatch<T>(context: IExecuteSingleFunctions, build: () => T): T {
	try {
		return build();
	} catch (error) {
		recordInvalidItem(context);
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}

function recordInvalidItem(context: IExecuteSingleFunctions): void {
	if (context.continueOnFail()) return;
	const now = Date.now();
	forgetOldBatches(now);
	const key = batchKey(context);
	const record = batches.get(key) ?? { invalidItems: new Set<number>(), touchedAt: now };
	record.invalidItems.add(context.getItemIndex());
	record.touchedAt = now;
	batches.set(key, record);
}

/**
 * Called by a sender before anything that costs money or deletes: true when a sibling item of
 * this run is invalid. The sender then sends nothing and outputs nothing; the invalid item's
 * own error (with its index and fix) is what stops the run.
 */
export function siblingIsInvalid(context: IExecuteSingleFunctions): boolean {
	if (context.continueOnFail() || batches.size === 0) return false;
	const record = batches.get(batchKey(context));
	return record !== undefined && record.invalidItems.size > 0;
}
