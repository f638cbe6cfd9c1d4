import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { waitFields } from '../../descriptions/fields';
import type { ItemContext } from '../../execution/itemRunner';
import { itemOperation } from '../../execution/itemRunner';
import type { WaitSettings } from '../../execution/polling';
import { acceptedJobOutput, findInvoice, jobOutcome, waitForInvoice, waitSettingsOf } from '../../execution/polling';
import { sendAtMostOnce } from '../../execution/sendOnce';
import { checkCode } from '../../rules/validation';

const show = { resource: ['invoice'], operation: ['issue'] };

const ISSUE_HINTS = {
	400: 'Only drafts can be issued. Check the invoice with Get: it may be issued or cancelled already.',
	404: 'No draft has this reference code in this SePay environment. Check the code and the Environment.',
	409: 'SePay is already issuing this draft. Check it later with Get.',
};

/**
 * POST /v1/invoices/issue. Issuing is naturally once-only (an issued invoice cannot be
 * issued again), so a lost answer is resent, and a refusal for an invoice that turns out
 * to be issued already is reported as success with that invoice.
 */
export const issueDraft = itemOperation({
	check: (item) => checkCode(item, 'Reference Code', item.getNodeParameter('referenceCode', '')),
	async send(item, referenceCode) {
		const wait = item.getNodeParameter('waitForResult', true) === true;
		const outcome = await sendAtMostOnce(
			item,
			{ method: 'POST', url: '/v1/invoices/issue', body: { reference_code: referenceCode } },
			async (failure, mayHaveBeenAccepted) => {
				if (![400, 404, 409].includes(failure.httpStatus ?? 0)) return undefined;
				const invoice = await findInvoice(item, referenceCode);
				if (isIssued(invoice)) return alreadyIssued(referenceCode, invoice);
				// 409 = SePay is already issuing it: our lost first attempt, or a parallel run.
				if (invoice && (failure.httpStatus === 409 || mayHaveBeenAccepted)) {
					return await issueInProgressOutput(item, referenceCode, wait, waitSettingsOf(item));
				}
				return undefined;
			},
			ISSUE_HINTS,
		);
		if ('resolved' in outcome) return outcome.resolved;
		return await acceptedJobOutput(item, 'issue', referenceCode, outcome.accepted);
	},
	failedOutput: (_item, referenceCode) => ({ status: 'Failed', reference_code: referenceCode ?? null }),
});


function isIssued(invoice: IDataObject | undefined): invoice is IDataObject {
	return invoice !== undefined && String(invoice.status).toLowerCase() === 'issued';
}

function alreadyIssued(referenceCode: string, invoice: IDataObject): IDataObject {
	return {
		reference_code: referenceCode,
		tracking_code: null,
		status: 'Success',
		message: 'The invoice was already issued',
		already_issued: true,
		invoice,
	};
}

/** SePay is issuing the draft already; wait for it (bounded) instead of issuing again. */
async function issueInProgressOutput(
	context: ItemContext,
	referenceCode: string,
	wait: boolean,
	settings: WaitSettings,
): Promise<IDataObject> {
	const pending = {
		reference_code: referenceCode,
		tracking_code: null,
		status: 'Pending',
		message: 'SePay is already issuing this draft',
	};
	if (!wait) return pending;
	const invoice = await waitForInvoice(context, referenceCode, settings, isIssued);
	return invoice ? alreadyIssued(referenceCode, invoice) : jobOutcome(context, 'issue', pending, settings);
}

export const invoiceIssueDescription: INodeProperties[] = [
	{
		displayName: 'Reference Code',
		name: 'referenceCode',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
		description: 'Reference code of the draft invoice to issue (phát hành)',
	},
	{
		displayName: 'Wait for Result',
		name: 'waitForResult',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description: 'Whether to wait until SePay has issued the invoice and output it',
	},
	...waitFields(show),
];
