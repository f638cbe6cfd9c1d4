import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import type { StatusHints } from './errors';
import { toNodeError } from './errors';
import { retryPolicyOf, withRetries } from './retry';
import { dataOf } from './transport';

/*
 * How our declarative operations send their request.
 *
 * n8n calls `routing.operations.pagination` in place of its plain request whenever an
 * operation sets `routing.send.paginate`. Every operation of this node does, so the few
 * things routing cannot express — retrying only what is safe to repeat, walking pages,
 * exactly-once create/issue, SePay's errors with a fix — live in these small functions
 * while URLs, query and body stay declarative in the resource files.
 */

type Sender = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

/** n8n's default per-request timeout is 5 minutes; SePay answers in seconds. */
const DEFAULT_TIMEOUT_MS = 60_000;

export function withDefaultTimeout(
	context: IExecuteSingleFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): DeclarativeRestApiSettings.ResultOptions {
	const { timeout } = context.getNodeParameter('requestOptions', {}) as { timeout?: number };
	if (!timeout) requestData.options.timeout = DEFAULT_TIMEOUT_MS;
	return requestData;
}

export function pairWithInput(
	context: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): INodeExecutionData[] {
	const item = context.getItemIndex();
	return items.map((entry) => ({ ...entry, pairedItem: { item } }));
}

/** A request that is safe to repeat (GET): transient failures are retried. */
export function idempotentSender(hints: StatusHints = {}): Sender {
	return async function (this, requestData) {
		withDefaultTimeout(this, requestData);
		try {
			const items = await withRetries(
				{ node: this.getNode(), itemIndex: this.getItemIndex() },
				retryPolicyOf(this),
				async () => await this.makeRoutingRequest(requestData),
			);
			return pairWithInput(this, items);
		} catch (error) {
			throw toNodeError(this.getNode(), error, this.getItemIndex(), hints);
		}
	};
}

export const sendIdempotent = idempotentSender();

/** SePay list endpoints: page / per_page (max 100) with `data.paging.has_more`. */
export const MAX_PAGE_SIZE = 100;

export function pagedListSender(keep: (context: IExecuteSingleFunctions, item: IDataObject) => boolean = () => true): Sender {
	return async function (this, requestData) {
		withDefaultTimeout(this, requestData);
		const returnAll = this.getNodeParameter('returnAll', false) as boolean;
		const limit = returnAll ? Infinity : Math.max(1, Number(this.getNodeParameter('limit', 50)));
		const policy = retryPolicyOf(this);
		const results: IDataObject[] = [];
		try {
			// One page size for the whole walk: page N is only well defined for a fixed per_page.
			const pageSize = returnAll ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit);
			for (let page = 1; results.length < limit; page++) {
				const pageRequest = {
					...requestData,
					options: { ...requestData.options, qs: { ...requestData.options.qs, page, per_page: pageSize } },
				};
				const [response] = await withRetries(
					{ node: this.getNode(), itemIndex: this.getItemIndex() },
					policy,
					async () => await this.makeRoutingRequest(pageRequest),
				);
				const data = dataOf(response?.json);
				const pageItems = Array.isArray(data.items) ? (data.items as IDataObject[]) : [];
				results.push(...pageItems.filter((item) => keep(this, item)));
				const paging = (data.paging ?? {}) as IDataObject;
				const hasMore =
					paging.has_more === true ||
					(paging.has_more === undefined && pageItems.length === pageSize && pageItems.length > 0);
				if (!hasMore || pageItems.length === 0) break;
			}
		} catch (error) {
			throw toNodeError(this.getNode(), error, this.getItemIndex());
		}
		return pairWithInput(
			this,
			results.slice(0, limit).map((json) => ({ json })),
		);
	};
}
