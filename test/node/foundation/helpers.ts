// Shared helpers for the foundation suite (credential, token, provider accounts, usage, errors).
import { afterEach } from 'vitest';

import { CREDENTIAL_TYPE, newCredentialStore } from '../../harness/runNode';
import type { RunResult } from '../../harness/runNode';
import { SePaySimulator } from '../../simulator/index.ts';
import type { SePaySimulatorOptions, SimRequestRecord } from '../../simulator/index.ts';

export const CLIENT_ID = 'demo-client-id';
export const CLIENT_SECRET = 'demo-client-secret';

const started: SePaySimulator[] = [];

/**
 * A fresh simulator (new port = empty module-level token cache, whose key holds the base URL),
 * closed after the test.
 */
export async function freshSim(options: SePaySimulatorOptions = {}): Promise<SePaySimulator> {
	const sim = await SePaySimulator.start({ processing: { checks: 1, ms: 0 }, ...options });
	started.push(sim);
	return sim;
}

afterEach(async () => {
	await Promise.all(started.splice(0).map(async (sim) => await sim.close()));
});

export function storeFor(sim: SePaySimulator, overrides: Record<string, string> = {}) {
	return newCredentialStore({
		environment: 'custom',
		baseUrl: sim.url,
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		...overrides,
	});
}

export type Store = ReturnType<typeof storeFor>;

/** The access token n8n persisted for the credential. */
export function storedToken(store: Store): string {
	return String(store.stored.get(CREDENTIAL_TYPE)?.accessToken ?? '');
}

/** The token of the newest non-token request: after a 401 renewal it lives in the process, not the store. */
export function lastBearerToken(sim: SePaySimulator): string {
	const request = [...sim.requests].reverse().find((r) => r.path !== '/v1/token');
	return request ? bearerOf(request).replace(/^Bearer /, '') : '';
}

export function basicOf(clientId: string, clientSecret: string): string {
	return Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
}

export function tokenRequests(sim: SePaySimulator): SimRequestRecord[] {
	return sim.requestsTo('POST', '/v1/token');
}

export function bearerOf(request: SimRequestRecord): string {
	return request.headers.authorization ?? '';
}

/** Everything n8n produced for the run, as text: items, error (message, description, context), run data. */
export function serialized(result: RunResult): string {
	return JSON.stringify({
		items: result.items,
		error: result.error,
		errorMessage: result.error?.message,
		errorDescription: result.error?.description,
		run: result.run,
	});
}

/** Sorted "METHOD path?query" lines, for exact request assertions. */
export function requestLines(requests: SimRequestRecord[]): string[] {
	return requests.map((r) => {
		const query = new URLSearchParams(r.query).toString();
		return `${r.method} ${r.path}${query ? `?${query}` : ''}`;
	});
}

export const quota = { resource: 'usage', operation: 'getQuota' };
