import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { dataOf } from './transport';

/** Output SePay's `data` object, without the `{success, data}` envelope. */
export async function unwrapData(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[]
): Promise<INodeExecutionData[]> {
	return items.map((item) => ({ ...item, json: dataOf(item.json) }));
}

/** SePay sends quota_remaining as a string ("534"); n8n users compare it as a number. */
export async function quotaAsNumber(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[]
): Promise<INodeExecutionData[]> {
	return items.map((item) => {
		const data = dataOf(item.json);
		const raw = data.quota_remaining;
		const parsed = typeof raw === 'number' ? raw : Number(String(raw ?? '').trim());
		const json: IDataObject = {
			...data,
			quota_remaining: raw === undefined || raw === null || raw === '' || !Number.isFinite(parsed) ? null : parsed,
		};
		if (json.quota_remaining === null) json.quota_remaining_raw = raw ?? null;
		return { ...item, json };
	});
}

/**
 * Every Create / Issue Draft output carries `status`: a request SePay accepted without our
 * waiting for it is `Pending` (its tracking code tells how to check it later).
 */
export function withStatus(json: IDataObject): IDataObject {
	return json.status === undefined ? { ...json, status: 'Pending' } : json;
}
