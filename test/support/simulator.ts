// Starting the SePay simulator for a test.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

import { SePaySimulator } from '../simulator/index.ts';
import type { SePaySimulatorOptions } from '../simulator/index.ts';

export { SePaySimulator };

/** A simulator on a new port whose jobs finish at the first status check; the caller closes it. */
export async function startSim(options: SePaySimulatorOptions = {}): Promise<SePaySimulator> {
	return await SePaySimulator.start({ processing: { checks: 1, ms: 0 }, ...options });
}

const started: SePaySimulator[] = [];

afterEach(async () => {
	await Promise.all(started.splice(0).map(async (sim) => await sim.close()));
});

/**
 * Like startSim, closed after the test. A new port also means an empty module-level token
 * cache, whose key holds the base URL.
 */
export async function freshSim(options: SePaySimulatorOptions = {}): Promise<SePaySimulator> {
	const sim = await startSim(options);
	started.push(sim);
	return sim;
}

/**
 * One simulator for the tests of a file: started before them and closed after. Before each test
 * its requests are cleared, its jobs finish at the first status check again, and `reset` puts
 * back whatever else the tests change. `use` receives it once started.
 */
export function shareSimulator(use: (sim: SePaySimulator) => void, reset: (sim: SePaySimulator) => void = () => {}): void {
	let shared: SePaySimulator;
	beforeAll(async () => {
		shared = await startSim();
		use(shared);
	});
	afterAll(async () => await shared.close());
	beforeEach(() => {
		shared.clearRequests();
		shared.setProcessing({ checks: 1, ms: 0 });
		reset(shared);
	});
}
