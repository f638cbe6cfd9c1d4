import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { sleep } from 'n8n-workflow';

import type { SePayFailure, StatusHints } from './errors';
import { describeFailure, isTransientFailure, toNodeApiError, toNodeError } from './errors';
import { retryDelayMs, retryPolicyOf, retryStats, withRetries } from './retry';
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

/** What a refused or failed attempt turned out to mean, decided by the operation. */
export type RefusalCheck = (
	failure: SePayFailure,
	mayHaveBeenAccepted: boolean,
) => Promise<IDataObject | undefined>;

export type SendOutcome = { accepted: IDataObject } | { resolved: IDataObject };

/**
 * A POST that must not take effect twice (create, issue, delete). Transient failures are
 * resent with the very same body; SePay's own uniqueness (reference codes, draft state)
 * makes a resend harmless. When SePay refuses, `checkRefusal` looks at what really
 * happened — e.g. "our lost first attempt got through" — and answers the output, or
 * undefined to report the refusal as an error.
 */
export async function sendAtMostOnce(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	checkRefusal: RefusalCheck,
	hints: StatusHints = {},
	mayExistHint?: string,
): Promise<SendOutcome> {
	withDefaultTimeout(context, requestData);
	const policy = retryPolicyOf(context);
	let mayHaveBeenAccepted = false;
	for (let retryNumber = 1; ; retryNumber++) {
		let failure: SePayFailure;
		try {
			const [response] = await context.makeRoutingRequest(requestData);
			return { accepted: dataOf(response?.json) };
		} catch (error) {
			failure = describeFailure(error);
		}
		if (failure.httpStatus !== undefined && failure.httpStatus >= 400 && failure.httpStatus < 500 && failure.httpStatus !== 429) {
			const resolved = await checkRefusal(failure, mayHaveBeenAccepted);
			if (resolved) return { resolved };
		}
		if (!isTransientFailure(failure) || retryNumber > policy.maxRetries) {
			const apiError = toNodeApiError(context.getNode(), failure, context.getItemIndex(), hints);
			const lostAnswer = mayHaveBeenAccepted || (failure.httpStatus === undefined && isTransientFailure(failure));
			if (mayExistHint && lostAnswer) apiError.description = mayExistHint;
			throw apiError;
		}
		// A 429 was refused before processing; anything else might have been accepted.
		if (failure.httpStatus !== 429) mayHaveBeenAccepted = true;
		retryStats.retries++;
		await sleep(retryDelayMs(policy, retryNumber, failure));
	}
}
