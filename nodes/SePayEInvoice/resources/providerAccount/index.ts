import type { INodeProperties } from 'n8n-workflow';

import type { OperationRunner } from '../../execution/itemRunner';
import { getProviderAccount, providerAccountGetDescription } from './get';
import { getManyProviderAccounts, providerAccountGetManyDescription } from './getAll';

const showOnlyForProviderAccounts = { resource: ['providerAccount'] };

export const providerAccountDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForProviderAccounts },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a provider account',
				description: 'Get one provider account with its invoice templates and series',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many provider accounts',
				description: 'List the e-invoice provider accounts connected to SePay',
			},
		],
		default: 'getAll',
	},
	...providerAccountGetManyDescription,
	...providerAccountGetDescription,
];

export const providerAccountOperations: Record<string, OperationRunner> = {
	get: getProviderAccount,
	getAll: getManyProviderAccounts,
};
