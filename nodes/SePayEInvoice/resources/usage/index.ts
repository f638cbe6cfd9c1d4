import type { INodeProperties } from 'n8n-workflow';

import { getQuotaOperation } from './getQuota';

export const usageDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['usage'] } },
		options: [getQuotaOperation],
		default: 'getQuota',
	},
];
