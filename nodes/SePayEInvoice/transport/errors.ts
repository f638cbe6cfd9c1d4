import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SePayTokenError } from './tokenRequest';
import { ExecutionCancelledError } from './cancellation';
import { originOf, redirectHint } from './redirects';

/** What we learnt from a failed SePay call, without keeping the request (it holds the token). */
export interface SePayFailure {
	httpStatus?: number;
	sepayCode?: string;
	sepayMessage?: string;
	/** No HTTP answer came back (connection refused or reset, timeout, DNS…). */
	noAnswer?: boolean;
	/** For the message only, when n8n let us see it (ECONNRESET, …). */
	networkCode?: string;
	/** The execution was stopped: not a SePay failure at all. */
	cancelled?: boolean;
	retryAfterMs?: number;
	/** A redirect's target, as an origin only (a Location may carry query tokens). */
	redirectedTo?: string;
	tokenError?: SePayTokenError;
	body?: unknown;
	/** Already retried as far as the policy allows: callers up the stack must not retry again. */
	final?: boolean;
}

/** Thrown by our transport; carries only plain values (no request, no token). */
export class SePayRequestError extends Error {
	constructor(readonly failure: SePayFailure) {
		super(messageOf(failure));
		this.name = 'SePayRequestError';
	}
}

/** A non-2xx answer, read from the status, SePay's error envelope and Retry-After. */
export function failureOfAnswer(status: number, body: unknown, headers: Record<string, unknown>): SePayFailure {
	const failure: SePayFailure = { httpStatus: status, body };
	const sepayError = asRecord(asRecord(body).error);
	if (typeof sepayError.code === 'string') failure.sepayCode = sepayError.code;
	if (typeof sepayError.message === 'string') failure.sepayMessage = sepayError.message;
	const retryAfter = retryAfterMsOf(headers['retry-after']);
	if (retryAfter !== undefined) failure.retryAfterMs = retryAfter;
	if (status >= 300 && status < 400) failure.redirectedTo = originOf(headers.location);
	return failure;
}

/** Retry-After as seconds or an HTTP date (RFC 9110), in ms from now. */
function retryAfterMsOf(value: unknown): number | undefined {
	const text = Array.isArray(value) ? String(value[0]) : value === undefined ? '' : String(value).trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Plain-English fixes for SePay's documented error codes. */
const HINTS_BY_CODE: Record<string, string> = {
	UNAUTHORIZED:
		'Check the Client ID / Client Secret and the Environment in the SePay eInvoice API credential.',
	BAD_REQUEST: 'SePay rejected the data it was sent. Check the fields named in the message.',
	QUOTA_EXCEEDED:
		'Your SePay invoice quota is used up. Top it up at my.sepay.vn, or use Mode "Save as Draft" (drafts use no quota).',
	EINVOICE_DOCUMENT_EXISTED:
		'An invoice with this Reference Code already exists. Use another Reference Code, or set "If Reference Code Exists" to "Return Existing Invoice".',
	REGISTRATION_NOT_TAX_APPROVED:
		"This provider account's e-invoice registration is missing or not yet approved by the tax authority (CQT). Finish it in SePay before issuing.",
	INVOICE_DATE_BEFORE_TAX_APPROVAL:
		'The Issue Date is earlier than the date the tax authority approved this provider account. Use a later Issue Date.',
	NOT_FOUND: 'Nothing matches that ID or code in this SePay environment. Check the value and the Environment.',
	RATE_LIMITED:
		'SePay kept limiting requests although the node slowed down. Lower "Max Requests in Flight" under Reliability, or run the batch at a quieter time.',
};

const HINTS_BY_STATUS: Record<number, string> = {
	400: HINTS_BY_CODE.BAD_REQUEST,
	401: HINTS_BY_CODE.UNAUTHORIZED,
	403: 'SePay refused the request. Check your quota and the permissions of this API client at my.sepay.vn.',
	404: HINTS_BY_CODE.NOT_FOUND,
	409: HINTS_BY_CODE.EINVOICE_DOCUMENT_EXISTED,
	422: 'SePay accepted the format but its business rules rejected it. Read the message for the rule.',
	429: HINTS_BY_CODE.RATE_LIMITED,
};

const SERVER_HINT = 'SePay or the invoice provider failed. Try again later; nothing was changed.';

function asRecord(value: unknown): Record<string, unknown> {
	return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** Failures behind the errors we built, so callers up the stack can still read them. */
const failuresByError = new WeakMap<object, SePayFailure>();

/**
 * What an error thrown by our own code means. Only our own error types are read: n8n's
 * wrappers differ between 1.x and 2.x, so nothing here looks inside them.
 */
export function describeFailure(error: unknown): SePayFailure {
	if (error instanceof SePayRequestError) return error.failure;
	if (error instanceof ExecutionCancelledError) return { cancelled: true };
	if (error instanceof SePayTokenError) {
		return { tokenError: error, httpStatus: error.httpStatus, sepayCode: error.sepayCode };
	}
	const known = error !== null && typeof error === 'object' ? failuresByError.get(error) : undefined;
	return known ?? {};
}

/** Worth sending again: SePay was busy or failing, or no answer came back. */
export function isTransientFailure(failure: SePayFailure): boolean {
	if (failure.tokenError || failure.final || failure.cancelled) return false;
	if (failure.httpStatus !== undefined) {
		return failure.httpStatus === 429 || [500, 502, 503, 504].includes(failure.httpStatus);
	}
	return failure.noAnswer === true;
}

/** SePay refused the request because of its rate limit: nothing was processed. */
export function isThrottle(failure: SePayFailure): boolean {
	return failure.httpStatus === 429 || (failure.httpStatus === 503 && failure.retryAfterMs !== undefined);
}

/**
 * The one place SePay failures become n8n errors: SePay's code and message, plus what to
 * do about it. Built from plain values so no request (token, secret) travels with it.
 */
/** Operation-specific fixes that beat the generic ones, by HTTP status. */
export type StatusHints = Partial<Record<number, string>>;

/**
 * For catch blocks: our own NodeOperationErrors (validation, Failed jobs) pass through as
 * they are; anything from the HTTP layer becomes a SePay NodeApiError.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	hints: StatusHints = {},
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return toNodeApiError(node, describeFailure(error), itemIndex, hints);
}

export function toNodeApiError(
	node: INode,
	failure: SePayFailure,
	itemIndex: number,
	hints: StatusHints = {},
): NodeApiError {
	const apiError = buildNodeApiError(node, failure, itemIndex, hints);
	failuresByError.set(apiError, failure);
	return apiError;
}

function messageOf(failure: SePayFailure): string {
	if (failure.cancelled) return 'The execution was stopped before SePay answered';
	if (failure.sepayCode) return `SePay error ${failure.sepayCode}: ${failure.sepayMessage ?? 'no message'}`;
	if (failure.httpStatus !== undefined) return `SePay answered HTTP ${failure.httpStatus}`;
	return `Could not reach SePay${failure.networkCode ? ` (${failure.networkCode})` : ''}`;
}

function buildNodeApiError(
	node: INode,
	failure: SePayFailure,
	itemIndex: number,
	hints: StatusHints,
): NodeApiError {
	if (failure.tokenError) {
		const { message, description, httpStatus } = failure.tokenError;
		return new NodeApiError(node, { message } as JsonObject, {
			message,
			description,
			httpCode: httpStatus !== undefined ? String(httpStatus) : undefined,
			itemIndex,
		});
	}
	const status = failure.httpStatus;
	const message = messageOf(failure);
	if (failure.cancelled) {
		return new NodeApiError(node, { message } as JsonObject, {
			message,
			description:
				'Nothing more was sent to SePay. A request already on its way may have reached it: run the node again with the same Reference Code to find out (it never issues twice).',
			itemIndex,
		});
	}
	const hint =
		(status !== undefined && hints[status]) ||
		(failure.sepayCode && HINTS_BY_CODE[failure.sepayCode]) ||
		(status !== undefined && HINTS_BY_STATUS[status]) ||
		(status !== undefined && status >= 300 && status < 400 ? redirectHint(failure.redirectedTo) : undefined) ||
		(status !== undefined && status >= 500 ? SERVER_HINT : undefined) ||
		'Check the Environment / Base URL in the credential and that n8n can reach SePay.';
	return new NodeApiError(
		node,
		{ message, code: failure.sepayCode ?? failure.networkCode ?? null } as JsonObject,
		{
			message,
			description: hint,
			httpCode: status !== undefined ? String(status) : undefined,
			itemIndex,
		},
	);
}

