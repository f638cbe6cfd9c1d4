// A server-side requests-per-second budget: a sliding one-second window over admitted requests.

import { isTokenRequest } from './faults.ts';
import type { RateLimitOptions, SimRequestRecord } from './types.ts';

const WINDOW_MS = 1000;

export class RateLimiter {
	private options: Required<RateLimitOptions> | null = null;
	/** Arrival times (ms) of the requests admitted in the current window, oldest first. */
	private admitted: number[] = [];
	private readonly now: () => number;

	constructor(options: RateLimitOptions | undefined, now: () => number) {
		this.now = now;
		this.set(options ?? null);
	}

	set(options: RateLimitOptions | null): void {
		if (options !== null && !(options.requestsPerSecond > 0))
			throw new Error(`rateLimit.requestsPerSecond must be > 0, got ${options.requestsPerSecond}`);
		this.options = options && { countTokenRequests: false, ...options };
		this.admitted = [];
	}

	get current(): Required<RateLimitOptions> | null {
		return this.options && { ...this.options };
	}

	/**
	 * Admits the request (undefined) or answers the whole seconds until the window has room,
	 * rounded up as an HTTP Retry-After must be. Refused requests use no budget.
	 */
	refuse(req: SimRequestRecord): number | undefined {
		const options = this.options;
		if (!options) return undefined;
		if (!options.countTokenRequests && isTokenRequest(req)) return undefined;
		const now = this.now();
		let expired = 0;
		while (expired < this.admitted.length && this.admitted[expired]! <= now - WINDOW_MS) expired++;
		if (expired > 0) this.admitted.splice(0, expired);
		if (this.admitted.length < options.requestsPerSecond) {
			this.admitted.push(now);
			return undefined;
		}
		const roomAt = this.admitted[0]! + WINDOW_MS;
		return Math.max(1, Math.ceil((roomAt - now) / 1000));
	}
}
