import type { INodePropertyOptions } from 'n8n-workflow';

import { quotaAsNumber } from '../../shared/output';
import { sendDeclaredRequest } from '../../shared/request';

export const getQuotaOperation: INodePropertyOptions = {
	name: 'Get Quota',
	value: 'getQuota',
	action: 'Get the remaining invoice quota',
	description: 'How many invoices your SePay plan can still issue',
	routing: {
		request: { method: 'GET', url: '/v1/usage' },
		send: { paginate: true },
		operations: { pagination: sendDeclaredRequest },
		output: { postReceive: [quotaAsNumber] },
	},
};
