import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { providerAccountLocator } from '../../shared/descriptions';
import { checkCode } from '../../shared/validation';

const showOnlyForGet = { resource: ['providerAccount'], operation: ['get'] };

/** The account id goes into the path (see the routing): checked before anything is sent. */
export async function validatedProviderAccount(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	checkCode(this, 'Provider Account', this.getNodeParameter('providerAccount', '', { extractValue: true }));
	return requestOptions;
}

export const providerAccountGetDescription: INodeProperties[] = [
	{ ...providerAccountLocator, displayOptions: { show: showOnlyForGet } },
];
