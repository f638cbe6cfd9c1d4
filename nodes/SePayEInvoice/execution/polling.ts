import type { IDataObject } from 'n8n-workflow';

import type { CheckDetails } from '../rules/checkResponse';
import { checkDetailsOf } from '../rules/checkResponse';
import { clampInteger, clampNumber } from '../transport/bounds';
import { waitUnlessCancelled } from '../transport/cancellation';
import { describeFailure, toNodeApiError } from '../transport/errors';
import { dataOf, encodeSegment, sepayApiRequest } from '../transport/transport';
import type { ItemContext } from './itemRunner';
import { itemFailure, withOutput } from './itemRunner';

/** Create and issue are asynchronous at SePay: each answers a tracking code to poll. */
export type JobKind = 'create' | 'issue';

export interface WaitSettings {
	intervalMs: number;
	maxAttempts: number;
}

export const POLL_INTERVAL_BOUNDS = { min: 0.5, max: 60, default: 3 };
export const POLL_ATTEMPT_BOUNDS = { min: 1, max: 100, default: 10 };
export const DEFAULT_POLL_INTERVAL_SECONDS = POLL_INTERVAL_BOUNDS.default;
export const DEFAULT_MAX_POLL_ATTEMPTS = POLL_ATTEMPT_BOUNDS.default;

/** The Poll Interval, or less when the execution is stopped (then the item ends as stopped). */
async function waitBetweenChecks(context: ItemContext, settings: WaitSettings): Promise<void> {
	try {
		await waitUnlessCancelled(context.connection.signal, settings.intervalMs);
	} catch (error) {
		throw toNodeApiError(context.getNode(), describeFailure(error), context.getItemIndex());
	}
}

export function waitSettingsOf(context: ItemContext): WaitSettings {
	const seconds = context.getNodeParameter('pollInterval', POLL_INTERVAL_BOUNDS.default);
	const attempts = context.getNodeParameter('maxPollAttempts', POLL_ATTEMPT_BOUNDS.default);
	return {
		intervalMs: clampNumber(seconds, POLL_INTERVAL_BOUNDS, POLL_INTERVAL_BOUNDS.default) * 1000,
		maxAttempts: clampInteger(attempts, POLL_ATTEMPT_BOUNDS, POLL_ATTEMPT_BOUNDS.default),
	};
}

/** The check endpoint of a create or issue tracking code. */
export function checkPathOf(kind: JobKind, trackingCode: string): string {
	return `/v1/invoices/${kind}/check/${encodeSegment(trackingCode)}`;
}

/** One status check at `path` (a create/issue check, or the path a tracking_url names). */
async function checkJob(
	context: ItemContext,
	path: string,
	trackingCode: string,
): Promise<IDataObject> {
	try {
		const body = await sepayApiRequest(context.connection, 'GET', path);
		return { ...dataOf(body), tracking_code: trackingCode };
	} catch (error) {
		const failure = { ...describeFailure(error), final: true };
		throw toNodeApiError(context.getNode(), failure, context.getItemIndex());
	}
}

export function isPending(check: IDataObject): boolean {
	return String(check.status ?? '').toLowerCase() === 'pending';
}

/**
 * Polls until the job leaves Pending or the attempts run out. `firstCheck` is a check the
 * caller already made (it counts as attempt 1); without it the first check comes after
 * one interval, since SePay needs a moment for any job.
 */
export async function pollJob(
	context: ItemContext,
	checkPath: string,
	trackingCode: string,
	settings: WaitSettings,
	firstCheck?: IDataObject,
): Promise<IDataObject> {
	let check = firstCheck;
	let attempts = firstCheck ? 1 : 0;
	while (!check || isPending(check)) {
		if (attempts >= settings.maxAttempts) break;
		await waitBetweenChecks(context, settings);
		check = await checkJob(context, checkPath, trackingCode);
		attempts++;
	}
	return { ...check, checks: attempts };
}

const STATUS_OPERATION: Record<JobKind, string> = {
	create: 'Get Creation Status',
	issue: 'Get Issue Status',
};

/** What SePay said about its own retries of a Pending job, when it says anything. */
function retryNote({ retry }: CheckDetails): string {
	if (!retry) return '';
	const count = retry.retries_count !== undefined ? ` ${retry.retries_count}${retry.max_retries !== undefined ? ` of ${retry.max_retries}` : ''} times` : '';
	const next = retry.next_retry_at ? `; next try ${retry.next_retry_at}` : '';
	return ` SePay is retrying the job itself${count}${next}.`;
}

/**
 * Turns a finished poll into output: Success as it is; Failed and still-Pending become errors
 * that carry the check (status Failed / Pending) as the item's output.
 */
export function jobOutcome(
	context: ItemContext,
	kind: JobKind,
	check: IDataObject,
	settings: WaitSettings,
): IDataObject {
	const status = String(check.status ?? '');
	const trackingCode = String(check.tracking_code ?? '');
	const details = checkDetailsOf(check);
	const action = kind === 'create' ? 'create the invoice' : 'issue the invoice';
	if (status.toLowerCase() === 'failed') {
		throw itemFailure(
			context,
			`SePay could not ${action}${details.error_code ? ` (${details.error_code})` : ''}: ${String(check.message ?? 'no reason given')}`,
			kind === 'create'
				? 'Fix the data SePay names and create the invoice again. A failed request issued nothing.'
				: 'Fix what SePay names, then issue the draft again.',
			check,
		);
	}
	if (isPending(check)) {
		const waited = Math.round((settings.intervalMs * settings.maxAttempts) / 1000);
		const later = trackingCode
			? `the "${STATUS_OPERATION[kind]}" operation and tracking code ${trackingCode}`
			: `the "Get" operation and reference code ${String(check.reference_code ?? '')}`;
		throw itemFailure(
			context,
			trackingCode
				? `SePay is still processing (tracking code ${trackingCode}) after ${settings.maxAttempts} checks`
				: `SePay is still processing the invoice with reference code ${String(check.reference_code ?? '')} after ${settings.maxAttempts} checks`,
			`Nothing is lost: check it later with ${later}, or raise Poll Interval / Max Checks (waited about ${waited} s).${retryNote(details)}`,
			check,
		);
	}
	return check;
}

/**
 * Waits (bounded) until GET /v1/invoices/{reference_code} finds the invoice in the wanted
 * state — by default just existing, which it does once created.
 */
export async function waitForInvoice(
	context: ItemContext,
	referenceCode: string,
	settings: WaitSettings,
	isReady: (invoice: IDataObject) => boolean = () => true,
): Promise<IDataObject | undefined> {
	for (let attempt = 0; attempt <= settings.maxAttempts; attempt++) {
		const invoice = await findInvoice(context, referenceCode);
		if (invoice && isReady(invoice)) return invoice;
		if (attempt === settings.maxAttempts) break;
		await waitBetweenChecks(context, settings);
	}
	return undefined;
}

/** The invoice with that reference code, or undefined when SePay has none (404). */
export async function findInvoice(
	context: ItemContext,
	referenceCode: string,
): Promise<IDataObject | undefined> {
	try {
		const body = await sepayApiRequest(context.connection, 'GET', `/v1/invoices/${encodeSegment(referenceCode)}`);
		return dataOf(body);
	} catch (error) {
		const failure = describeFailure(error);
		if (failure.httpStatus === 404) return undefined;
		throw toNodeApiError(context.getNode(), { ...failure, final: true }, context.getItemIndex());
	}
}

/** A request SePay accepted, not yet done: `Pending` until a check says otherwise (one output shape per outcome). */
export function submittedOutput(referenceCode: string, accepted: IDataObject, extra: IDataObject = {}): IDataObject {
	return {
		status: 'Pending',
		reference_code: referenceCode,
		tracking_code: accepted.tracking_code ?? null,
		tracking_url: accepted.tracking_url ?? null,
		message: accepted.message ?? null,
		...extra,
	};
}

/**
 * Output for a create/issue request SePay accepted: the tracking details at once, or with
 * Wait for Result the finished job (Success with the invoice; Failed / Pending as errors).
 */
export async function acceptedJobOutput(
	context: ItemContext,
	kind: JobKind,
	referenceCode: string,
	accepted: IDataObject,
	extra: IDataObject = {},
): Promise<IDataObject> {
	const submitted = submittedOutput(referenceCode, accepted, extra);
	if (context.getNodeParameter('waitForResult', true) !== true) return submitted;
	const settings = waitSettingsOf(context);
	const trackingCode = String(accepted.tracking_code ?? '');
	const check = await pollJob(context, checkPathOf(kind, trackingCode), trackingCode, settings);
	const output = { ...submitted, ...check, reference_code: (check.reference_code as string | undefined) ?? referenceCode };
	try {
		jobOutcome(context, kind, check, settings);
	} catch (error) {
		throw withOutput(error as Error, output);
	}
	return output;
}
