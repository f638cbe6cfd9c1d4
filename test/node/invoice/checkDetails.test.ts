// Status checks: error_code (Failed) and retry hints (Pending) are read when SePay sends them,
// in plain types, and never required.
import { afterAll, beforeAll, expect, test } from 'vitest';

import { createParams, SePaySimulator, startSim } from '../../support';
import { run } from './helpers';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await startSim({ processing: { checks: 3, ms: 0 }, checkRetryHints: true });
});
afterAll(async () => await sim.close());

async function submit(reference: string): Promise<string> {
	const result = await run(sim, { parameters: createParams(sim, { referenceCode: reference, waitForResult: false }) });
	if (result.error) throw result.error;
	return result.items[0]!.json.tracking_code as string;
}

const check = async (trackingCode: string, extra: Record<string, unknown> = {}, continueOnFail = false) =>
	await run(sim, { continueOnFail, parameters: { resource: 'invoice', operation: 'getCreationStatus', trackingCode, ...extra } });

test('Pending with retry hints given as strings: numbers in the output', async () => {
	const tc = await submit('CD-1');
	await check(tc);
	const second = await check(tc);
	expect(second.items[0]!.json).toMatchObject({ status: 'Pending', retry: { retries_count: 2, max_retries: 3 } });
	const retry = second.items[0]!.json.retry as Record<string, unknown>;
	expect(retry.next_retry_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
	expect(second.items[0]!.json.error_code).toBeUndefined();
});

test('Failed with error_code: kept in the Wait Until Done result (Continue On Fail)', async () => {
	sim.setProcessing({ checks: 0 });
	sim.queueJobFailure({ kind: 'create', message: 'Ký hiệu hóa đơn không hợp lệ', errorCode: 'INVALID_SERIES' });
	const tc = await submit('CD-2');
	const result = await check(tc, { waitUntilDone: true, pollInterval: 0.5, maxPollAttempts: 2 }, true);
	expect(result.items[0]!.json).toMatchObject({
		status: 'Failed',
		error_code: 'INVALID_SERIES',
		error: 'SePay could not create the invoice (INVALID_SERIES): Ký hiệu hóa đơn không hợp lệ',
	});
});

test('a check without them: no error_code, no retry', async () => {
	sim.setProcessing({ checks: 0 });
	sim.queueJobFailure({ kind: 'create', message: 'Lỗi' });
	const tc = await submit('CD-3');
	const result = await check(tc);
	expect(result.items[0]!.json).toEqual({ reference_code: 'CD-3', status: 'Failed', message: 'Lỗi', tracking_code: tc });
});
