import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemInput, RunIdentity } from '../rules/validation';
import type { StatusHints } from '../transport/errors';
import { toNodeError } from '../transport/errors';
import type { SePayConnection } from '../transport/transport';
import { openConnection, requestSettingsOf } from '../transport/transport';

/*
 * How every operation of the node runs its items, the way n8n runs a node's `execute`:
 *
 * 1. The run opens one connection to SePay (credentials read once, the node's request settings).
 * 2. Every item is checked: its parameters read once and validated. Then, for operations that
 *    need it, verified at SePay (e.g. the original of a correction is looked up). When an item
 *    fails either step, nothing of the run is sent, unless the node continues on error.
 * 3. The items are sent, all at once; the connection's queue caps the open requests.
 * 4. Each output is paired with its input item. A failed item stops the run, or with On Error
 *    = Continue becomes an output item paired with its input:
 *    - regular output: what is known of it (status, codes…) plus `error` and `hint`;
 *    - error output: `{ error, message }` (the error and its fix): n8n 1.x routes to the error
 *      output only json that is `{ error }` or `{ error, message }` (2.x also allows `details`),
 *      and merges the input item's fields into it. (An item's `error` property would make n8n
 *      replace the json with the message alone, on 1.x and 2.x.)
 */

/** One run of the node: its input, its connection and the settings read once. */
export class NodeRun {
	private constructor(
		readonly functions: IExecuteFunctions,
		readonly node: INode,
		readonly items: INodeExecutionData[],
		readonly continueOnFail: boolean,
		/** With On Error = Continue (using error output), failed items go there. */
		readonly errorOutput: boolean,
		readonly runIdentity: RunIdentity,
		readonly connection: SePayConnection,
	) {}

	static async open(functions: IExecuteFunctions): Promise<NodeRun> {
		const items = functions.getInputData();
		const reliability = functions.getNodeParameter('reliability', 0, {}) as IDataObject;
		const runIdentity: RunIdentity = {
			executionId: String(functions.getExecutionId?.() ?? ''),
			// $runIndex is in the expression data of n8n 1.x and 2.x alike.
			runIndex: Number(functions.getWorkflowDataProxy(0).$runIndex) || 0,
			mode: String(functions.getMode?.() ?? ''),
		};
		const connection = await openConnection(functions, requestSettingsOf(reliability));
		const node = functions.getNode();
		const errorOutput = node.onError === 'continueErrorOutput';
		return new NodeRun(functions, node, items, functions.continueOnFail(), errorOutput, runIdentity, connection);
	}

	/**
	 * A parameter without an expression is the same for every item: read from n8n once per run
	 * (n8n copies and validates it on every read). Frozen, as the items share it: a change would
	 * throw rather than reach another item.
	 */
	private readonly sameForEveryItem = new Map<string, unknown>();

	parameterOf(name: string, key: string, itemIndex: number, fallback: unknown, options?: { extractValue?: boolean }): unknown {
		if (this.sameForEveryItem.has(key)) return this.sameForEveryItem.get(key);
		const value = this.functions.getNodeParameter(name, itemIndex, fallback, options);
		if (!holdsExpression(rawParameter(this.node.parameters, name))) this.sameForEveryItem.set(key, deepFreeze(value));
		return value;
	}
}

function rawParameter(parameters: unknown, path: string): unknown {
	let value = parameters;
	for (const part of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
	return value;
}

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

function deepFreeze<T>(value: T): T {
	if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const child of Object.values(value)) deepFreeze(child);
	}
	return value;
}

/** One input item of a run: its parameters, each evaluated once. */
export class ItemContext implements ItemInput {
	private readonly parameters = new Map<string, unknown>();

	constructor(
		readonly run: NodeRun,
		readonly itemIndex: number,
	) {}

	getNodeParameter(name: string, fallback: unknown, options?: { extractValue?: boolean }): unknown {
		const key = options?.extractValue ? `${name}#value` : name;
		if (!this.parameters.has(key)) {
			this.parameters.set(key, this.run.parameterOf(name, key, this.itemIndex, fallback, options));
		}
		return this.parameters.get(key);
	}

	getItemIndex(): number {
		return this.itemIndex;
	}

	getNode(): INode {
		return this.run.node;
	}

	get runIdentity(): RunIdentity {
		return this.run.runIdentity;
	}

	get connection(): SePayConnection {
		return this.run.connection;
	}

	get helpers(): IExecuteFunctions['helpers'] {
		return this.run.functions.helpers;
	}
}

/** What is known of an item that failed (status, codes…), kept with its error for the output. */
const outputsOfErrors = new WeakMap<object, IDataObject>();

/** Attaches what is known of the item to its error: with On Error = Continue it is the item's output. */
export function withOutput<E extends Error>(error: E, output: IDataObject): E {
	outputsOfErrors.set(error, { ...outputsOfErrors.get(error), ...output });
	return error;
}

export interface ItemOperation<Plan> {
	/** Reads and checks one item; throws an input error naming the field and the item. Sends nothing. */
	check(item: ItemContext): Plan;
	/** Checks at SePay that the item can be sent (lookups only), once every item passed its check. */
	verify?: (item: ItemContext, plan: Plan) => Promise<void>;
	/** Sends the item's request(s) and waits as the item asks; the item's output. */
	send(item: ItemContext, plan: Plan): Promise<IDataObject | INodeExecutionData[]>;
	/** The base of a failed item's output (e.g. its reference code and `status: Failed`). */
	failedOutput?: (item: ItemContext, plan: Plan | undefined) => IDataObject;
	/** Fixes for SePay's answers by HTTP status, for this operation. */
	hints?: StatusHints;
}

type Outcome =
	| { ok: true; value: INodeExecutionData[] }
	| { ok: false; error: NodeApiError | NodeOperationError; plan?: unknown };

/** Runs an operation for the node's input: check every item, then send, then output paired items. */
async function runOperation<Plan>(
	functions: IExecuteFunctions,
	operation: ItemOperation<Plan>,
): Promise<INodeExecutionData[][]> {
	const run = await NodeRun.open(functions);
	const contexts = run.items.map((_, index) => new ItemContext(run, index));
	const asNodeError = (error: unknown, item: ItemContext) => {
		const nodeError = toNodeError(run.node, error, item.itemIndex, operation.hints);
		const known = outputsOfErrors.get(error as object);
		if (known) withOutput(nodeError, known);
		return nodeError;
	};

	type Step = { ok: true; plan: Plan } | { ok: false; error: NodeApiError | NodeOperationError; plan?: Plan };
	const checks: Step[] = contexts.map((item) => {
		try {
			return { ok: true, plan: operation.check(item) };
		} catch (error) {
			return { ok: false, error: asNodeError(error, item) };
		}
	});
	stopOnFirstFailure(run, checks);
	const verify = operation.verify;
	const verified: Step[] = verify
		? await Promise.all(
				checks.map(async (step, index): Promise<Step> => {
					if (!step.ok) return step;
					try {
						await verify(contexts[index], step.plan);
						return step;
					} catch (error) {
						return { ok: false, error: asNodeError(error, contexts[index]), plan: step.plan };
					}
				}),
			)
		: checks;
	stopOnFirstFailure(run, verified);

	const outcomes: Outcome[] = await Promise.all(
		contexts.map(async (item, index): Promise<Outcome> => {
			const step = verified[index];
			if (!step.ok) return step;
			try {
				const output = await operation.send(item, step.plan);
				return { ok: true, value: Array.isArray(output) ? output : [{ json: output }] };
			} catch (error) {
				return { ok: false, error: asNodeError(error, item), plan: step.plan };
			}
		}),
	);

	const returnData: INodeExecutionData[] = [];
	for (const [index, outcome] of outcomes.entries()) {
		const pairedItem = { item: index };
		if (outcome.ok) {
			for (const output of outcome.value) returnData.push({ ...output, pairedItem });
			continue;
		}
		if (!run.continueOnFail) throw outcome.error;
		const known: IDataObject = {
			...operation.failedOutput?.(contexts[index], outcome.plan as Plan | undefined),
			...outputsOfErrors.get(outcome.error),
		};
		const hint = outcome.error.description ?? null;
		// SePay's HTTP status, for an If on the error branch (e.g. 409 vs 5xx).
		const httpCode = outcome.error instanceof NodeApiError ? Number(outcome.error.httpCode) : NaN;
		if (Number.isInteger(httpCode)) known.http_status = httpCode;
		const json = run.errorOutput
			? { error: outcome.error.message, message: hint ?? outcome.error.message }
			: { ...known, error: outcome.error.message, hint };
		returnData.push({ json, pairedItem });
	}
	return [returnData];
}

/** Without On Error = Continue, the first failed item (in input order) stops the run before anything more is sent. */
function stopOnFirstFailure(run: NodeRun, steps: Array<{ ok: boolean; error?: Error }>): void {
	if (run.continueOnFail) return;
	const failed = steps.find((step) => !step.ok);
	if (failed) throw failed.error;
}

/** An item outcome that is not a success (a Failed job, a wait that ran out): an error with the item's output. */
export function itemFailure(item: ItemContext, message: string, hint: string, output: IDataObject): NodeOperationError {
	return withOutput(
		new NodeOperationError(item.getNode(), message, {
			itemIndex: item.itemIndex,
			description: hint,
		}),
		output,
	);
}

/** What the node's `execute` calls for one resource and operation. */
export type OperationRunner = (functions: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

/** An operation whose items are checked, then sent, one output (or several) per input item. */
export function itemOperation<Plan>(operation: ItemOperation<Plan>): OperationRunner {
	return async (functions) => await runOperation(functions, operation);
}
