import type { INodeProperties } from 'n8n-workflow';

import { itemOperation } from '../../execution/itemRunner';
import { sendAtMostOnce } from '../../execution/sendOnce';
import { checkCode } from '../../rules/validation';
import { encodeSegment } from '../../transport/transport';
import { referenceCodeField } from './byReference';

/** SePay answers 400 for anything but a draft (issued, or a draft being issued). */
const DELETE_DRAFT_HINTS = {
	400: "Only drafts can be deleted, and not while they are being issued. An issued invoice cannot be deleted: correct it with a replacement invoice (hóa đơn thay thế) or an adjustment invoice (hóa đơn điều chỉnh), or cancel it in SePay's web app (my.sepay.vn).",
	404: 'No invoice has this reference code in this SePay environment, or the draft was already deleted. Check the code with Get and the Environment.',
};

/**
 * POST /v1/invoices/delete/{reference_code}. Resent after a lost answer; a 404 on the
 * resend means the first attempt deleted the draft.
 */
export const deleteDraft = itemOperation({
	check: (item) => checkCode(item, 'Reference Code', item.getNodeParameter('referenceCode', '')),
	async send(item, referenceCode) {
		const outcome = await sendAtMostOnce(
			item,
			{ method: 'POST', url: `/v1/invoices/delete/${encodeSegment(referenceCode)}` },
			async (failure, mayHaveBeenAccepted) =>
				failure.httpStatus === 404 && mayHaveBeenAccepted
					? { reference_code: referenceCode, message: 'Draft deleted', deleted_on_retry: true }
					: undefined,
			DELETE_DRAFT_HINTS,
		);
		return 'resolved' in outcome ? outcome.resolved : outcome.accepted;
	},
	hints: DELETE_DRAFT_HINTS,
});

export const invoiceDeleteDraftDescription: INodeProperties[] = [
	{
		...referenceCodeField(['deleteDraft'], 'Reference code of the draft invoice to delete (mã tham chiếu)'),
		hint: 'Only drafts can be deleted. Correct an issued invoice with a replacement or adjustment invoice, or cancel it in SePay.',
	},
];
