import type { INodeProperties } from 'n8n-workflow';

import { unwrapData } from '../../shared/output';
import { sendDeclaredRequest } from '../../shared/request';
import { pathSegment } from '../invoice/byReference';
import { providerAccountGetDescription, validatedProviderAccount } from './get';
import { getManyProviderAccountsSender, providerAccountGetManyDescription } from './getAll';

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
				routing: {
					request: { method: 'GET', url: `=/v1/provider-accounts/${pathSegment('providerAccount')}` },
					send: { paginate: true, preSend: [validatedProviderAccount] },
					operations: { pagination: sendDeclaredRequest },
					output: { postReceive: [unwrapData] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many provider accounts',
				description: 'List the e-invoice provider accounts connected to SePay',
				routing: {
					request: { method: 'GET', url: '/v1/provider-accounts' },
					send: { paginate: true },
					operations: { pagination: getManyProviderAccountsSender },
				},
			},
		],
		default: 'getAll',
	},
	...providerAccountGetManyDescription,
	...providerAccountGetDescription,
];
