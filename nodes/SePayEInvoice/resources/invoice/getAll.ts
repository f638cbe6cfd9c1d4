import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../../descriptions/fields';
import { itemOperation } from '../../execution/itemRunner';
import { listAll } from '../../execution/lists';

const show = { resource: ['invoice'], operation: ['getAll'] };

/** GET /v1/invoices (?source=api|manual), every page up to the Limit. */
export const getManyInvoices = itemOperation({
	check: (item) => {
		const { source } = item.getNodeParameter('filters', {}) as IDataObject;
		return source ? { source: String(source) } : {};
	},
	async send(item, query) {
		return (await listAll(item, '/v1/invoices', query)).map((json) => ({ json }));
	},
});

export const invoiceGetManyDescription: INodeProperties[] = [
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				options: [
					{ name: 'API', value: 'api', description: 'Created through the API (e.g. by n8n)' },
					{ name: 'Manual', value: 'manual', description: 'Created in the SePay web app' },
				],
				default: 'api',
			},
		],
	},
];
