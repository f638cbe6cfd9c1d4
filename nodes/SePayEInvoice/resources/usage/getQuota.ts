import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { itemOperation } from '../../execution/itemRunner';
import { dataOf, sepayApiRequest } from '../../transport/transport';

export const getQuotaOption: INodePropertyOptions = {
	name: 'Get Quota',
	value: 'getQuota',
	action: 'Get the remaining invoice quota',
	description: 'How many invoices your SePay plan can still issue',
};

/** SePay sends quota_remaining as a string ("534"); n8n users compare it as a number. */
function quotaAsNumber(data: IDataObject): IDataObject {
	const raw = data.quota_remaining;
	const parsed = typeof raw === 'number' ? raw : Number(String(raw ?? '').trim());
	const valid = raw !== undefined && raw !== null && raw !== '' && Number.isFinite(parsed);
	return { ...data, quota_remaining: valid ? parsed : null, ...(valid ? {} : { quota_remaining_raw: raw ?? null }) };
}

/** GET /v1/usage. */
export const getQuota = itemOperation({
	check: () => undefined,
	async send(item) {
		return quotaAsNumber(dataOf(await sepayApiRequest(item.connection, 'GET', '/v1/usage')));
	},
});
