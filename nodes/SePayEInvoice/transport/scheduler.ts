import { ExecutionCancelledError, isCancelled, onCancel, waitUnlessCancelled } from './cancellation';

/*
 * How fast requests leave for SePay, at two levels:
 *
 * - Per node run (a `RequestQueue`, one per connection): at most `maxInFlight` requests are
 *   open at a time (the node's "Max Requests in Flight"). n8n starts every item of a run at
 *   once; without this, 5,000 items open 5,000 connections.
 * - Per SePay credential (environment + client id) in this n8n process (a `Pace`, shared by
 *   every run and dropdown): a 429, or a 503 with Retry-After, means SePay did not process the
 *   request; the request waits its Retry-After and queues again (transport.ts). When more than
 *   a tenth of the last second's requests were throttled, that is a limit rather than a
 *   hiccup, and the pace for everyone drops to what SePay admitted in that second (at least
 *   ×0.95, else ×0.8 when nothing was admitted; once per round of requests); every processed
 *   request raises it again, by about a fifth per second (additive increase). Until the first
 *   decrease, and a minute after the last one, there is no pace limit at all.
 * - A stopped execution leaves the queue at once (its waiters reject, nothing is sent).
 */

export const DEFAULT_MAX_IN_FLIGHT = 16;
export const MAX_IN_FLIGHT_BOUNDS = { min: 1, max: 200 };

/** After a throttle the pace starts here if nothing better is known (requests per second). */
const FALLBACK_RATE = 2;
const MIN_RATE = 0.2;
const DECREASE_FACTOR = 0.8;
/** A decrease lowers the pace by at least this factor. */
const SMALLEST_CUT = 0.95;
/** Share of throttled requests within the window that means "a limit". */
const LIMIT_SHARE = 0.1;
/** Measurement window for the pace and the throttled share. */
const WINDOW_MS = 1000;
/** A minute without a throttle lifts the pace limit again. */
const FORGET_THROTTLE_AFTER_MS = 60_000;
/** A throttle without Retry-After still waits this long before it is sent again. */
export const DEFAULT_THROTTLE_PAUSE_MS = 1000;

interface Waiter {
	resolve: (ticket: SlotTicket) => void;
	reject: (error: Error) => void;
	signal: AbortSignal | undefined;
	stopWatching: () => void;
}

export interface SlotTicket {
	readonly startedAt: number;
}

/** The pace SePay allows one credential, learnt from its throttles; shared across runs. */
class Pace {
	/** Requests per second; Infinity until SePay first throttles us. */
	private rate = Infinity;

	private nextStartAt = 0;

	private lastDecreaseAt = 0;

	private readonly recentStarts: number[] = [];

	private readonly recentThrottles: number[] = [];

	private readonly recentAnswers: number[] = [];

	/** When the next request may start (0: now). */
	startAt(now: number): number {
		if (Number.isFinite(this.rate) && now - this.lastDecreaseAt > FORGET_THROTTLE_AFTER_MS) this.rate = Infinity;
		return Number.isFinite(this.rate) ? this.nextStartAt : 0;
	}

	started(now: number): SlotTicket {
		if (Number.isFinite(this.rate)) this.nextStartAt = Math.max(now, this.nextStartAt) + 1000 / this.rate;
		remember(this.recentStarts, now);
		return { startedAt: now };
	}

	/** SePay refused a request started with `ticket` because of its rate limit. */
	throttled(ticket: SlotTicket): void {
		const now = Date.now();
		remember(this.recentThrottles, now);
		// Requests sent before the last decrease were paced by the old rate: one cut per round.
		if (ticket.startedAt < this.lastDecreaseAt) return;
		const measured = countSince(this.recentStarts, now - WINDOW_MS);
		if (countSince(this.recentThrottles, now - WINDOW_MS) <= LIMIT_SHARE * measured) return;
		const current = Number.isFinite(this.rate) ? this.rate : measured || FALLBACK_RATE;
		// What SePay admitted in the last second is its limit as seen from here: go to it at once.
		const admitted = countSince(this.recentAnswers, now - WINDOW_MS);
		const target = admitted > 0 ? admitted : current * DECREASE_FACTOR;
		this.rate = Math.max(MIN_RATE, Math.min(target, current * SMALLEST_CUT));
		this.lastDecreaseAt = now;
	}

	/** SePay processed a request (any answer that is not a throttle). */
	answered(): void {
		remember(this.recentAnswers, Date.now());
		if (Number.isFinite(this.rate)) this.rate += Math.max(1, this.rate / 5) / Math.max(1, this.rate);
	}
}

/** The requests of one node run (or one dropdown): a cap on open requests, paced per credential. */
export class RequestQueue {
	private inFlight = 0;

	private readonly waiting: Waiter[] = [];

	private pumping = false;

	constructor(
		private readonly pace: Pace,
		private readonly maxInFlight: number,
	) {}

	/** Runs `send` when a slot is free and the pace allows it. */
	async run<T>(signal: AbortSignal | undefined, send: (ticket: SlotTicket) => Promise<T>): Promise<T> {
		const ticket = await this.acquire(signal);
		try {
			return await send(ticket);
		} finally {
			this.release();
		}
	}

	throttled(ticket: SlotTicket): void {
		this.pace.throttled(ticket);
	}

	answered(): void {
		this.pace.answered();
	}

	private async acquire(signal: AbortSignal | undefined): Promise<SlotTicket> {
		if (isCancelled(signal)) throw new ExecutionCancelledError();
		return await new Promise<SlotTicket>((resolve, reject) => {
			const waiter: Waiter = { resolve, reject, signal, stopWatching: () => {} };
			if (signal) waiter.stopWatching = onCancel(signal, () => this.leave(waiter));
			this.waiting.push(waiter);
			void this.pump();
		});
	}

	private leave(waiter: Waiter): void {
		const index = this.waiting.indexOf(waiter);
		if (index === -1) return;
		this.waiting.splice(index, 1);
		waiter.reject(new ExecutionCancelledError());
	}

	private release(): void {
		this.inFlight--;
		void this.pump();
	}

	/** Hands out slots in arrival order while the cap and the pace allow. */
	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.waiting.length > 0 && this.inFlight < this.maxInFlight) {
				const now = Date.now();
				const startAt = this.pace.startAt(now);
				if (startAt > now) {
					// The waiter's own signal cannot end this shared wait; leave() drops it instead.
					await waitUnlessCancelled(undefined, startAt - now);
					continue;
				}
				const waiter = this.waiting.shift()!;
				waiter.stopWatching();
				if (isCancelled(waiter.signal)) {
					waiter.reject(new ExecutionCancelledError());
					continue;
				}
				this.inFlight++;
				// The pace slot is claimed now, so that another run's queue sees it taken.
				waiter.resolve(this.pace.started(now));
			}
		} finally {
			this.pumping = false;
		}
	}
}

/** Keeps the last few hundred timestamps of a kind. */
function remember(times: number[], at: number): void {
	times.push(at);
	if (times.length > 2000) times.splice(0, 1000);
}

function countSince(times: number[], since: number): number {
	let count = 0;
	for (let index = times.length - 1; index >= 0 && times[index] > since; index--) count++;
	return count;
}

const paces = new Map<string, Pace>();

/** A new queue for one run, paced with every other user of the same credential. */
export function requestQueueFor(credentialKey: string, maxInFlight: number): RequestQueue {
	let pace = paces.get(credentialKey);
	if (!pace) {
		pace = new Pace();
		paces.set(credentialKey, pace);
	}
	return new RequestQueue(pace, maxInFlight);
}
