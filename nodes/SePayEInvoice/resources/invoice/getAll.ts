import type { INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/descriptions';

const show = { resource: ['invoice'], operation: ['getAll'] };

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
				routing: { send: { type: 'query', property: 'source' } },
			},
		],
	},
];
