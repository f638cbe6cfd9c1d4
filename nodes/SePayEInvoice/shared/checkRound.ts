import type { IExecuteSingleFunctions } from 'n8n-workflow';

/*
 * The batch gate (batchGate.ts) covers what a preSend can check at once. Replace and Adjust
 * also check the original invoice at SePay (a GET) before sending, and those checks finish at
 * different times. So each item waits here until every item of its batch has checked, and
 * sends only when all passed. Otherwise one item's wrong original would stop the run while its
 * siblings' corrections were already issued, and a re-run would issue those adjustments again.
 *
 * RoutingNode runs the preSends of a batch in one synchronous pass before any sender runs (see
 * batchGate.ts), so "the items of the batch" are the items that joined during that pass.
 */

interface Round {
	members: number;
	reported: number;
	failed: boolean;
	allReported: Promise<void>;
	release: () => void;
}

let openRound: Round | undefined;
const roundOfRequest = new WeakMap<object, Round>();

function newRound(): Round {
	let release = () => {};
	const allReported = new Promise<void>((resolve) => (release = resolve));
	return { members: 0, reported: 0, failed: false, allReported, release };
}

/** From a preSend, once the item's own input is valid: the item joins its batch's round. */
export function joinCheckRound(context: IExecuteSingleFunctions, requestOptions: object): void {
	// With Continue On Fail every item stands alone, as in the batch gate.
	if (context.continueOnFail()) return;
	if (!openRound) {
		const round = newRound();
		openRound = round;
		// Runs once the synchronous pass over the batch's preSends is over.
		void Promise.resolve().then(() => {
			if (openRound === round) openRound = undefined;
		});
	}
	openRound.members++;
	roundOfRequest.set(requestOptions, openRound);
}

/**
 * From the sender, once this item's checks are done: whether it may send, i.e. it passed and
 * so did every other item of its round. Every item that joined must report exactly once.
 */
export async function checkRoundPassed(requestOptions: object, passed: boolean): Promise<boolean> {
	const round = roundOfRequest.get(requestOptions);
	if (!round) return passed;
	roundOfRequest.delete(requestOptions);
	if (!passed) round.failed = true;
	round.reported++;
	if (round.reported >= round.members) round.release();
	if (!passed) return false;
	await round.allReported;
	return !round.failed;
}
