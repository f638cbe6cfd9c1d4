// Public option and record types of the SePay eInvoice API simulator.

export interface SimClient {
	clientId: string;
	clientSecret: string;
}

/** When an async create/issue job may leave `Pending`. Both conditions must hold. */
export interface ProcessingOptions {
	/** Number of status checks that answer `Pending` before the job resolves (default 1). */
	checks?: number;
	/** Minimum milliseconds between acceptance and resolution (default 0). */
	ms?: number;
	/**
	 * Whether a lookup of a pending job's reference_code through GET /v1/invoices/{ref}
	 * or .../download counts as a status check (default true). Lets a client that lost the
	 * create/issue response (and so never learnt the tracking code) still see the job finish.
	 */
	lookupsCountAsChecks?: boolean;
}

/** A real server budget: more than `requestsPerSecond` requests in any one second are answered 429. */
export interface RateLimitOptions {
	/** Requests admitted per sliding one-second window. */
	requestsPerSecond: number;
	/** Whether POST /v1/token uses the budget too (default false). */
	countTokenRequests?: boolean;
}

export interface SePaySimulatorOptions {
	/** Port to listen on (default 0 = any free port). Host is always 127.0.0.1. */
	port?: number;
	/** PRNG seed for ids, tokens and random faults (default 1). */
	seed?: number;
	clients?: SimClient[];
	/** Lifetime of access tokens in seconds (default 86400). */
	tokenTtlSeconds?: number;
	/** Issuing a token revokes the client's older tokens (default false). */
	revokePreviousTokensOnIssue?: boolean;
	/** Number of generated provider accounts (default 3). */
	providerAccountCount?: number;
	/** Default of `is_draft` when a create request omits it (default true). */
	isDraftDefault?: boolean;
	/** Remaining issuance quota (default 1000). */
	quota?: number;
	processing?: ProcessingOptions;
	/** Add `success: true` to the list endpoints and /v1/usage (default false). */
	listEnvelopeWithSuccess?: boolean;
	/**
	 * Which codes GET /v1/invoices/{code}/download accepts (default 'any'): SePay's docs disagree
	 * whether it wants the tracking code or the reference code.
	 */
	downloadAccepts?: DownloadAccepts;
	/**
	 * Pending checks carry `retry: { retries_count, max_retries, next_retry_at }` as strings
	 * (default false): seen in public integrations, not in SePay's docs.
	 */
	checkRetryHints?: boolean;
	/** Pre-create this many issued `source: 'manual'` invoices on account #0 (default 0). */
	seedInvoices?: number;
	/** Requests-per-second budget; answered 429 RATE_LIMITED with Retry-After when exceeded (default none). */
	rateLimit?: RateLimitOptions;
	/** Clock in epoch ms (default Date.now). */
	now?: () => number;
	/** Show `provider_account_id` in GET /v1/invoices/{ref} (not in SePay's documented schema; default false). */
	detailShowsProviderAccount?: boolean;
	/**
	 * `tracking_url` of replace/adjust answers (SePay does not document which check it points to):
	 * 'own' = /v1/invoices/{replace|adjust}/check/{tc} (default), 'create' = the create check,
	 * 'none' = no tracking_url, 'foreign' = an absolute URL on another host (the own check path).
	 * Unless 'own', correction jobs can also be checked at the create check.
	 */
	correctionTrackingUrl?: CorrectionTrackingUrl;
	/** Path of the adjustment endpoint (UNCONFIRMED at SePay; default /v1/invoices/adjust); null = none. */
	adjustPath?: string | null;
	/** What POST /v1/invoices/adjust answers when the endpoint is elsewhere or absent (default 404). */
	missingAdjustStatus?: 404 | 405;
}

export type CorrectionTrackingUrl = 'own' | 'create' | 'none' | 'foreign';
export type AdjustmentType = 'increase' | 'decrease' | 'combined' | 'info';

export interface SimRequestRecord {
	method: string;
	/** Path without query string (raw, not decoded). */
	path: string;
	query: Record<string, string>;
	/** Header names lower-cased; repeated headers joined with ", ". */
	headers: Record<string, string>;
	/** Parsed JSON, raw string when not JSON, undefined when empty. */
	body: unknown;
	/** Epoch ms when the request was received. */
	at: number;
	/** The HTTP status sent back, or 'reset' when the connection was dropped (unset while open). */
	answer?: number | 'reset';
}

export interface RandomFaults {
	/** Fixed delay or a [min, max] range in ms. */
	latencyMs?: number | [number, number];
	serverErrorRate?: number;
	resetRate?: number;
	rateLimitRate?: number;
	/** Retry-After value for random 429s (default 1). */
	retryAfterSeconds?: number;
	/** Which requests random faults apply to (default: everything except POST /v1/token). */
	appliesTo?: (req: SimRequestRecord) => boolean;
}

export type ScriptedFaultKind = 'serverError' | 'rateLimit' | 'reset' | 'resetAfterProcessing' | 'latency' | 'redirect';

export interface ScriptedFault {
	/** HTTP method to match (case-insensitive); any when omitted. */
	method?: string;
	/**
	 * Path to match: exact string (`*` matches one segment, a trailing `**` the rest) or RegExp.
	 * When omitted the fault matches any request except POST /v1/token.
	 */
	path?: string | RegExp;
	kind: ScriptedFaultKind;
	/** Status for serverError (default 500), rateLimit (default 429) or redirect (default 301). */
	status?: number;
	/** Retry-After for rateLimit (default 1). */
	retryAfterSeconds?: number;
	/** Where a 'redirect' points (the Location header), unprocessed: an old address moved elsewhere. */
	location?: string;
	/** Delay for kind 'latency' (default 1000). */
	delayMs?: number;
	/** How many matching requests this fault hits (default 1). */
	times?: number;
}

export interface FaultCounters {
	serverError: number;
	rateLimit: number;
	reset: number;
	resetAfterProcessing: number;
}

export interface SimStats {
	tokensIssued: number;
	/** Invoices that came into existence (create job resolved Success). */
	invoicesCreated: number;
	/** Invoices that became `issued` (issue job Success, or non-draft create Success). */
	invoicesIssued: number;
	/** 409 EINVOICE_DOCUMENT_EXISTED answers. */
	duplicateRejections: number;
	/** Create requests accepted (HTTP 200 with a tracking code), whatever their outcome. */
	createJobsAccepted: number;
	/** Issue requests accepted. */
	issueJobsAccepted: number;
	/** Replace and adjust requests accepted. */
	replaceJobsAccepted: number;
	adjustJobsAccepted: number;
	faultsInjected: FaultCounters;
	/** 429 answers because the rateLimit budget was spent (not counted in faultsInjected). */
	rateLimited: number;
}

/** Connections and requests open at the same time, as the server saw them. */
export interface SimConcurrency {
	openConnections: number;
	peakConnections: number;
	/** Connections accepted since start (or resetConcurrency). */
	totalConnections: number;
	inFlightRequests: number;
	peakInFlightRequests: number;
}

export type DownloadAccepts = 'any' | 'trackingCode' | 'referenceCode';

export type BuyerType = 'personal' | 'company';

export interface SimBuyer {
	type?: BuyerType;
	name?: string;
	legal_name?: string;
	tax_code?: string;
	address?: string;
	email?: string;
	phone?: string;
	buyer_code?: string;
	national_id?: string;
}

export interface SimTemplate {
	template_code: string;
	invoice_series: string;
	invoice_label: string;
}

export interface SimProviderAccount {
	id: string;
	provider: string;
	active: boolean;
	tax_authority_approved_date: string | null;
	templates: SimTemplate[];
}

/** One invoice line as stored (request values, numbers). */
export interface SimItem {
	line_number: number;
	line_type: 1 | 2 | 3 | 4;
	item_code?: string;
	item_name?: string;
	unit?: string;
	quantity?: number;
	unit_price?: number;
	tax_rate?: number;
	discount_tax?: number;
	discount_amount?: number;
	before_discount_and_tax_amount?: number;
	/** Computed line amount after discount (positive; line_type 3 is subtracted from totals). */
	amount: number;
	/** Computed line tax. */
	tax: number;
}

export type InvoiceStatus = 'draft' | 'issued' | 'cancelled';

export interface SimInvoice {
	reference_code: string;
	provider_account_id: string;
	template_code: string;
	invoice_series: string;
	invoice_number: string;
	/** Request issued_date `YYYY-MM-DD HH:mm:ss` (Vietnam time). */
	issued_at: string;
	/** `YYYY-MM-DD`. */
	issued_date: string;
	status: InvoiceStatus;
	document_type: number;
	provider_status: string;
	tax_authority_code: string | null;
	payment_method: string | null;
	currency: string;
	buyer: SimBuyer;
	items: SimItem[];
	total_before_tax: number;
	tax_amount: number;
	total_amount: number;
	notes: string | null;
	source: 'api' | 'manual';
	/** Links to the simulated provider portal (GET without a token returns the file). */
	pdf_url: string;
	xml_url: string | null;
	/** Tracking codes of the create and issue jobs (when any). */
	create_tracking_code: string | null;
	issue_tracking_code: string | null;
	/** Monotonic creation order (list is newest first). */
	seq: number;
	/** For a replacement or adjustment: the reference_code of the invoice it corrects. */
	original_reference_code?: string;
	adjustment_type?: AdjustmentType;
	/** For an original: the replacement's reference_code / its adjustments' reference_codes. */
	replaced_by?: string;
	adjusted_by?: string[];
}

export type JobKind = 'create' | 'issue' | 'replace' | 'adjust';
export type JobStatus = 'Pending' | 'Success' | 'Failed';

export interface SimJob {
	tracking_code: string;
	kind: JobKind;
	reference_code: string;
	status: JobStatus;
	/** Outcome decided at acceptance. */
	outcome: 'Success' | 'Failed';
	failMessage: string;
	/** `error_code` of a forced failure, when given. */
	failCode?: string;
	acceptedAt: number;
	/** Status checks (and, optionally, lookups) answered while Pending. */
	checks: number;
	/** The invoice to create (create, replace and adjust jobs). */
	draft: SimInvoice | null;
	isDraft: boolean;
	/** Replace/adjust jobs: the original and the adjustment type. */
	correction?: { kind: 'replace' | 'adjust'; original: string; adjustmentType?: AdjustmentType };
}
