import type { IExecuteSingleFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** An input problem found before anything is sent: names the field and the item. */
export function inputError(
	context: IExecuteSingleFunctions,
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
export const MAX_CODE_LENGTH = 100;

export function checkCode(
	context: IExecuteSingleFunctions,
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
