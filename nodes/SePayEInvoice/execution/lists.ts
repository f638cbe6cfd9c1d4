import type { IDataObject } from 'n8n-workflow';

import { dataOf, sepayApiRequest } from '../transport/transport';
import type { ItemContext } from './itemRunner';

/** SePay list endpoints: page / per_page (max 100) with `data.paging.has_more`. */
const MAX_PAGE_SIZE = 100;

/**
 * Walks a SePay list (GET `path` with page / per_page) until Return All or the Limit is
 * reached; `keep` filters what SePay returns (e.g. active accounts only).
 */
export async function listAll(
	item: ItemContext,
	path: string,
	qs: IDataObject = {},
	keep: (entry: IDataObject) => boolean = () => true,
): Promise<IDataObject[]> {
	const returnAll = item.getNodeParameter('returnAll', false) === true;
	const limit = returnAll ? Infinity : Math.max(1, Number(item.getNodeParameter('limit', 50)));
	// One page size for the whole walk: page N is only well defined for a fixed per_page.
	const pageSize = returnAll ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit);
	const results: IDataObject[] = [];
	for (let page = 1; results.length < limit; page++) {
		const data = dataOf(await sepayApiRequest(item.connection, 'GET', path, { ...qs, page, per_page: pageSize }));
		const entries = Array.isArray(data.items) ? (data.items as IDataObject[]) : [];
		results.push(...entries.filter(keep));
		const paging = (data.paging ?? {}) as IDataObject;
		const hasMore =
			paging.has_more === true || (paging.has_more === undefined && entries.length === pageSize && entries.length > 0);
		if (!hasMore || entries.length === 0) break;
	}
	return results.slice(0, limit);
}
