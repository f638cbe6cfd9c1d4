import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { waitFields } from '../../descriptions/fields';
import { itemOperation, withOutput } from '../../execution/itemRunner';
import type { JobKind } from '../../execution/polling';
import { checkPathOf, jobOutcome, pollJob, waitSettingsOf } from '../../execution/polling';
import { checkDetailsOf } from '../../rules/checkResponse';
import { checkCode } from '../../rules/validation';
import { dataOf, sepayApiRequest } from '../../transport/transport';

/**
 * GET /v1/invoices/{create|issue}/check/{tracking_code}; with "Wait Until Done" keeps checking
 * while Pending, and a Failed job (or one still Pending at the end) is an error item.
 */
export function statusCheck(kind: JobKind) {
	return itemOperation({
		check: (item) => checkCode(item, 'Tracking Code', item.getNodeParameter('trackingCode', '')),
		async send(item, trackingCode) {
			const path = checkPathOf(kind, trackingCode);
			const firstCheck = { ...dataOf(await sepayApiRequest(item.connection, 'GET', path)), tracking_code: trackingCode };
			if (item.getNodeParameter('waitUntilDone', false) !== true) return withCheckDetails(firstCheck);
			const settings = waitSettingsOf(item);
			const check = withCheckDetails(await pollJob(item, path, trackingCode, settings, firstCheck));
			try {
				jobOutcome(item, kind, check, settings);
			} catch (error) {
				throw withOutput(error as Error, check);
			}
			return check;
		},
	});
}

/** error_code and retry hints, when SePay sends them, in plain types. */
function withCheckDetails(check: IDataObject): IDataObject {
	return { ...check, ...(checkDetailsOf(check) as IDataObject) };
}

export function statusFields(operation: string, kind: JobKind): INodeProperties[] {
	const show = { resource: ['invoice'], operation: [operation] };
	return [
		{
			displayName: 'Tracking Code',
			name: 'trackingCode',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show },
			description: `The tracking_code that ${kind === 'create' ? 'Create' : 'Issue Draft'} returned`,
		},
		{
			displayName: 'Wait Until Done',
			name: 'waitUntilDone',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description:
				'Whether to keep checking while SePay answers Pending, and output the final status (Success with the invoice, or an error for Failed)',
		},
		...waitFields(show, 'waitUntilDone'),
	];
}
