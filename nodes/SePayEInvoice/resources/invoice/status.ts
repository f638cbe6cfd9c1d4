import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { checkDetailsOf } from '../../shared/checkResponse';
import { waitFields } from '../../shared/descriptions';
import type { JobKind } from '../../shared/polling';
import { checkPathOf, jobOutcome, pollJob, waitSettingsOf } from '../../shared/polling';
import { dataOf } from '../../shared/transport';

/** Output of a status check; with "Wait Until Done" keeps checking while Pending. */
export function statusOutput(kind: JobKind) {
	return async function (
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[]
	): Promise<INodeExecutionData[]> {
		const trackingCode = String(this.getNodeParameter('trackingCode', '')).trim();
		const firstCheck = { ...dataOf(items[0]?.json), tracking_code: trackingCode };
		if (this.getNodeParameter('waitForResult', false) !== true) return [{ json: withCheckDetails(firstCheck) }];
		const settings = waitSettingsOf(this);
		const check = await pollJob(this, checkPathOf(kind, trackingCode), trackingCode, settings, firstCheck);
		return [{ json: withCheckDetails(jobOutcome(this, kind, check, settings)) }];
	};
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
			name: 'waitForResult',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description:
				'Whether to keep checking while SePay answers Pending, and output the final status (Success with the invoice, or an error for Failed)',
		},
		...waitFields(show),
	];
}
