/* eslint-disable */
import { afterAll } from 'vitest';

import { scanRecordedRuns } from './secretScan';

// Runs after every test file: no output, error or run data of any harness run may contain
// the client secret, its Basic form, or an access token that run obtained.
afterAll(() => {
	const { runs, needles, leaks } = scanRecordedRuns();
	if (runs === 0) return;
	if (leaks.length > 0) throw new Error(`Secret scan: ${leaks.length} leak(s): ${leaks.join('; ')}`);
	console.log(`Secret scan: ${runs} runs, ${needles} secrets/tokens checked, 0 found`);
});
