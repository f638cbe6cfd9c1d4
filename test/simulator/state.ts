// Domain state of the simulator: clients/tokens, provider accounts, invoices, async jobs, quota.

import { Prng } from './prng.ts';
import type {
	AdjustmentType,
	CorrectionTrackingUrl,
	DownloadAccepts,
	JobKind,
	ProcessingOptions,
	SePaySimulatorOptions,
	SimClient,
	SimInvoice,
	SimJob,
	SimProviderAccount,
	SimStats,
} from './types.ts';
import { computeLine, computeTotals, formatVnDateTime } from './validation.ts';
import type { CreateInput } from './validation.ts';

/** The API client every simulator accepts unless told otherwise; the tests' credentials use it. */
export const DEMO_CLIENT_ID = 'demo-client-id';
export const DEMO_CLIENT_SECRET = 'demo-client-secret';
export const DEFAULT_CLIENTS: SimClient[] = [{ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET }];
export const TEMPLATES = [
	{ template_code: '1', invoice_series: 'C26TAA', invoice_label: '1 - C26TAA - Hóa đơn giá trị gia tăng' },
	{ template_code: '2', invoice_series: 'C26TBB', invoice_label: '2 - C26TBB - Hóa đơn bán hàng' },
] as const;
const PROVIDERS = ['matbao', 'bkav', 'viettel', 'misa', 'vnpt'];
/** The provider portal's file links (pdf_url / xml_url) are served by the simulator itself, without a token. */
export const PORTAL_PATH = '/portal';

export const MSG = {
	createAccepted: 'Đã tạo yêu cầu xuất bán hóa đơn điện tử',
	pending: 'Đang xử lý',
	createSuccess: 'Xuất hóa đơn điện tử thành công',
	issueSuccess: 'Xuất bán hóa đơn điện tử thành công',
	badSeries: 'Ký hiệu hóa đơn không hợp lệ',
	badBuyerTaxCode: 'Mã số thuế người mua không hợp lệ',
	quotaAsync: 'Đã hết hạn ngạch xuất hóa đơn',
	draftGone: 'Không tìm thấy hóa đơn nháp',
	replaceSuccess: 'Xuất hóa đơn thay thế thành công',
	adjustSuccess: 'Xuất hóa đơn điều chỉnh thành công',
	originalChanged: 'Hóa đơn gốc đã thay đổi trạng thái, không thể xử lý yêu cầu',
} as const;

/** document_type of a new adjustment invoice per adjustment_type (detail schema: 6–9). */
export const ADJUSTMENT_DOCUMENT_TYPES: Record<AdjustmentType, number> = { increase: 6, decrease: 7, info: 8, combined: 9 };
export const DOCUMENT_TYPE = { replacement: 4, replaced: 5, adjusted: 10, cancelled: 3, draft: 1 } as const;

export interface CorrectionRequest {
	kind: 'replace' | 'adjust';
	original: string;
	adjustmentType?: AdjustmentType;
}

/** The buyer tax code that makes a create job fail (reference example of an async Failed). */
export const INVALID_BUYER_TAX_CODE = '0000000000';

interface TokenRecord {
	clientId: string;
	issuedAt: number;
	expiresAt: number;
	revoked: boolean;
}

export interface ForcedFailure {
	kind?: JobKind;
	message: string;
	/** Sent as `error_code` on the Failed check (seen in public integrations, not in SePay's docs). */
	errorCode?: string;
	/** Only the job for this reference code takes the failure (jobs sent together arrive in any order). */
	referenceCode?: string;
}

export function emptyStats(): SimStats {
	return {
		tokensIssued: 0,
		invoicesCreated: 0,
		invoicesIssued: 0,
		duplicateRejections: 0,
		createJobsAccepted: 0,
		issueJobsAccepted: 0,
		replaceJobsAccepted: 0,
		adjustJobsAccepted: 0,
		faultsInjected: { serverError: 0, rateLimit: 0, reset: 0, resetAfterProcessing: 0 },
		rateLimited: 0,
	};
}

function vnDate(ms: number): string {
	return formatVnDateTime(ms).slice(0, 10);
}

export class SimState {
	readonly prng: Prng;
	readonly now: () => number;
	readonly clients: SimClient[];
	readonly tokenTtlSeconds: number;
	readonly revokePreviousTokensOnIssue: boolean;
	readonly isDraftDefault: boolean;
	readonly listEnvelopeWithSuccess: boolean;
	readonly detailShowsProviderAccount: boolean;
	correctionTrackingUrl: CorrectionTrackingUrl;
	adjustPath: string | null;
	missingAdjustStatus: 404 | 405;
	downloadAccepts: DownloadAccepts;
	checkRetryHints: boolean;
	readonly providerAccounts: SimProviderAccount[];
	readonly invoices = new Map<string, SimInvoice>();
	readonly jobs = new Map<string, SimJob>();
	/** Pending job per reference_code (a pending create reserves its code). */
	readonly pendingByRef = new Map<string, SimJob>();
	stats: SimStats = emptyStats();
	quota: number;
	processing: Required<ProcessingOptions>;
	baseUrl = '';
	private readonly tokens = new Map<string, TokenRecord>();
	private readonly seriesCounters = new Map<string, number>();
	private readonly forcedFailures: ForcedFailure[] = [];
	private seq = 0;

	constructor(opts: SePaySimulatorOptions) {
		this.prng = new Prng(opts.seed ?? 1);
		this.now = opts.now ?? Date.now;
		this.clients = (opts.clients ?? DEFAULT_CLIENTS).map((c) => ({ ...c }));
		this.tokenTtlSeconds = opts.tokenTtlSeconds ?? 86400;
		this.revokePreviousTokensOnIssue = opts.revokePreviousTokensOnIssue ?? false;
		this.isDraftDefault = opts.isDraftDefault ?? true;
		this.listEnvelopeWithSuccess = opts.listEnvelopeWithSuccess ?? false;
		this.detailShowsProviderAccount = opts.detailShowsProviderAccount ?? false;
		this.correctionTrackingUrl = opts.correctionTrackingUrl ?? 'own';
		this.adjustPath = opts.adjustPath === undefined ? '/v1/invoices/adjust' : opts.adjustPath;
		this.missingAdjustStatus = opts.missingAdjustStatus ?? 404;
		this.downloadAccepts = opts.downloadAccepts ?? 'any';
		this.checkRetryHints = opts.checkRetryHints ?? false;
		this.quota = opts.quota ?? 1000;
		this.processing = { checks: 1, ms: 0, lookupsCountAsChecks: true };
		this.setProcessing(opts.processing ?? {});
		this.providerAccounts = this.generateAccounts(opts.providerAccountCount ?? 3);
		this.seedManualInvoices(opts.seedInvoices ?? 0);
	}

	setProcessing(p: ProcessingOptions): void {
		this.processing = {
			checks: Math.max(0, Math.floor(p.checks ?? this.processing.checks)),
			ms: Math.max(0, p.ms ?? this.processing.ms),
			lookupsCountAsChecks: p.lookupsCountAsChecks ?? this.processing.lookupsCountAsChecks,
		};
	}

	// ---------------------------------------------------------------- accounts

	private generateAccounts(n: number): SimProviderAccount[] {
		const out: SimProviderAccount[] = [];
		for (let i = 0; i < n; i++) {
			let approved: string | null;
			if (i === 0) approved = '2026-01-01';
			else if (i % 3 === 2) approved = null;
			else approved = `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
			out.push({
				id: this.prng.uuid(),
				provider: PROVIDERS[i % PROVIDERS.length]!,
				active: i === 0 || i % 5 !== 4,
				tax_authority_approved_date: approved,
				templates: TEMPLATES.map((t) => ({ ...t })),
			});
		}
		return out;
	}

	account(id: string): SimProviderAccount | undefined {
		return this.providerAccounts.find((a) => a.id === id);
	}

	// ---------------------------------------------------------------- tokens

	checkClient(clientId: string, secret: string): boolean {
		return this.clients.some((c) => c.clientId === clientId && c.clientSecret === secret);
	}

	issueToken(clientId: string): { access_token: string; token_type: 'Bearer'; expires_in: number } {
		const now = this.now();
		if (this.revokePreviousTokensOnIssue) {
			for (const t of this.tokens.values()) if (t.clientId === clientId) t.revoked = true;
		}
		const token = this.prng.token(32);
		this.tokens.set(token, {
			clientId,
			issuedAt: now,
			expiresAt: now + this.tokenTtlSeconds * 1000,
			revoked: false,
		});
		this.stats.tokensIssued += 1;
		return { access_token: token, token_type: 'Bearer', expires_in: this.tokenTtlSeconds };
	}

	tokenValid(token: string): boolean {
		const t = this.tokens.get(token);
		return t !== undefined && !t.revoked && this.now() < t.expiresAt;
	}

	revokeAllTokens(): void {
		for (const t of this.tokens.values()) t.revoked = true;
	}

	/** Make every issued token expire now (tokens stay known, so the 401 is an "expired" one). */
	expireAllTokens(): void {
		const now = this.now();
		for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
	}

	// ---------------------------------------------------------------- invoices

	private nextNumber(inv: SimInvoice): string {
		const key = `${inv.provider_account_id}|${inv.template_code}|${inv.invoice_series}`;
		const n = (this.seriesCounters.get(key) ?? 0) + 1;
		this.seriesCounters.set(key, n);
		return String(n);
	}

	/** Turn a draft into an issued invoice (number, document_type 2, provider_status '4', CQT code). */
	private markIssued(inv: SimInvoice, consumeQuota: boolean): void {
		inv.invoice_number = this.nextNumber(inv);
		inv.status = 'issued';
		inv.document_type = 2;
		inv.provider_status = '4';
		inv.tax_authority_code = '00' + this.prng.hex(16).toUpperCase();
		inv.xml_url = `${this.baseUrl}${PORTAL_PATH}/DownloadXML.aspx?kk=${inv.seq}&keyinv=${encodeURIComponent(inv.reference_code)}`;
		if (consumeQuota) {
			this.quota = Math.max(0, this.quota - 1);
			this.stats.invoicesIssued += 1;
		}
	}

	private newInvoice(input: CreateInput, reference: string, source: 'api' | 'manual'): SimInvoice {
		const seq = ++this.seq;
		const totals = computeTotals(input.items, input.total_amount);
		return {
			reference_code: reference,
			provider_account_id: input.provider_account_id,
			template_code: input.template_code,
			invoice_series: input.invoice_series,
			invoice_number: '0',
			issued_at: input.issued_at,
			issued_date: input.issued_at.slice(0, 10),
			status: 'draft',
			document_type: 1,
			provider_status: '1',
			tax_authority_code: null,
			payment_method: input.payment_method,
			currency: input.currency,
			buyer: { ...input.buyer },
			items: input.items.map((i) => ({ ...i })),
			...totals,
			notes: input.notes,
			source,
			pdf_url: `${this.baseUrl}${PORTAL_PATH}/DownloadPDFCA.aspx?kk=${seq}&keyinv=${encodeURIComponent(reference)}`,
			xml_url: null,
			create_tracking_code: null,
			issue_tracking_code: null,
			seq,
		};
	}

	private seedManualInvoices(n: number): void {
		const acc = this.providerAccounts[0];
		if (!acc || n <= 0) return;
		const now = this.now();
		for (let i = 0; i < n; i++) {
			let date = vnDate(now - (n - i) * 86400_000);
			if (acc.tax_authority_approved_date && date < acc.tax_authority_approved_date)
				date = acc.tax_authority_approved_date;
			const base = {
				line_number: 1,
				line_type: 1 as const,
				item_code: `SP${String(i + 1).padStart(3, '0')}`,
				item_name: `Dịch vụ mẫu ${i + 1}`,
				unit: 'gói',
				quantity: 1,
				unit_price: 100000 * ((i % 9) + 1),
				tax_rate: 10,
			};
			const input: CreateInput = {
				template_code: '1',
				invoice_series: 'C26TAA',
				issued_at: `${date} 09:00:00`,
				currency: 'VND',
				provider_account_id: acc.id,
				reference_code: null,
				payment_method: 'CK',
				is_draft: false,
				buyer: {
					type: 'company',
					name: `Khách hàng mẫu ${i + 1}`,
					tax_code: `0100${String(100000 + i).padStart(6, '0')}`,
					address: 'Hà Nội',
				},
				items: [{ ...base, ...computeLine(base) }],
				total_amount: null,
				notes: null,
			};
			const inv = this.newInvoice(input, this.prng.uuid(), 'manual');
			this.markIssued(inv, false);
			this.invoices.set(inv.reference_code, inv);
		}
	}

	// ---------------------------------------------------------------- jobs

	queueJobFailure(f: ForcedFailure): void {
		this.forcedFailures.push({ ...f });
	}

	private takeForcedFailure(kind: JobKind, referenceCode: string): string | null {
		const i = this.forcedFailures.findIndex(
			(f) => (f.kind === undefined || f.kind === kind) && (f.referenceCode === undefined || f.referenceCode === referenceCode),
		);
		if (i < 0) return null;
		const forced = this.forcedFailures.splice(i, 1)[0]!;
		this.lastForcedErrorCode = forced.errorCode;
		return forced.message;
	}

	/** error_code of the failure taken last (copied onto its job). */
	private lastForcedErrorCode: string | undefined;

	/** Whether a reference_code is taken (existing invoice or pending create). */
	referenceTaken(ref: string): boolean {
		const pending = this.pendingByRef.get(ref);
		return this.invoices.has(ref) || (pending !== undefined && pending.kind !== 'issue');
	}

	acceptCreate(input: CreateInput, account: SimProviderAccount, kind: 'create' | 'replace' | 'adjust' = 'create'): SimJob {
		const reference = input.reference_code ?? this.prng.uuid();
		const isDraft = input.is_draft ?? this.isDraftDefault;
		const tracking = this.prng.uuid();
		const draft = this.newInvoice(input, reference, 'api');
		draft.create_tracking_code = tracking;
		let failMessage = '';
		const forced = this.takeForcedFailure(kind, reference);
		const failCode = forced !== null ? this.lastForcedErrorCode : undefined;
		if (forced !== null) failMessage = forced;
		else if (
			!account.templates.some(
				(t) => t.template_code === input.template_code && t.invoice_series === input.invoice_series,
			)
		)
			failMessage = MSG.badSeries;
		else if (input.buyer.tax_code === INVALID_BUYER_TAX_CODE) failMessage = MSG.badBuyerTaxCode;
		const job: SimJob = {
			tracking_code: tracking,
			kind,
			reference_code: reference,
			status: 'Pending',
			outcome: failMessage ? 'Failed' : 'Success',
			failMessage,
			...(failCode ? { failCode } : {}),
			acceptedAt: this.now(),
			checks: 0,
			draft,
			isDraft,
		};
		this.jobs.set(tracking, job);
		this.pendingByRef.set(reference, job);
		if (kind === 'create') this.stats.createJobsAccepted += 1;
		else if (kind === 'replace') this.stats.replaceJobsAccepted += 1;
		else this.stats.adjustJobsAccepted += 1;
		return job;
	}

	acceptIssue(inv: SimInvoice): SimJob {
		const tracking = this.prng.uuid();
		const forced = this.takeForcedFailure('issue', inv.reference_code);
		const job: SimJob = {
			tracking_code: tracking,
			kind: 'issue',
			reference_code: inv.reference_code,
			status: 'Pending',
			outcome: forced !== null ? 'Failed' : 'Success',
			failMessage: forced ?? '',
			...(forced !== null && this.lastForcedErrorCode ? { failCode: this.lastForcedErrorCode } : {}),
			acceptedAt: this.now(),
			checks: 0,
			draft: null,
			isDraft: false,
		};
		this.jobs.set(tracking, job);
		this.pendingByRef.set(inv.reference_code, job);
		this.stats.issueJobsAccepted += 1;
		return job;
	}

	/** A replace/adjust request: like a non-draft create, plus the original it corrects. */
	acceptCorrection(input: CreateInput, account: SimProviderAccount, correction: CorrectionRequest): SimJob {
		const job = this.acceptCreate({ ...input, is_draft: false }, account, correction.kind);
		job.correction = { ...correction };
		job.draft!.original_reference_code = correction.original;
		if (correction.adjustmentType) job.draft!.adjustment_type = correction.adjustmentType;
		return job;
	}

	private ready(job: SimJob): boolean {
		return job.checks >= this.processing.checks && this.now() - job.acceptedAt >= this.processing.ms;
	}

	private finish(job: SimJob, status: 'Success' | 'Failed', message?: string): void {
		job.status = status;
		if (message !== undefined) job.failMessage = message;
		if (this.pendingByRef.get(job.reference_code) === job) this.pendingByRef.delete(job.reference_code);
	}

	/** Why `original` cannot be corrected now (null = it can); SePay's codes here are our placeholders. */
	correctionRefusal(
		kind: 'replace' | 'adjust',
		original: SimInvoice,
		accountId: string,
		self?: SimJob,
	): { status: number; code: string; message: string } | null {
		const refuse = (code: string, message: string) => ({ status: 400, code, message });
		if (original.provider_account_id !== accountId)
			return refuse('ORIGINAL_INVOICE_OTHER_ACCOUNT', 'Hóa đơn gốc thuộc tài khoản nhà cung cấp khác.');
		if (original.status === 'cancelled' || original.document_type === DOCUMENT_TYPE.cancelled)
			return refuse('ORIGINAL_INVOICE_CANCELLED', 'Hóa đơn gốc đã bị hủy.');
		if (original.status !== 'issued' || original.provider_status !== '4')
			return refuse('ORIGINAL_INVOICE_NOT_ISSUED', 'Hóa đơn gốc chưa được phát hành và cấp mã bởi cơ quan thuế.');
		if (original.document_type === DOCUMENT_TYPE.replaced || original.replaced_by !== undefined)
			return refuse('ORIGINAL_INVOICE_REPLACED', 'Hóa đơn gốc đã bị thay thế.');
		const pending = [...this.pendingByRef.values()].filter(
			(job) => job !== self && job.status === 'Pending' && job.correction?.original === original.reference_code,
		);
		if (pending.some((job) => kind === 'replace' || job.kind === 'replace'))
			return refuse('ORIGINAL_INVOICE_REPLACED', 'Hóa đơn gốc đang được thay thế hoặc điều chỉnh.');
		if (![2, DOCUMENT_TYPE.replacement, DOCUMENT_TYPE.adjusted].includes(original.document_type))
			return refuse('ORIGINAL_INVOICE_NOT_CORRECTABLE', 'Chỉ thay thế hoặc điều chỉnh được hóa đơn mới, hóa đơn thay thế hoặc hóa đơn đã bị điều chỉnh.');
		return null;
	}

	private resolveCorrection(job: SimJob): void {
		const inv = job.draft!;
		const correction = job.correction!;
		const original = this.invoices.get(correction.original);
		if (!original || this.correctionRefusal(correction.kind, original, inv.provider_account_id, job))
			return this.finish(job, 'Failed', MSG.originalChanged);
		if (this.quota <= 0) return this.finish(job, 'Failed', MSG.quotaAsync);
		this.markIssued(inv, true);
		if (correction.kind === 'replace') {
			inv.document_type = DOCUMENT_TYPE.replacement;
			original.document_type = DOCUMENT_TYPE.replaced;
			original.replaced_by = inv.reference_code;
		} else {
			inv.document_type = ADJUSTMENT_DOCUMENT_TYPES[correction.adjustmentType ?? 'increase'];
			original.document_type = DOCUMENT_TYPE.adjusted;
			original.adjusted_by = [...(original.adjusted_by ?? []), inv.reference_code];
		}
		this.invoices.set(inv.reference_code, inv);
		this.stats.invoicesCreated += 1;
		return this.finish(job, 'Success');
	}

	private resolve(job: SimJob): void {
		if (job.outcome === 'Failed') return this.finish(job, 'Failed');
		if (job.kind === 'replace' || job.kind === 'adjust') return this.resolveCorrection(job);
		if (job.kind === 'create') {
			const inv = job.draft;
			if (!inv) return this.finish(job, 'Failed', MSG.draftGone);
			if (!job.isDraft && this.quota <= 0) return this.finish(job, 'Failed', MSG.quotaAsync);
			if (!job.isDraft) {
				this.markIssued(inv, true);
				inv.issue_tracking_code = null;
			}
			this.invoices.set(inv.reference_code, inv);
			this.stats.invoicesCreated += 1;
			return this.finish(job, 'Success');
		}
		const inv = this.invoices.get(job.reference_code);
		if (!inv || inv.status !== 'draft') return this.finish(job, 'Failed', MSG.draftGone);
		if (this.quota <= 0) return this.finish(job, 'Failed', MSG.quotaAsync);
		this.markIssued(inv, true);
		inv.issue_tracking_code = job.tracking_code;
		return this.finish(job, 'Success');
	}

	/** Resolve every pending job whose conditions hold. */
	settle(): void {
		for (const job of [...this.pendingByRef.values()]) if (job.status === 'Pending' && this.ready(job)) this.resolve(job);
	}

	/** Force-resolve all pending jobs now, ignoring `processing`. */
	settleAll(): void {
		for (const job of [...this.pendingByRef.values()]) if (job.status === 'Pending') this.resolve(job);
	}

	/** A status check of `job`: resolves it when ready, else counts one Pending answer. */
	check(job: SimJob): void {
		if (job.status !== 'Pending') return;
		if (this.ready(job)) this.resolve(job);
		else job.checks += 1;
	}

	/** A lookup by reference_code (detail/download) of something with a pending job. */
	lookup(ref: string): void {
		if (!this.processing.lookupsCountAsChecks) return;
		const job = this.pendingByRef.get(ref);
		if (job && job.status === 'Pending') job.checks += 1;
	}

	/** Once the server listens: links made before (seeded invoices) get its address too. */
	setBaseUrl(url: string): void {
		this.baseUrl = url;
		for (const inv of this.invoices.values()) {
			if (inv.pdf_url.startsWith(PORTAL_PATH)) inv.pdf_url = url + inv.pdf_url;
			if (inv.xml_url?.startsWith(PORTAL_PATH)) inv.xml_url = url + inv.xml_url;
		}
	}

	/** The invoice behind a portal link (kk = its sequence number, keyinv = its reference code). */
	invoiceByPortalKey(kk: string, keyinv: string): SimInvoice | undefined {
		const inv = this.invoices.get(keyinv);
		return inv && String(inv.seq) === kk ? inv : undefined;
	}

	/** Find an invoice for download by reference_code or by one of its tracking codes (see downloadAccepts). */
	findByAnyCode(code: string): SimInvoice | undefined {
		const direct = this.downloadAccepts === 'trackingCode' ? undefined : this.invoices.get(code);
		if (direct) return direct;
		if (this.downloadAccepts === 'referenceCode') return undefined;
		const job = this.jobs.get(code);
		if (job && job.status === 'Success') return this.invoices.get(job.reference_code);
		return undefined;
	}

	deleteDraft(ref: string): void {
		this.invoices.delete(ref);
	}
}
