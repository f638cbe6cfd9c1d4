import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/descriptions';
import { pagedListSender } from '../../shared/request';

const showOnlyForGetMany = { resource: ['providerAccount'], operation: ['getAll'] };

export const getManyProviderAccountsSender = pagedListSender((context, account: IDataObject) => {
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	return filters.onlyActive !== true || account.active === true;
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
