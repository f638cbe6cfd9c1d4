import type { INodeProperties } from 'n8n-workflow';

import type { OperationRunner } from '../../execution/itemRunner';
import { getQuota, getQuotaOption } from './getQuota';

export const usageDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['usage'] } },
		options: [getQuotaOption],
		default: 'getQuota',
	},
];

export const usageOperations: Record<string, OperationRunner> = { getQuota };
