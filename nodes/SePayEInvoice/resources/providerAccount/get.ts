import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { providerAccountLocator } from '../../shared/descriptions';
import { encodeSegment } from '../../shared/transport';
import { checkCode } from '../../shared/validation';

const showOnlyForGet = { resource: ['providerAccount'], operation: ['get'] };

/** The account id goes into the path: validate and encode it. */
export async function providerAccountPath(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const id = checkCode(
		this,
		'Provider Account',
		this.getNodeParameter('providerAccount', '', { extractValue: true }),
	);
	requestOptions.url = `/v1/provider-accounts/${encodeSegment(id)}`;
	return requestOptions;
}

export const providerAccountGetDescription: INodeProperties[] = [
	{ ...providerAccountLocator, displayOptions: { show: showOnlyForGet } },
];
