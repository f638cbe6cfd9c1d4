import { createHash } from 'crypto';
import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { checkCode } from './validation';

type Context = IExecuteSingleFunctions;

/**
 * The reference code SePay deduplicates on. When the user leaves it empty we derive one
 * from the execution, the node, the node's run and the item: a loop (Loop Over Items) or a
 * second path into the node starts a new run, so its items get codes of their own, while
 * n8n's "Retry On Fail" repeats the same run and item, reuses the code and gets SePay's 409
 * instead of a second invoice.
 */
export function referenceCodeFor(context: Context): { code: string; userSupplied: boolean } {
	const supplied = context.getNodeParameter('referenceCode', '') as unknown;
	if (supplied !== '' && supplied !== undefined && supplied !== null) {
		return { code: checkCode(context, 'Reference Code', supplied), userSupplied: true };
	}
	const node = context.getNode();
	const nodeTag = createHash('sha256').update(`${node.id ?? ''}|${node.name}`).digest('hex').slice(0, 8);
	// $runIndex is in the expression data of n8n 1.x and 2.x alike.
	const runIndex = Number(context.getWorkflowDataProxy(context.getItemIndex()).$runIndex) || 0;
	return {
		code: `N8N-${executionTag(context)}-${nodeTag}-${runIndex + 1}-${context.getItemIndex() + 1}`,
		userSupplied: false,
	};
}

/** n8n's execution ids are short numbers; anything else is hashed to stay a safe, short code. */
function executionTag(context: Context): string {
	const executionId = String(context.getExecutionId?.() ?? '');
	if (executionId === '') return 'manual';
	if (/^[A-Za-z0-9_-]{1,40}$/.test(executionId)) return executionId;
	return createHash('sha256').update(executionId).digest('hex').slice(0, 16);
}
