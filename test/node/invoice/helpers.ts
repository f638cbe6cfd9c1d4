/* eslint-disable */
// Helpers of the invoice-lifecycle suite (not a test file); the shared ones are in test/support.
import type { INodeParameters } from 'n8n-workflow';

import { runNode } from '../../harness/runNode';
import type { RunOptions, RunResult } from '../../harness/runNode';
import type { CredentialStore } from '../../harness/credentialStore';
import type { SePaySimulator } from '../../simulator/index.ts';
import { createParams, credentialsFor } from '../../support';

export const VN_OFFSET_MS = 7 * 3600_000;

/** `YYYY-MM-DD HH:mm:ss` of an instant in Vietnam time (UTC+7), by plain UTC arithmetic. */
export function vietnamTime(instantMs: number): string {
	return new Date(instantMs + VN_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Inverse of vietnamTime: the instant of a Vietnam wall-clock `YYYY-MM-DD HH:mm:ss`. */
export function instantOfVietnamTime(text: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
	if (!m) throw new Error(`not a Vietnam date-time: ${text}`);
	const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
	return Date.UTC(y, mo - 1, d, h, mi, s) - VN_OFFSET_MS;
}

export async function run(
	sim: SePaySimulator,
	options: Omit<RunOptions, 'store'> & { store?: CredentialStore },
): Promise<RunResult> {
	return await runNode({ store: options.store ?? credentialsFor(sim), ...options });
}

export const createRequests = (sim: SePaySimulator) => sim.requestsTo('POST', '/v1/invoices/create');
export const createChecks = (sim: SePaySimulator, trackingCode = '*') =>
	sim.requestsTo('GET', `/v1/invoices/create/check/${trackingCode}`);
export const issueChecks = (sim: SePaySimulator, trackingCode = '*') =>
	sim.requestsTo('GET', `/v1/invoices/issue/check/${trackingCode}`);

/** Bodies of the create requests, in arrival order. */
export const createBodies = (sim: SePaySimulator) =>
	createRequests(sim).map((r) => r.body as Record<string, any>);

/**
 * Creates one invoice through the node without waiting, then lets the simulator finish the job
 * at once (settleJobs), so setups need no polling. Returns its reference code.
 */
export async function createInvoice(
	sim: SePaySimulator,
	referenceCode: string,
	overrides: INodeParameters = {},
): Promise<string> {
	const result = await run(sim, {
		parameters: createParams(sim, { referenceCode, ...overrides, waitForResult: false }),
	});
	if (result.error) throw result.error;
	sim.settleJobs();
	const invoice = sim.invoices.get(referenceCode);
	const expected = overrides.mode === 'draft' ? 'draft' : 'issued';
	if (invoice?.status !== expected) {
		throw new Error(`create of ${referenceCode} did not give an ${expected} invoice: ${JSON.stringify(invoice)}`);
	}
	return referenceCode;
}

/** The simulator's job for a reference code (of one kind when given). */
export const jobOf = (sim: SePaySimulator, reference: string, kind?: string) =>
	[...sim.jobs.values()].find((j) => j.reference_code === reference && (kind === undefined || j.kind === kind))!;

/** Invoice → Get by reference code, through the node: the output JSON. */
export const getInvoice = async (sim: SePaySimulator, referenceCode: string) =>
	(await run(sim, { parameters: { resource: 'invoice', operation: 'get', referenceCode } })).items[0]!.json;
