/* eslint-disable */
// Shared bits of the invoice-lifecycle suite (not a test file).
import type { INodeParameters } from 'n8n-workflow';

import { SePaySimulator } from '../../simulator/index.ts';
import type { SePaySimulatorOptions } from '../../simulator/index.ts';
import { newCredentialStore, runNode } from '../../harness/runNode';
import type { RunOptions, RunResult } from '../../harness/runNode';
import type { CredentialStore } from '../../harness/credentialStore';

export { SePaySimulator, runNode };
export type { RunResult };

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

export async function startSim(options: SePaySimulatorOptions = {}): Promise<SePaySimulator> {
	return await SePaySimulator.start({ processing: { checks: 1, ms: 0 }, ...options });
}

export function credentialsFor(sim: SePaySimulator): CredentialStore {
	return newCredentialStore({
		environment: 'custom',
		baseUrl: sim.url,
		clientId: 'demo-client-id',
		clientSecret: 'demo-client-secret',
	});
}

/** A valid minimal create form on the simulator's active account; override anything. */
export function createParams(sim: SePaySimulator, overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'invoice',
		operation: 'create',
		providerAccount: { __rl: true, mode: 'id', value: sim.activeProviderAccountId },
		templateAndSeries: '1|C26TAA',
		buyerType: 'personal',
		buyerName: 'Nguyễn Văn A',
		lineItems: { item: [{ lineType: 1, itemName: 'Cà phê sữa', quantity: 2, unitPrice: 45000, taxRate: '8' }] },
		pollInterval: 0.5,
		...overrides,
	};
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

/** Message, description and item of a node error, for one toMatchObject. */
export function errorOf(result: RunResult) {
	const error = result.error;
	return {
		message: error?.message,
		description: error?.description,
		httpCode: error?.httpCode,
		itemIndex: error?.context?.itemIndex,
	};
}
