/* eslint-disable */
// SePay eInvoice API simulator: plain node:http server on 127.0.0.1 with seeded state and faults.
//
//   const sim = await SePaySimulator.start({ processing: { checks: 1 }, quota: 10 });
//   sim.url                        // http://127.0.0.1:PORT (also sim.baseUrl)
//   sim.activeProviderAccountId    // account #0: active, matbao, approved 2026-01-01
//   sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'resetAfterProcessing' });
//   sim.requestsTo('POST', '/v1/invoices/create'); sim.stats; sim.invoices; await sim.close();
//   SePaySimulator.start({ rateLimit: { requestsPerSecond: 20 } })  // real budget: 429 + Retry-After beyond it
//   sim.concurrency                // open / peak connections and requests in flight
//
// Placeholders (not documented by SePay): error codes NOT_FOUND, METHOD_NOT_ALLOWED, RATE_LIMITED,
// INTERNAL_SERVER_ERROR, INVOICE_ALREADY_ISSUED (400, issuing a non-draft) and
// INVOICE_ISSUE_IN_PROGRESS (409, issuing a draft whose issue job is still pending); for replace and
// adjust (400): ORIGINAL_INVOICE_NOT_ISSUED, ORIGINAL_INVOICE_OTHER_ACCOUNT, ORIGINAL_INVOICE_REPLACED,
// ORIGINAL_INVOICE_CANCELLED, ORIGINAL_INVOICE_NOT_CORRECTABLE. The adjustment path (default
// /v1/invoices/adjust), the check a correction's tracking_url points to, and the original's
// provider_account_id in the detail are switchable (see SePaySimulatorOptions).

import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultEngine, isTokenRequest, pathMatches } from './faults.ts';
import { RateLimiter } from './rateLimit.ts';
import { errorResponse, route } from './routes.ts';
import type { SimResponse } from './routes.ts';
import { DEMO_CLIENT_ID, SimState, emptyStats } from './state.ts';
import type { ForcedFailure } from './state.ts';
import type {
	CorrectionTrackingUrl,
	DownloadAccepts,
	ProcessingOptions,
	RandomFaults,
	RateLimitOptions,
	ScriptedFault,
	SePaySimulatorOptions,
	SimConcurrency,
	SimInvoice,
	SimJob,
	SimProviderAccount,
	SimRequestRecord,
	SimStats,
} from './types.ts';

export type * from './types.ts';
export type { ForcedFailure } from './state.ts';
export { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, INVALID_BUYER_TAX_CODE } from './state.ts';
export { parseVnDateTime, formatVnDateTime } from './validation.ts';

function parseBody(raw: string): unknown {
	if (raw === '') return undefined;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw;
	}
}

function flattenHeaders(h: IncomingMessage['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(h)) {
		if (v === undefined) continue;
		out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
	}
	return out;
}

export class SePaySimulator {
	/** `http://127.0.0.1:PORT` */
	readonly url: string;
	/** Same as `url`. */
	readonly baseUrl: string;
	readonly port: number;
	/** Every request received, recorded before faults apply. */
	readonly requests: SimRequestRecord[] = [];

	private readonly server: Server;
	private readonly state: SimState;
	private readonly faults: FaultEngine;
	private readonly rateLimiter: RateLimiter;
	private readonly load: SimConcurrency = {
		openConnections: 0,
		peakConnections: 0,
		totalConnections: 0,
		inFlightRequests: 0,
		peakInFlightRequests: 0,
	};
	private readonly sleepers = new Set<() => void>();
	private closed = false;

	private constructor(server: Server, state: SimState, faults: FaultEngine, rateLimiter: RateLimiter) {
		this.server = server;
		this.state = state;
		this.faults = faults;
		this.rateLimiter = rateLimiter;
		server.on('connection', (socket) => {
			const load = this.load;
			load.openConnections += 1;
			load.totalConnections += 1;
			load.peakConnections = Math.max(load.peakConnections, load.openConnections);
			socket.once('close', () => (load.openConnections -= 1));
		});
		const addr = server.address() as AddressInfo;
		this.port = addr.port;
		this.url = `http://127.0.0.1:${addr.port}`;
		this.baseUrl = this.url;
		state.setBaseUrl(this.url);
	}

	static async start(options: SePaySimulatorOptions = {}): Promise<SePaySimulator> {
		const state = new SimState(options);
		const faults = new FaultEngine(options.seed ?? 1);
		const rateLimiter = new RateLimiter(options.rateLimit, state.now);
		let sim: SePaySimulator | null = null;
		const server = createServer((req, res) => {
			if (!sim) {
				res.destroy();
				return;
			}
			sim.handle(req, res).catch(() => {
				if (!res.headersSent && !res.destroyed) sim?.send(res, errorResponse(500, 'INTERNAL_SERVER_ERROR', 'Lỗi hệ thống.'));
			});
		});
		server.keepAliveTimeout = 5000;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
		sim = new SePaySimulator(server, state, faults, rateLimiter);
		return sim;
	}

	// ------------------------------------------------------------ state access

	/** Generated provider accounts (index 0 is always active, approved 2026-01-01). */
	get providerAccounts(): SimProviderAccount[] {
		return this.state.providerAccounts;
	}

	/** First active provider account id (account #0). */
	get activeProviderAccountId(): string {
		const a = this.state.providerAccounts.find((x) => x.active);
		if (!a) throw new Error('no active provider account (providerAccountCount is 0)');
		return a.id;
	}

	/** Visible invoices by reference_code (jobs that became ready are settled first). */
	get invoices(): ReadonlyMap<string, SimInvoice> {
		this.state.settle();
		return this.state.invoices;
	}

	/** Async jobs by tracking_code. */
	get jobs(): ReadonlyMap<string, SimJob> {
		return this.state.jobs;
	}

	get stats(): SimStats {
		return this.state.stats;
	}

	resetStats(): void {
		this.state.stats = emptyStats();
	}

	get quotaRemaining(): number {
		this.state.settle();
		return this.state.quota;
	}

	/** Which codes download accepts from now on (see SePaySimulatorOptions.downloadAccepts). */
	setDownloadAccepts(accepts: DownloadAccepts): void {
		this.state.downloadAccepts = accepts;
	}

	setQuota(n: number): void {
		this.state.quota = n;
	}

	/** Change when jobs leave Pending (applies to pending jobs too). */
	setProcessing(p: ProcessingOptions): void {
		this.state.setProcessing(p);
	}

	/** Resolve every pending job now, ignoring `processing`. */
	settleJobs(): void {
		this.state.settleAll();
	}

	/** Make the next accepted create/issue job (of `kind`, or any; for `referenceCode`, or any) resolve Failed with `message`. */
	queueJobFailure(f: Partial<ForcedFailure> = {}): void {
		this.state.queueJobFailure({
			...(f.kind ? { kind: f.kind } : {}),
			...(f.errorCode ? { errorCode: f.errorCode } : {}),
			...(f.referenceCode ? { referenceCode: f.referenceCode } : {}),
			message: f.message ?? 'Lỗi từ nhà cung cấp hóa đơn (mô phỏng)',
		});
	}

	revokeAllTokens(): void {
		this.state.revokeAllTokens();
	}

	/** Move (or, with null, remove) the adjustment endpoint; POST /v1/invoices/adjust then answers `missingStatus`. */
	setAdjustPath(path: string | null, missingStatus: 404 | 405 = 404): void {
		this.state.adjustPath = path;
		this.state.missingAdjustStatus = missingStatus;
	}

	/** Which check the tracking_url of replace/adjust answers points to (see SePaySimulatorOptions). */
	setCorrectionTrackingUrl(mode: CorrectionTrackingUrl): void {
		this.state.correctionTrackingUrl = mode;
	}

	/** Make every token issued so far expired. */
	expireAllTokens(): void {
		this.state.expireAllTokens();
	}

	/** Issue a token without HTTP (not recorded, counts in stats.tokensIssued). */
	issueToken(clientId?: string): string {
		const id = clientId ?? this.state.clients[0]?.clientId ?? DEMO_CLIENT_ID;
		return this.state.issueToken(id).access_token;
	}

	// ------------------------------------------------------------ faults

	setFaults(f: RandomFaults): void {
		this.faults.set(f);
	}

	/** Clears random faults and any queued scripted faults. */
	clearFaults(): void {
		this.faults.clear();
	}

	queueFault(f: ScriptedFault): void {
		this.faults.enqueue(f);
	}

	/** Scripted faults not yet consumed (sum of remaining `times`). */
	pendingFaults(): number {
		return this.faults.pendingScripted();
	}

	// ------------------------------------------------------------ rate limit and load

	/** Replace (or, with null, remove) the requests-per-second budget; starts a fresh window. */
	setRateLimit(limit: RateLimitOptions | null): void {
		this.rateLimiter.set(limit);
	}

	get rateLimit(): RateLimitOptions | null {
		return this.rateLimiter.current;
	}

	get concurrency(): SimConcurrency {
		return { ...this.load };
	}

	/** Peaks and totals start again from what is open now. */
	resetConcurrency(): void {
		const load = this.load;
		load.peakConnections = load.openConnections;
		load.totalConnections = load.openConnections;
		load.peakInFlightRequests = load.inFlightRequests;
	}

	// ------------------------------------------------------------ recording

	/** Recorded requests by method (case-insensitive, '*' = any) and path (see ScriptedFault.path). */
	requestsTo(method: string, pathPattern: string | RegExp): SimRequestRecord[] {
		const m = method.toUpperCase();
		return this.requests.filter((r) => (m === '*' || r.method === m) && pathMatches(pathPattern, r.path));
	}

	tokenRequestCount(): number {
		return this.requests.filter(isTokenRequest).length;
	}

	clearRequests(): void {
		this.requests.length = 0;
	}

	// ------------------------------------------------------------ lifecycle

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		for (const wake of this.sleepers) wake();
		this.sleepers.clear();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	// ------------------------------------------------------------ HTTP

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const wake = () => {
				clearTimeout(timer);
				this.sleepers.delete(wake);
				resolve();
			};
			const timer = setTimeout(wake, ms);
			this.sleepers.add(wake);
		});
	}

	private send(res: ServerResponse, r: SimResponse): void {
		if (r.raw) {
			res.writeHead(r.status, { 'content-length': String(r.raw.length), ...(r.headers ?? {}) });
			res.end(r.raw);
			return;
		}
		const text = JSON.stringify(r.body);
		res.writeHead(r.status, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': String(Buffer.byteLength(text)),
			...(r.headers ?? {}),
		});
		res.end(text);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const load = this.load;
		load.inFlightRequests += 1;
		load.peakInFlightRequests = Math.max(load.peakInFlightRequests, load.inFlightRequests);
		try {
			await this.answer(req, res);
		} finally {
			load.inFlightRequests -= 1;
		}
	}

	private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const raw = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const query: Record<string, string> = {};
		for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
		const record: SimRequestRecord = {
			method: (req.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			query,
			headers: flattenHeaders(req.headers),
			body: parseBody(raw),
			at: Date.now(),
		};
		this.requests.push(record);

		const retryAfterSeconds = this.rateLimiter.refuse(record);
		if (retryAfterSeconds !== undefined) {
			this.state.stats.rateLimited += 1;
			this.send(
				res,
				errorResponse(429, 'RATE_LIMITED', 'Quá nhiều yêu cầu, vui lòng thử lại sau.', {
					'retry-after': String(retryAfterSeconds),
				}),
			);
			return;
		}
		const fault = this.faults.decide(record);
		if (fault.delayMs > 0) await this.sleep(fault.delayMs);
		if (this.closed) {
			res.destroy();
			return;
		}
		const counters = this.state.stats.faultsInjected;
		switch (fault.action) {
			case 'reset':
				counters.reset += 1;
				record.answer = 'reset';
				req.socket.destroy();
				return;
			case 'serverError':
				counters.serverError += 1;
				record.answer = fault.status;
				this.send(res, errorResponse(fault.status, 'INTERNAL_SERVER_ERROR', 'Lỗi hệ thống, vui lòng thử lại sau.'));
				return;
			case 'rateLimit':
				counters.rateLimit += 1;
				record.answer = fault.status;
				this.send(
					res,
					errorResponse(fault.status, 'RATE_LIMITED', 'Quá nhiều yêu cầu, vui lòng thử lại sau.', {
						'retry-after': String(fault.retryAfterSeconds),
					}),
				);
				return;
			case 'redirect':
				record.answer = fault.status;
				res.writeHead(fault.status, { location: fault.location ?? '/', 'content-length': '0' });
				res.end();
				return;
			default:
				break;
		}
		const response = route(this.state, {
			method: record.method,
			path: record.path,
			query,
			headers: record.headers,
			body: record.body,
		});
		if (fault.action === 'resetAfterProcessing') {
			counters.resetAfterProcessing += 1;
			record.answer = 'reset';
			req.socket.destroy();
			return;
		}
		record.answer = response.status;
		this.send(res, response);
	}
}

export default SePaySimulator;
