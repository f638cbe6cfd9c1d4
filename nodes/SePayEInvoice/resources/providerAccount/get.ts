import type { INodeProperties } from 'n8n-workflow';

import { providerAccountLocator } from '../../descriptions/fields';
import { itemOperation } from '../../execution/itemRunner';
import { checkCode } from '../../rules/validation';
import { dataOf, encodeSegment, sepayApiRequest } from '../../transport/transport';

const showOnlyForGet = { resource: ['providerAccount'], operation: ['get'] };

/** GET /v1/provider-accounts/{id}: the account with its templates and series. */
export const getProviderAccount = itemOperation({
	check: (item) => checkCode(item, 'Provider Account', item.getNodeParameter('providerAccount', '', { extractValue: true })),
	async send(item, accountId) {
		return dataOf(await sepayApiRequest(item.connection, 'GET', `/v1/provider-accounts/${encodeSegment(accountId)}`));
	},
});

export const providerAccountGetDescription: INodeProperties[] = [
	{ ...providerAccountLocator, displayOptions: { show: showOnlyForGet } },
];
