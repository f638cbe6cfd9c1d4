import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../../descriptions/fields';
import { itemOperation } from '../../execution/itemRunner';
import { listAll } from '../../execution/lists';

const showOnlyForGetMany = { resource: ['providerAccount'], operation: ['getAll'] };

/** GET /v1/provider-accounts, every page up to the Limit; Only Active filters here. */
export const getManyProviderAccounts = itemOperation({
	check: (item) => (item.getNodeParameter('filters', {}) as IDataObject).onlyActive === true,
	async send(item, onlyActive) {
		const accounts = await listAll(item, '/v1/provider-accounts', {}, (account) => !onlyActive || account.active === true);
		return accounts.map((json) => ({ json }));
	},
});

export const providerAccountGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(showOnlyForGetMany),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: showOnlyForGetMany },
		options: [
			{
				displayName: 'Only Active',
				name: 'onlyActive',
				type: 'boolean',
				default: true,
				description: 'Whether to return only accounts that can issue invoices (active: true)',
			},
		],
	},
];
