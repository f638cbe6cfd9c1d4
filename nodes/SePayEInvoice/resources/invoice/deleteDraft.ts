import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { siblingIsInvalid } from '../../shared/batchGate';
import { describeFailure, isTransientFailure, toNodeApiError } from '../../shared/errors';
import { pairWithInput, withDefaultTimeout } from '../../shared/request';
import { retryDelayMs, retryPolicyOf, retryStats } from '../../shared/retry';

/**
 * POST /v1/invoices/delete/{reference_code}. Resent after a lost answer; a 404 on the
 * resend means the first attempt deleted the draft.
 */
export async function deleteDraftOnce(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	if (siblingIsInvalid(this)) return [];
	withDefaultTimeout(this, requestData);
	const policy = retryPolicyOf(this);
	let mayHaveBeenDeleted = false;
	for (let retryNumber = 1; ; retryNumber++) {
		try {
			return pairWithInput(this, await this.makeRoutingRequest(requestData));
		} catch (error) {
			const failure = describeFailure(error);
			if (failure.httpStatus === 404 && mayHaveBeenDeleted) {
				const referenceCode = String(this.getNodeParameter('referenceCode', '')).trim();
				return pairWithInput(this, [
					{ json: { reference_code: referenceCode, message: 'Draft deleted', deleted_on_retry: true } },
				]);
			}
			if (!isTransientFailure(failure) || retryNumber > policy.maxRetries) {
				throw toNodeApiError(this.getNode(), failure, this.getItemIndex());
			}
			if (failure.httpStatus !== 429) mayHaveBeenDeleted = true;
			retryStats.retries++;
			await sleep(retryDelayMs(policy, retryNumber, failure));
		}
	}
}
