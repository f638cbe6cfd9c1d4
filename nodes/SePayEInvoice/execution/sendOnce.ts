import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { waitUnlessCancelled } from '../transport/cancellation';
import type { SePayFailure, StatusHints } from '../transport/errors';
import { describeFailure, failureOfAnswer, isTransientFailure, toNodeApiError } from '../transport/errors';
import { retryDelayMs } from '../transport/retry';
import { dataOf, sendToSePay } from '../transport/transport';
import type { ItemContext } from './itemRunner';

/** What a refused or failed attempt turned out to mean, decided by the operation. */
export type RefusalCheck = (
	failure: SePayFailure,
	mayHaveBeenAccepted: boolean,
) => Promise<IDataObject | undefined>;

export type SendOutcome = { accepted: IDataObject } | { resolved: IDataObject };

/**
 * A POST that must not take effect twice (create, issue, delete, corrections). A lost answer,
 * a timeout or a 5xx is resent with the very same body; SePay's own uniqueness (reference
 * codes, draft state) makes a resend harmless. When SePay refuses (4xx), `checkRefusal` looks
 * at what really happened — e.g. "our lost first attempt got through" — and answers the
 * output, or undefined to report the refusal as an error. Throttles (429) never reach here:
 * the transport waits them out, since SePay processed nothing.
 */
export async function sendAtMostOnce(
	item: ItemContext,
	request: IHttpRequestOptions,
	checkRefusal: RefusalCheck,
	hints: StatusHints = {},
	mayExistHint?: string,
): Promise<SendOutcome> {
	const { connection } = item;
	const policy = connection.settings.retry;
	let mayHaveBeenAccepted = false;
	for (let retryNumber = 1; ; retryNumber++) {
		let failure: SePayFailure;
		try {
			const answer = await sendToSePay(connection, request);
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
			const apiError = toNodeApiError(item.getNode(), failure, item.itemIndex, hints);
			if (mayExistHint && mayHaveArrived) apiError.description = mayExistHint;
			throw apiError;
		}
		// Anything but a throttle might have been accepted: from now on a refusal may be our own echo.
		if (status !== 429) mayHaveBeenAccepted = true;
		try {
			await waitUnlessCancelled(connection.signal, retryDelayMs(policy, retryNumber, failure));
		} catch (error) {
			const apiError = toNodeApiError(item.getNode(), describeFailure(error), item.itemIndex, hints);
			if (mayExistHint) apiError.description = mayExistHint;
			throw apiError;
		}
	}
}
