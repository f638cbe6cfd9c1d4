import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

import { cancelSignalOf, waitUnlessCancelled } from './cancellation';
import type { SePayFailure, StatusHints } from './errors';
import { describeFailure, failureOfAnswer, isTransientFailure, toNodeApiError, toNodeError } from './errors';
import { retryDelayMs, retryPolicyOf, withRetries } from './retry';
import type { SePayAnswer } from './transport';
import { bodyOrFailure, dataOf, REQUEST_TIMEOUT_MS, sendToSePay } from './transport';

/*
 * How our declarative operations send their request.
 *
 * Each operation's routing states its real method, path, query and body. n8n would send
 * that request itself, all items at once, and throw on HTTP errors in wrappers that differ
 * between n8n versions. Routing lets a node take over the sending only through
 * `routing.operations.pagination` (with `send.paginate`), so every operation names one of
 * these functions there:
 *
 * - `sendDeclaredRequest` / `declaredRequestSender(hints)`: one request as routing built it (GETs retried), then the
 *   operation's own `output.postReceive` steps;
 * - `pagedListSender`: walks SePay's pages for the Get Many operations;
 * - `sendAtMostOnce`: for the POSTs that must not take effect twice, used by the steps of
 *   Create, Issue Draft and Delete Draft in their own files.
 *
 * All of them go through `sendToSePay` (transport.ts): token, queue, one way of reading answers.
 */

/** The user's Options → Timeout, else ours (n8n's default of 5 minutes is far too long). */
function withDefaultTimeout(
	context: IExecuteSingleFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): IHttpRequestOptions {
	const { timeout } = context.getNodeParameter('requestOptions', {}) as { timeout?: number };
	return {
		...(requestData.options as IHttpRequestOptions),
		url: requestData.options.url ?? '',
		timeout: timeout || REQUEST_TIMEOUT_MS,
	};
}

export function pairWithInput(
	context: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): INodeExecutionData[] {
	const item = context.getItemIndex();
	return items.map((entry) => ({ ...entry, pairedItem: { item } }));
}

/** Runs the operation's `output.postReceive` functions, as n8n's routing would have. */
async function runPostReceive(
	context: IExecuteSingleFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	answer: SePayAnswer,
): Promise<INodeExecutionData[]> {
	let items: INodeExecutionData[] = [{ json: answer.body as IDataObject }];
	const response = { body: answer.body, headers: answer.headers, statusCode: answer.status } as IN8nHttpFullResponse;
	for (const step of requestData.postReceive) {
		for (const action of step.actions) {
			if (typeof action !== 'function') throw new Error('Only postReceive functions are supported');
			items = await action.call(context, items, response);
		}
	}
	return items;
}

/** One request as the operation's routing states it; GETs are retried when that is safe. */
export function declaredRequestSender(hints: StatusHints = {}) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const options = withDefaultTimeout(this, requestData);
		const policy = retryPolicyOf(this);
		try {
			const send = async () => {
				const answer = await sendToSePay(this, options, policy);
				bodyOrFailure(answer);
				return answer;
			};
			const answer =
				options.method === 'GET' ? await withRetries(cancelSignalOf(this), policy, send) : await send();
			return pairWithInput(this, await runPostReceive(this, requestData, answer));
		} catch (error) {
			throw toNodeError(this.getNode(), error, this.getItemIndex(), hints);
		}
	};
}

export const sendDeclaredRequest = declaredRequestSender();

/** SePay list endpoints: page / per_page (max 100) with `data.paging.has_more`. */
const MAX_PAGE_SIZE = 100;

export function pagedListSender(
	keep: (context: IExecuteSingleFunctions, item: IDataObject) => boolean = () => true,
) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const options = withDefaultTimeout(this, requestData);
		const returnAll = this.getNodeParameter('returnAll', false) as boolean;
		const limit = returnAll ? Infinity : Math.max(1, Number(this.getNodeParameter('limit', 50)));
		const policy = retryPolicyOf(this);
		const results: IDataObject[] = [];
		try {
			// One page size for the whole walk: page N is only well defined for a fixed per_page.
			const pageSize = returnAll ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit);
			for (let page = 1; results.length < limit; page++) {
				const pageRequest = { ...options, qs: { ...options.qs, page, per_page: pageSize } };
				const body = await withRetries(cancelSignalOf(this), policy, async () =>
					bodyOrFailure(await sendToSePay(this, pageRequest, policy)),
				);
				const data = dataOf(body);
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
 * A POST that must not take effect twice (create, issue, delete). A lost answer, a timeout
 * or a 5xx is resent with the very same body; SePay's own uniqueness (reference codes, draft
 * state) makes a resend harmless. When SePay refuses (4xx), `checkRefusal` looks at what
 * really happened — e.g. "our lost first attempt got through" — and answers the output, or
 * undefined to report the refusal as an error. Throttles (429) never reach here: the
 * transport waits them out, since SePay processed nothing.
 */
export async function sendAtMostOnce(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	checkRefusal: RefusalCheck,
	hints: StatusHints = {},
	mayExistHint?: string,
): Promise<SendOutcome> {
	const options = withDefaultTimeout(context, requestData);
	const policy = retryPolicyOf(context);
	const signal = cancelSignalOf(context);
	let mayHaveBeenAccepted = false;
	for (let retryNumber = 1; ; retryNumber++) {
		let failure: SePayFailure;
		try {
			const answer = await sendToSePay(context, options, policy);
			if (answer.status >= 200 && answer.status < 300) return { accepted: dataOf(answer.body) };
			failure = failureOfAnswer(answer.status, answer.body, answer.headers);
		} catch (error) {
			failure = describeFailure(error);
		}
		const status = failure.httpStatus;
		if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
			const resolved = await checkRefusal(failure, mayHaveBeenAccepted);
			if (resolved) return { resolved };
		}
		const mayHaveArrived = mayHaveBeenAccepted || failure.noAnswer === true || failure.cancelled === true;
		if (!isTransientFailure(failure) || retryNumber > policy.maxRetries) {
			const apiError = toNodeApiError(context.getNode(), failure, context.getItemIndex(), hints);
			if (mayExistHint && mayHaveArrived) apiError.description = mayExistHint;
			throw apiError;
		}
		// Anything but a throttle might have been accepted: from now on a refusal may be our own echo.
		if (status !== 429) mayHaveBeenAccepted = true;
		try {
			await waitUnlessCancelled(signal, retryDelayMs(policy, retryNumber, failure));
		} catch (error) {
			const apiError = toNodeApiError(context.getNode(), describeFailure(error), context.getItemIndex(), hints);
			if (mayExistHint) apiError.description = mayExistHint;
			throw apiError;
		}
	}
}
