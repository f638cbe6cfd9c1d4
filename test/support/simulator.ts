// Starting the SePay simulator for a test.
import { afterEach } from 'vitest';

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
