import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SePayTokenError } from './accessToken';

/** What we could learn from a failed HTTP call, without keeping the request (it holds the token). */
export interface SePayFailure {
	httpStatus?: number;
	sepayCode?: string;
	sepayMessage?: string;
	/** Network-level error code such as ECONNRESET. */
	networkCode?: string;
	retryAfterMs?: number;
	tokenError?: SePayTokenError;
	body?: unknown;
	/** Already retried as far as the policy allows: callers up the stack must not retry again. */
	final?: boolean;
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
		'SePay is limiting requests. Lower "Items per Batch" or raise "Batch Interval" under Request Options → Batching.',
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

/** Reads an error thrown by n8n's HTTP helpers (NodeApiError around an Axios error). */
export function describeFailure(error: unknown): SePayFailure {
	const known = error !== null && typeof error === 'object' ? failuresByError.get(error) : undefined;
	if (known) return known;
	const outer = asRecord(error);
	const causes: Array<Record<string, unknown>> = [outer];
	let cause = outer.cause;
	for (let depth = 0; depth < 4 && cause; depth++) {
		causes.push(asRecord(cause));
		cause = asRecord(cause).cause;
	}

	const tokenError = causes.find((c) => c instanceof SePayTokenError) as SePayTokenError | undefined;
	if (tokenError) {
		return {
			tokenError,
			httpStatus: tokenError.httpStatus,
			sepayCode: tokenError.sepayCode,
		};
	}

	const failure: SePayFailure = {};
	for (const c of causes) {
		const response = asRecord(c.response);
		if (failure.httpStatus === undefined && typeof response.status === 'number') {
			failure.httpStatus = response.status;
			failure.body = response.data;
			const retryAfter = Number(asRecord(response.headers)['retry-after']);
			if (retryAfter >= 0 && Number.isFinite(retryAfter)) failure.retryAfterMs = retryAfter * 1000;
		}
		if (failure.networkCode === undefined && typeof c.code === 'string' && /^E[A-Z_]+$/.test(c.code)) {
			failure.networkCode = c.code;
		}
	}
	if (failure.httpStatus === undefined && typeof outer.httpCode === 'string' && /^\d{3}$/.test(outer.httpCode)) {
		failure.httpStatus = Number(outer.httpCode);
	}
	if (failure.body === undefined) failure.body = asRecord(outer.context).data;
	const sepayError = asRecord(asRecord(failure.body).error);
	if (typeof sepayError.code === 'string') failure.sepayCode = sepayError.code;
	if (typeof sepayError.message === 'string') failure.sepayMessage = sepayError.message;
	if (!failure.networkCode && /socket hang up/i.test(String(outer.message ?? ''))) {
		failure.networkCode = 'ECONNRESET';
	}
	return failure;
}

export function isTransientFailure(failure: SePayFailure): boolean {
	if (failure.tokenError || failure.final) return false;
	if (failure.httpStatus !== undefined) {
		return failure.httpStatus === 429 || [500, 502, 503, 504].includes(failure.httpStatus);
	}
	return ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN'].includes(
		failure.networkCode ?? '',
	);
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
	if (error instanceof NodeOperationError) return new NodeOperationError(node, error);
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
	let message: string;
	if (failure.sepayCode) {
		message = `SePay error ${failure.sepayCode}: ${failure.sepayMessage ?? 'no message'}`;
	} else if (status !== undefined) {
		message = `SePay answered HTTP ${status}`;
	} else {
		message = `Could not reach SePay${failure.networkCode ? ` (${failure.networkCode})` : ''}`;
	}
	const hint =
		(status !== undefined && hints[status]) ||
		(failure.sepayCode && HINTS_BY_CODE[failure.sepayCode]) ||
		(status !== undefined && HINTS_BY_STATUS[status]) ||
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

