import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { siblingIsInvalid } from '../../shared/batchGate';
import { pairWithInput, sendAtMostOnce } from '../../shared/request';

/** SePay answers 400 for anything but a draft (issued, or a draft being issued). */
export const DELETE_DRAFT_HINTS = {
	400: "Only drafts can be deleted, and not while they are being issued. An issued invoice cannot be deleted: correct it with a replacement invoice (hóa đơn thay thế) or an adjustment invoice (hóa đơn điều chỉnh), or cancel it in SePay's web app (my.sepay.vn).",
	404: 'No invoice has this reference code in this SePay environment, or the draft was already deleted. Check the code with Get and the Environment.',
};

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
	const outcome = await sendAtMostOnce(
		this,
		requestData,
		async (failure, mayHaveBeenAccepted) =>
			failure.httpStatus === 404 && mayHaveBeenAccepted
				? { reference_code: referenceCode, message: 'Draft deleted', deleted_on_retry: true }
				: undefined,
		DELETE_DRAFT_HINTS,
	);
	return pairWithInput(this, [{ json: 'resolved' in outcome ? outcome.resolved : outcome.accepted }]);
}
