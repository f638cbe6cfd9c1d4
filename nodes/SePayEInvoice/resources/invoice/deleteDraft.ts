import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { siblingIsInvalid } from '../../shared/batchGate';
import { pairWithInput, sendAtMostOnce } from '../../shared/request';

/**
 * POST /v1/invoices/delete/{reference_code}. Resent after a lost answer; a 404 on the
 * resend means the first attempt deleted the draft.
 */
export async function deleteDraftOnce(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	if (siblingIsInvalid(this)) return [];
	const referenceCode = String(this.getNodeParameter('referenceCode', '')).trim();
	const outcome = await sendAtMostOnce(this, requestData, async (failure, mayHaveBeenAccepted) =>
		failure.httpStatus === 404 && mayHaveBeenAccepted
			? { reference_code: referenceCode, message: 'Draft deleted', deleted_on_retry: true }
			: undefined,
	);
	return pairWithInput(this, [{ json: 'resolved' in outcome ? outcome.resolved : outcome.accepted }]);
}
