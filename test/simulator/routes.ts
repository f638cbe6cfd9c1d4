// HTTP-independent request routing: (method, path, query, headers, body) -> (status, JSON body).

import { fileName, renderPdf, renderXml } from './documents.ts';
import { MSG } from './state.ts';
import type { SimState } from './state.ts';
import type { JobKind, SimInvoice, SimJob } from './types.ts';
import { decimals2, formatVnDateTime, validateCorrection, validateCreate } from './validation.ts';

export interface SimResponse {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
	/** A file sent as is (portal links) instead of the JSON body. */
	raw?: Buffer;
}

export interface RouteRequest {
	method: string;
	/** Raw path without query. */
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: unknown;
}

type Handler = (state: SimState, req: RouteRequest, params: string[]) => SimResponse;

interface Route {
	pattern: string[];
	methods: Partial<Record<string, Handler>>;
	/** Skip the Bearer check (only POST /v1/token). */
	public?: boolean;
}

// ------------------------------------------------------------------ envelopes

export function errorResponse(status: number, code: string, message: string, headers?: Record<string, string>): SimResponse {
	return { status, body: { success: false, error: { code, message } }, ...(headers ? { headers } : {}) };
}

function ok(data: unknown): SimResponse {
	return { status: 200, body: { success: true, data } };
}

function listOk(state: SimState, data: unknown): SimResponse {
	return { status: 200, body: state.listEnvelopeWithSuccess ? { success: true, data } : { data } };
}

const badRequest = (message: string) => errorResponse(400, 'BAD_REQUEST', message);
const notFound = (message: string) => errorResponse(404, 'NOT_FOUND', message);

// ------------------------------------------------------------------ views

export function invoiceSummary(inv: SimInvoice): Record<string, unknown> {
	return {
		reference_code: inv.reference_code,
		invoice_number: inv.invoice_number,
		issued_date: inv.issued_date,
		pdf_url: inv.pdf_url,
		xml_url: inv.xml_url,
		status: inv.status,
		buyer: { ...inv.buyer },
		total_before_tax: inv.total_before_tax,
		tax_amount: inv.tax_amount,
		total_amount: inv.total_amount,
		notes: inv.notes,
		source: inv.source,
	};
}

export function invoiceDetail(inv: SimInvoice, showProviderAccount = false): Record<string, unknown> {
	return {
		...(showProviderAccount ? { provider_account_id: inv.provider_account_id } : {}),
		reference_code: inv.reference_code,
		invoice_number: inv.invoice_number,
		invoice_series: inv.invoice_series,
		template_code: inv.template_code,
		document_type: inv.document_type,
		issued_date: inv.issued_date,
		pdf_url: inv.pdf_url,
		xml_url: inv.xml_url,
		status: inv.status,
		tax_authority_code: inv.tax_authority_code,
		provider_status: inv.provider_status,
		payment_method: inv.payment_method,
		currency: inv.currency,
		buyer: { ...inv.buyer },
		total_before_tax: inv.total_before_tax,
		tax_amount: inv.tax_amount,
		total_amount: inv.total_amount,
		notes: inv.notes,
		source: inv.source,
		items: inv.items.map((it) => ({
			line_number: it.line_number,
			line_type: it.line_type,
			item_code: it.item_code ?? null,
			item_name: it.item_name ?? null,
			unit: it.unit ?? null,
			quantity: decimals2(it.quantity ?? 0),
			unit_price: decimals2(it.unit_price ?? 0),
			total_amount: decimals2(it.amount),
			tax_rate: it.tax_rate === undefined ? null : decimals2(it.tax_rate),
			tax_amount: decimals2(it.tax),
		})),
	};
}

// ------------------------------------------------------------------ helpers

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parsePaging(
	query: Record<string, string>,
	defaultPerPage: number,
): { page: number; perPage: number } | SimResponse {
	const read = (name: string, def: number, max: number | null): number | SimResponse => {
		const raw = query[name];
		if (raw === undefined || raw === '') return def;
		if (!/^\d+$/.test(raw)) return badRequest(`Tham số '${name}' phải là số nguyên dương.`);
		const n = Number(raw);
		if (n < 1) return badRequest(`Tham số '${name}' phải lớn hơn hoặc bằng 1.`);
		if (max !== null && n > max) return badRequest(`Tham số '${name}' tối đa là ${max}.`);
		return n;
	};
	const page = read('page', 1, null);
	if (typeof page !== 'number') return page;
	const perPage = read('per_page', defaultPerPage, 100);
	if (typeof perPage !== 'number') return perPage;
	return { page, perPage };
}

function paginate<T>(all: T[], page: number, perPage: number): { paging: Record<string, unknown>; items: T[] } {
	const total = all.length;
	const pageCount = Math.ceil(total / perPage);
	return {
		paging: { per_page: perPage, total, has_more: page < pageCount, current_page: page, page_count: pageCount },
		items: all.slice((page - 1) * perPage, page * perPage),
	};
}

function trackingResponse(state: SimState, job: SimJob): SimResponse {
	const code = encodeURIComponent(job.tracking_code);
	if (job.kind === 'create' || job.kind === 'issue') {
		return ok({ tracking_code: job.tracking_code, tracking_url: `${state.baseUrl}/v1/invoices/${job.kind}/check/${code}`, message: MSG.createAccepted });
	}
	// Which check a replace/adjust tracking code belongs to is undocumented: configurable.
	const own = `/v1/invoices/${job.kind}/check/${code}`;
	const url = {
		own: `${state.baseUrl}${own}`,
		create: `${state.baseUrl}/v1/invoices/create/check/${code}`,
		foreign: `https://einvoice-api.sepay.invalid${own}`,
		none: undefined,
	}[state.correctionTrackingUrl];
	return ok({ tracking_code: job.tracking_code, ...(url ? { tracking_url: url } : {}), message: MSG.createAccepted });
}

function taxApprovalError(approved: string | null, issuedDate: string): SimResponse | null {
	if (approved === null)
		return errorResponse(
			422,
			'REGISTRATION_NOT_TAX_APPROVED',
			'Đăng ký sử dụng hóa đơn điện tử chưa được cơ quan thuế chấp nhận.',
		);
	if (issuedDate < approved)
		return errorResponse(
			422,
			'INVOICE_DATE_BEFORE_TAX_APPROVAL',
			`Ngày hóa đơn (${issuedDate}) trước ngày cơ quan thuế chấp nhận đăng ký (${approved}).`,
		);
	return null;
}

const quotaExceeded = () => errorResponse(403, 'QUOTA_EXCEEDED', 'Đã hết hạn ngạch xuất hóa đơn.');

// ------------------------------------------------------------------ handlers

const token: Handler = (state, req) => {
	const auth = req.headers['authorization'] ?? '';
	const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(auth);
	if (!m) return badRequest('Thiếu hoặc sai định dạng trường bắt buộc.');
	const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon <= 0) return badRequest('Thiếu hoặc sai định dạng trường bắt buộc.');
	const id = decoded.slice(0, colon);
	const secret = decoded.slice(colon + 1);
	if (!state.checkClient(id, secret))
		return errorResponse(401, 'UNAUTHORIZED', 'Sai thông tin client_id hoặc client_secret.');
	return ok(state.issueToken(id));
};

const listAccounts: Handler = (state, req) => {
	const p = parsePaging(req.query, 20);
	if ('status' in p) return p;
	const all = state.providerAccounts.map((a) => ({
		id: a.id,
		provider: a.provider,
		active: a.active,
		tax_authority_approved_date: a.tax_authority_approved_date,
	}));
	return listOk(state, paginate(all, p.page, p.perPage));
};

const getAccount: Handler = (state, _req, [id]) => {
	const a = state.account(id!);
	if (!a) return notFound('Không tìm thấy tài khoản nhà cung cấp.');
	return ok({
		id: a.id,
		provider: a.provider,
		active: a.active,
		tax_authority_approved_date: a.tax_authority_approved_date,
		templates: a.templates.map((t) => ({ ...t })),
	});
};

const createInvoice: Handler = (state, req) => {
	if (req.body === undefined || typeof req.body === 'string') return badRequest('Body phải là JSON hợp lệ.');
	const v = validateCreate(req.body, state.now());
	if (!v.ok) return badRequest(v.message);
	const input = v.value;
	const account = state.account(input.provider_account_id);
	if (!account) return notFound(`Không tìm thấy tài khoản nhà cung cấp 'provider_account_id'.`);
	if (!account.active) return badRequest(`Tài khoản nhà cung cấp 'provider_account_id' không hoạt động.`);
	if (input.reference_code !== null && state.referenceTaken(input.reference_code)) {
		state.stats.duplicateRejections += 1;
		return errorResponse(409, 'EINVOICE_DOCUMENT_EXISTED', 'Hệ thống đã ghi nhận hoá đơn cho mã tham chiếu này.');
	}
	const isDraft = input.is_draft ?? state.isDraftDefault;
	if (!isDraft) {
		if (state.quota <= 0) return quotaExceeded();
		// Creating with is_draft=false signs and submits immediately: same CQT rules as issue.
		const err = taxApprovalError(account.tax_authority_approved_date, input.issued_at.slice(0, 10));
		if (err) return err;
	}
	return trackingResponse(state, state.acceptCreate({ ...input, is_draft: isDraft }, account));
};

const SUCCESS_MESSAGE: Record<JobKind, string> = {
	create: MSG.createSuccess,
	issue: MSG.issueSuccess,
	replace: MSG.replaceSuccess,
	adjust: MSG.adjustSuccess,
};

/**
 * Whether a job can be checked at `kind`'s check path. Corrections are checked at their own path;
 * unless their tracking_url is 'own', also at the create check (the guess a client falls back to).
 */
function checkableAt(state: SimState, kind: JobKind, job: SimJob): boolean {
	if (job.kind === kind) return true;
	return kind === 'create' && (job.kind === 'replace' || job.kind === 'adjust') && state.correctionTrackingUrl !== 'own';
}

function checkHandler(kind: JobKind): Handler {
	return (state, _req, [code]) => {
		const job = state.jobs.get(code!);
		if (!job || !checkableAt(state, kind, job)) return notFound('Không tìm thấy yêu cầu với tracking_code này.');
		state.check(job);
		const data: Record<string, unknown> = {
			reference_code: job.reference_code,
			status: job.status,
			message:
				job.status === 'Pending'
					? MSG.pending
					: job.status === 'Failed'
						? job.failMessage
						: SUCCESS_MESSAGE[job.kind],
		};
		if (job.status === 'Failed' && job.failCode) data.error_code = job.failCode;
		if (job.status === 'Pending' && state.checkRetryHints) {
			data.retry = {
				retries_count: String(job.checks),
				max_retries: String(state.processing.checks),
				next_retry_at: formatVnDateTime(state.now() + 2000),
			};
		}
		if (job.status === 'Success') {
			const inv = state.invoices.get(job.reference_code);
			if (inv) data.invoice = invoiceSummary(inv);
		}
		return ok(data);
	};
}

const issueInvoice: Handler = (state, req) => {
	const body = req.body;
	if (!isObject(body)) return badRequest(`Thiếu trường bắt buộc 'reference_code'.`);
	const ref = body.reference_code;
	if (ref === undefined || ref === null || ref === '') return badRequest(`Thiếu trường bắt buộc 'reference_code'.`);
	if (typeof ref !== 'string') return badRequest(`Trường 'reference_code' phải là chuỗi (string).`);
	const inv = state.invoices.get(ref);
	if (!inv) return notFound(MSG.draftGone);
	// INVOICE_ALREADY_ISSUED is our placeholder: SePay's code/status for issuing a non-draft is undocumented.
	if (inv.status !== 'draft') return errorResponse(400, 'INVOICE_ALREADY_ISSUED', 'Hóa đơn đã được phát hành.');
	// INVOICE_ISSUE_IN_PROGRESS is our placeholder too (second issue while one is pending).
	const pending = state.pendingByRef.get(ref);
	if (pending && pending.status === 'Pending')
		return errorResponse(409, 'INVOICE_ISSUE_IN_PROGRESS', 'Hóa đơn đang được xử lý phát hành.');
	const account = state.account(inv.provider_account_id);
	const err = taxApprovalError(account ? account.tax_authority_approved_date : null, inv.issued_date);
	if (err) return err;
	if (state.quota <= 0) return quotaExceeded();
	return trackingResponse(state, state.acceptIssue(inv));
};

const listInvoices: Handler = (state, req) => {
	const p = parsePaging(req.query, 10);
	if ('status' in p) return p;
	const source = req.query.source;
	if (source !== undefined && source !== '' && source !== 'manual' && source !== 'api')
		return badRequest(`Tham số 'source' không hợp lệ: chỉ chấp nhận manual, api.`);
	const all = [...state.invoices.values()]
		.filter((i) => !source || i.source === source)
		.sort((a, b) => b.seq - a.seq)
		.map(invoiceSummary);
	return listOk(state, paginate(all, p.page, p.perPage));
};

const getInvoice: Handler = (state, _req, [ref]) => {
	const inv = state.invoices.get(ref!);
	state.lookup(ref!);
	if (!inv) return notFound('Không tìm thấy hóa đơn.');
	return ok(invoiceDetail(inv, state.detailShowsProviderAccount));
};

/**
 * POST /v1/invoices/replace and the adjustment endpoint: a create body plus the original's
 * reference code. Order of checks: body, account, duplicate reference_code (409, so a resent
 * request after a lost answer reads as "already recorded"), the original, quota, CQT approval.
 */
function correctionHandler(kind: 'replace' | 'adjust'): Handler {
	return (state, req) => {
		if (req.body === undefined || typeof req.body === 'string') return badRequest('Body phải là JSON hợp lệ.');
		const v = validateCorrection(req.body, kind, state.now());
		if (!v.ok) return badRequest(v.message);
		const { input, original: originalRef, adjustmentType } = v.value;
		const account = state.account(input.provider_account_id);
		if (!account) return notFound(`Không tìm thấy tài khoản nhà cung cấp 'provider_account_id'.`);
		if (!account.active) return badRequest(`Tài khoản nhà cung cấp 'provider_account_id' không hoạt động.`);
		if (input.reference_code !== null && state.referenceTaken(input.reference_code)) {
			state.stats.duplicateRejections += 1;
			return errorResponse(409, 'EINVOICE_DOCUMENT_EXISTED', 'Hệ thống đã ghi nhận hoá đơn cho mã tham chiếu này.');
		}
		const original = state.invoices.get(originalRef);
		if (!original) return notFound('Không tìm thấy hóa đơn gốc.');
		const refusal = state.correctionRefusal(kind, original, account.id);
		if (refusal) return errorResponse(refusal.status, refusal.code, refusal.message);
		if (state.quota <= 0) return quotaExceeded();
		const err = taxApprovalError(account.tax_authority_approved_date, input.issued_at.slice(0, 10));
		if (err) return err;
		const job = state.acceptCorrection(input, account, { kind, original: originalRef, ...(adjustmentType ? { adjustmentType } : {}) });
		return trackingResponse(state, job);
	};
}

const replaceInvoice = correctionHandler('replace');
const adjustInvoice = correctionHandler('adjust');

const download: Handler = (state, req, [code]) => {
	const type = req.query.type;
	if (type !== 'pdf' && type !== 'xml') return badRequest(`Tham số 'type' không hợp lệ: chỉ chấp nhận pdf, xml.`);
	const inv = state.findByAnyCode(code!);
	if (!inv) {
		state.lookup(code!);
		return notFound('Không tìm thấy hóa đơn theo tracking_code.');
	}
	state.lookup(inv.reference_code);
	if (inv.status === 'draft') return badRequest('Hóa đơn chưa được phát hành');
	const content = type === 'pdf' ? renderPdf(inv) : renderXml(inv);
	return ok({ file_type: type, file_name: fileName(inv, type), content: content.toString('base64') });
};

/** The provider portal behind pdf_url / xml_url: the file itself, no token needed. */
function portalFile(type: 'pdf' | 'xml'): Handler {
	return (state, req): SimResponse => {
		const inv = state.invoiceByPortalKey(req.query.kk ?? '', req.query.keyinv ?? '');
		if (!inv || (type === 'xml' && inv.status === 'draft')) {
			return { status: 404, body: null, raw: Buffer.from('<html><body>Not found</body></html>'), headers: { 'content-type': 'text/html' } };
		}
		return {
			status: 200,
			body: null,
			raw: type === 'pdf' ? renderPdf(inv) : renderXml(inv),
			headers: {
				'content-type': type === 'pdf' ? 'application/pdf' : 'application/xml',
				'content-disposition': `attachment; filename="${fileName(inv, type)}"`,
			},
		};
	};
}

const usage: Handler = (state) => listOk(state, { quota_remaining: String(state.quota) });

const deleteInvoice: Handler = (state, _req, [ref]) => {
	const inv = state.invoices.get(ref!);
	if (!inv) return notFound('Không tìm thấy hóa đơn.');
	if (inv.status !== 'draft') return badRequest('Chỉ xóa được hóa đơn nháp');
	const pending = state.pendingByRef.get(ref!);
	if (pending && pending.status === 'Pending') return badRequest('Hóa đơn đang được xử lý phát hành, không thể xóa.');
	state.deleteDraft(ref!);
	return ok({ reference_code: ref, message: 'Hóa đơn nháp đã được xóa thành công' });
};

// ------------------------------------------------------------------ table (literal routes first)

const ROUTES: Route[] = [
	{ pattern: ['v1', 'token'], methods: { POST: token }, public: true },
	{ pattern: ['portal', 'DownloadPDFCA.aspx'], methods: { GET: portalFile('pdf') }, public: true },
	{ pattern: ['portal', 'DownloadXML.aspx'], methods: { GET: portalFile('xml') }, public: true },
	{ pattern: ['v1', 'usage'], methods: { GET: usage } },
	{ pattern: ['v1', 'provider-accounts'], methods: { GET: listAccounts } },
	{ pattern: ['v1', 'provider-accounts', ':id'], methods: { GET: getAccount } },
	{ pattern: ['v1', 'invoices'], methods: { GET: listInvoices } },
	{ pattern: ['v1', 'invoices', 'create'], methods: { POST: createInvoice } },
	{ pattern: ['v1', 'invoices', 'issue'], methods: { POST: issueInvoice } },
	{ pattern: ['v1', 'invoices', 'replace'], methods: { POST: replaceInvoice } },
	{ pattern: ['v1', 'invoices', 'create', 'check', ':tc'], methods: { GET: checkHandler('create') } },
	{ pattern: ['v1', 'invoices', 'issue', 'check', ':tc'], methods: { GET: checkHandler('issue') } },
	{ pattern: ['v1', 'invoices', 'replace', 'check', ':tc'], methods: { GET: checkHandler('replace') } },
	{ pattern: ['v1', 'invoices', 'adjust', 'check', ':tc'], methods: { GET: checkHandler('adjust') } },
	{ pattern: ['v1', 'invoices', 'delete', ':ref'], methods: { POST: deleteInvoice } },
	{ pattern: ['v1', 'invoices', ':code', 'download'], methods: { GET: download } },
	{ pattern: ['v1', 'invoices', ':ref'], methods: { GET: getInvoice } },
];

const DOCUMENTED_GUESS_ADJUST_PATH = ['v1', 'invoices', 'adjust'];

/**
 * The adjustment endpoint lives at `state.adjustPath` (its real path is undocumented). When it is
 * elsewhere or absent, POST /v1/invoices/adjust answers `missingAdjustStatus`, as a moved endpoint would.
 */
function adjustRoute(state: SimState, segments: string[]): { route: Route; params: string[] } | null {
	const configured = state.adjustPath === null ? null : state.adjustPath.replace(/^\/+|\/+$/g, '').split('/');
	const same = (a: string[], b: string[]) => a.length === b.length && a.every((s, i) => s === b[i]);
	if (configured && same(segments, configured)) return { route: { pattern: configured, methods: { POST: adjustInvoice } }, params: [] };
	if (!same(segments, DOCUMENTED_GUESS_ADJUST_PATH)) return null;
	const missing: Handler = () =>
		state.missingAdjustStatus === 405
			? errorResponse(405, 'METHOD_NOT_ALLOWED', 'Phương thức HTTP không được hỗ trợ cho đường dẫn này.')
			: notFound('Không tìm thấy đường dẫn yêu cầu.');
	return { route: { pattern: DOCUMENTED_GUESS_ADJUST_PATH, methods: { POST: missing, GET: missing } }, params: [] };
}

function matchRoute(segments: string[]): { route: Route; params: string[] } | null {
	for (const route of ROUTES) {
		if (route.pattern.length !== segments.length) continue;
		const params: string[] = [];
		let okMatch = true;
		for (let i = 0; i < segments.length; i++) {
			const p = route.pattern[i]!;
			const s = segments[i]!;
			if (p.startsWith(':')) {
				if (s === '') {
					okMatch = false;
					break;
				}
				params.push(s);
			} else if (p !== s) {
				okMatch = false;
				break;
			}
		}
		if (okMatch) return { route, params };
	}
	return null;
}

/** Route one request. Jobs that became ready are settled first. */
export function route(state: SimState, req: RouteRequest): SimResponse {
	let segments: string[];
	try {
		const trimmed = req.path.replace(/^\/+/, '').replace(/\/+$/, '');
		segments = trimmed === '' ? [] : trimmed.split('/').map((s) => decodeURIComponent(s));
	} catch {
		return badRequest('Đường dẫn không hợp lệ (URL encoding).');
	}
	const m = adjustRoute(state, segments) ?? matchRoute(segments);
	if (!m) return notFound('Không tìm thấy đường dẫn yêu cầu.');
	const handler = m.route.methods[req.method];
	if (!handler)
		return errorResponse(405, 'METHOD_NOT_ALLOWED', 'Phương thức HTTP không được hỗ trợ cho đường dẫn này.', {
			allow: Object.keys(m.route.methods).join(', '),
		});
	if (!m.route.public) {
		const auth = req.headers['authorization'];
		if (!auth) return errorResponse(401, 'UNAUTHORIZED', 'Thiếu access token (Authorization: Bearer).');
		const bm = /^Bearer\s+(\S+)\s*$/i.exec(auth);
		if (!bm || !state.tokenValid(bm[1]!))
			return errorResponse(401, 'UNAUTHORIZED', 'Access token không hợp lệ hoặc đã hết hạn.');
	}
	state.settle();
	return handler(state, req, m.params);
}
