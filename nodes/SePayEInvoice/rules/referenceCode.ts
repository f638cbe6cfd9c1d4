import { createHash } from 'crypto';

import type { ItemInput } from './validation';
import { checkCode, inputError } from './validation';

type Context = ItemInput;

/**
 * The reference code SePay deduplicates on. When the user leaves it empty we derive one
 * from the execution, the node, the node's run and the item: a loop (Loop Over Items) or a
 * second path into the node starts a new run, so its items get codes of their own, while
 * n8n's "Retry On Fail" repeats the same run and item, reuses the code and gets SePay's 409
 * instead of a second invoice.
 *
 * A retried execution (the executions list's Retry) has a new execution id, so a generated
 * code would be new too and the first try's invoices would be issued again: there the item
 * stops before anything is sent and asks for a mapped code.
 */
export function referenceCodeFor(context: Context): { code: string; userSupplied: boolean } {
	const supplied = context.getNodeParameter('referenceCode', '');
	if (supplied !== '' && supplied !== undefined && supplied !== null) {
		return { code: checkCode(context, 'Reference Code', supplied), userSupplied: true };
	}
	const { executionId, runIndex, mode } = context.runIdentity;
	if (mode === 'retry') {
		throw inputError(
			context,
			'Reference Code',
			'is empty in a retried execution, so the invoices of the first try cannot be recognised',
			'Nothing was sent. A generated code belongs to one execution: retrying would issue this sale again. Map a Reference Code from your data (e.g. SEPAY-{{ $json.id }} or the order ID) and run the workflow again; check the first try\'s invoices with Get Many.',
		);
	}
	const node = context.getNode();
	const nodeTag = createHash('sha256').update(`${node.id ?? ''}|${node.name}`).digest('hex').slice(0, 8);
	return {
		code: `N8N-${executionTag(executionId)}-${nodeTag}-${runIndex + 1}-${context.getItemIndex() + 1}`,
		userSupplied: false,
	};
}

/** n8n's execution ids are short numbers; anything else is hashed to stay a safe, short code. */
function executionTag(executionId: string): string {
	if (executionId === '') return 'manual';
	if (/^[A-Za-z0-9_-]{1,40}$/.test(executionId)) return executionId;
	return createHash('sha256').update(executionId).digest('hex').slice(0, 16);
}
