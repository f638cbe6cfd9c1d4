import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordInvalidItem } from '../../shared/batchGate';

import { encodeSegment } from '../../shared/transport';
import { checkCode } from '../../shared/validation';

/** preSend for operations addressed by reference code: validated, encoded into the path. */
export function pathWithReferenceCode(template: string) {
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		let code: string;
		try {
			code = checkCode(this, 'Reference Code', this.getNodeParameter('referenceCode', ''));
		} catch (error) {
			recordInvalidItem(this);
			throw new NodeOperationError(this.getNode(), error as Error);
		}
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
