import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Which execution and which run of the node an item belongs to. */
export interface RunIdentity {
	executionId: string;
	/** n8n's $runIndex: a loop or a second path into the node starts a new run. */
	runIndex: number;
	/** n8n's execution mode; `retry` when the user retries a failed execution. */
	mode: string;
}

/** What the invoice rules read of the item being processed: its parameters, its index and the node. */
export interface ItemInput {
	getNodeParameter(name: string, fallback: unknown, options?: { extractValue?: boolean }): unknown;
	getItemIndex(): number;
	getNode(): INode;
	readonly runIdentity: RunIdentity;
}

/** An input problem found before anything is sent: names the field and the item. */
export function inputError(
	context: ItemInput,
	field: string,
	problem: string,
	fix: string,
): NodeOperationError {
	const itemIndex = context.getItemIndex();
	return new NodeOperationError(context.getNode(), `${field}: ${problem} [item ${itemIndex}]`, {
		itemIndex,
		description: fix,
	});
}

/**
 * Codes travel in URL paths (GET /v1/invoices/{reference_code}), so they may hold letters,
 * digits and . _ - : @ + = ~ only. A slash, ?, # or space would change the URL.
 */
const SAFE_CODE = /^[\p{L}\p{N}._:@+=~-]+$/u;
const MAX_CODE_LENGTH = 100;

export function checkCode(
	context: ItemInput,
	field: string,
	value: unknown,
): string {
	if (value === undefined || value === null || (typeof value !== 'string' && typeof value !== 'number')) {
		throw inputError(context, field, 'is missing', `Enter the ${field}, or map it from a previous node.`);
	}
	const code = String(value).trim();
	if (code === '') {
		throw inputError(context, field, 'is empty', `Enter the ${field}, or map it from a previous node.`);
	}
	if (code.length > MAX_CODE_LENGTH) {
		throw inputError(
			context,
			field,
			`is ${code.length} characters long (at most ${MAX_CODE_LENGTH})`,
			'Use a shorter code.',
		);
	}
	if (!SAFE_CODE.test(code) || code.includes('..')) {
		throw inputError(
			context,
			field,
			`"${code}" contains characters that are not allowed (spaces, /, ?, #, % or "..")`,
			'Use letters, digits and . _ - : only, e.g. ORDER-1001.',
		);
	}
	return code;
}
