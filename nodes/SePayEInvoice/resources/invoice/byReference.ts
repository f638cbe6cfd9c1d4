import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { validatedForBatch } from '../../shared/batchGate';

import { encodeSegment } from '../../shared/transport';
import { checkCode } from '../../shared/validation';

/** preSend for operations addressed by reference code: validated, encoded into the path. */
export function pathWithReferenceCode(template: string) {
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const code = validatedForBatch(this, () =>
			checkCode(this, 'Reference Code', this.getNodeParameter('referenceCode', '')),
		);
		requestOptions.url = template.replace('{code}', encodeSegment(code));
		return requestOptions;
	};
}

export function referenceCodeField(operations: string[], description: string): INodeProperties {
	return {
		displayName: 'Reference Code',
		name: 'referenceCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'ORDER-1001',
		displayOptions: { show: { resource: ['invoice'], operation: operations } },
		description,
	};
}
