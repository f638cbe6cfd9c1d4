// Random (seeded) and scripted one-shot fault injection.

import { Prng } from './prng.ts';
import type { RandomFaults, ScriptedFault, SimRequestRecord } from './types.ts';

export type FaultAction = 'none' | 'serverError' | 'rateLimit' | 'reset' | 'resetAfterProcessing' | 'redirect';

export interface FaultDecision {
	delayMs: number;
	action: FaultAction;
	status: number;
	retryAfterSeconds: number;
	/** Location of a redirect. */
	location?: string;
}

interface QueuedFault {
	fault: ScriptedFault;
	remaining: number;
}

export function isTokenRequest(req: SimRequestRecord): boolean {
	return req.method === 'POST' && stripTrailingSlash(req.path) === '/v1/token';
}

export function stripTrailingSlash(p: string): string {
	return p.length > 1 && p.endsWith('/') ? p.replace(/\/+$/, '') || '/' : p;
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Match a path against an exact string (with `*` = one segment, `**` = rest, `:name` = one segment) or a RegExp. */
export function pathMatches(pattern: string | RegExp, path: string): boolean {
	if (pattern instanceof RegExp) {
		pattern.lastIndex = 0;
		return pattern.test(path);
	}
	const p = stripTrailingSlash(path);
	const pat = stripTrailingSlash(pattern);
	if (!pat.includes('*') && !pat.includes('/:')) return p === pat;
	const re = pat
		.split('/')
		.map((seg) => (seg === '**' ? '.*' : seg === '*' || seg.startsWith(':') ? '[^/]+' : escapeRegExp(seg)))
		.join('/');
	return new RegExp(`^${re}$`).test(p);
}

export class FaultEngine {
	private readonly prng: Prng;
	private random: RandomFaults | null = null;
	private queue: QueuedFault[] = [];

	constructor(seed: number) {
		this.prng = new Prng(seed ^ 0x5bd1e995);
	}

	set(f: RandomFaults): void {
		this.random = { ...f };
	}

	clear(): void {
		this.random = null;
		this.queue = [];
	}

	clearRandom(): void {
		this.random = null;
	}

	enqueue(f: ScriptedFault): void {
		this.queue.push({ fault: { ...f }, remaining: Math.max(1, f.times ?? 1) });
	}

	pendingScripted(): number {
		return this.queue.reduce((n, q) => n + q.remaining, 0);
	}

	private takeScripted(req: SimRequestRecord): ScriptedFault | null {
		for (let i = 0; i < this.queue.length; i++) {
			const q = this.queue[i]!;
			const f = q.fault;
			if (f.method !== undefined && f.method.toUpperCase() !== req.method) continue;
			if (f.path === undefined) {
				if (isTokenRequest(req)) continue;
			} else if (!pathMatches(f.path, req.path)) continue;
			q.remaining -= 1;
			if (q.remaining <= 0) this.queue.splice(i, 1);
			return f;
		}
		return null;
	}

	decide(req: SimRequestRecord): FaultDecision {
		const d: FaultDecision = { delayMs: 0, action: 'none', status: 0, retryAfterSeconds: 1 };
		const scripted = this.takeScripted(req);
		if (scripted) {
			switch (scripted.kind) {
				case 'latency':
					d.delayMs += scripted.delayMs ?? 1000;
					break;
				case 'serverError':
					d.action = 'serverError';
					d.status = scripted.status ?? 500;
					break;
				case 'rateLimit':
					d.action = 'rateLimit';
					d.status = scripted.status ?? 429;
					d.retryAfterSeconds = scripted.retryAfterSeconds ?? 1;
					break;
				case 'reset':
					d.action = 'reset';
					break;
				case 'resetAfterProcessing':
					d.action = 'resetAfterProcessing';
					break;
				case 'redirect':
					d.action = 'redirect';
					d.status = scripted.status ?? 301;
					d.location = scripted.location ?? '/';
					break;
			}
		}
		const r = this.random;
		if (!r) return d;
		const applies = r.appliesTo ? r.appliesTo(req) : !isTokenRequest(req);
		if (!applies) return d;
		if (r.latencyMs !== undefined) {
			const l = r.latencyMs;
			d.delayMs += Array.isArray(l) ? this.prng.int(Math.min(l[0], l[1]), Math.max(l[0], l[1])) : l;
		}
		if (d.action !== 'none') return d;
		const reset = r.resetRate ?? 0;
		const server = r.serverErrorRate ?? 0;
		const rate = r.rateLimitRate ?? 0;
		if (reset + server + rate <= 0) return d;
		const x = this.prng.next();
		if (x < reset) d.action = 'reset';
		else if (x < reset + server) {
			d.action = 'serverError';
			d.status = 500;
		} else if (x < reset + server + rate) {
			d.action = 'rateLimit';
			d.status = 429;
			d.retryAfterSeconds = r.retryAfterSeconds ?? 1;
		}
		return d;
	}
}
