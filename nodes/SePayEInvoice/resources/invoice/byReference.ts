import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { validatedForBatch } from '../../shared/batchGate';

import { checkCode } from '../../shared/validation';

/**
 * An n8n expression for a path segment from a parameter: trimmed and URL-encoded, so that
 * routing can state the real path (`=/v1/invoices/{{…}}`). The preSend below rejects unsafe
 * or empty codes before anything is sent.
 */
export function pathSegment(parameter: string): string {
	// A resource locator may come as { value } or, resolved, as the value itself.
	const value = `($parameter["${parameter}"]?.value ?? $parameter["${parameter}"] ?? "")`;
	return `{{ encodeURIComponent(String(${value}).trim()) }}`;
}

/** preSend for operations addressed by a code: the code is checked before the request goes out. */
export function validatedCode(parameter: string, field: string) {
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		validatedForBatch(this, () => checkCode(this, field, this.getNodeParameter(parameter, '')));
		return requestOptions;
	};
}

export const validatedReferenceCode = validatedCode('referenceCode', 'Reference Code');

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
