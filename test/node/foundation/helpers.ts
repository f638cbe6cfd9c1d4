// Helpers of the foundation suite (credential, token, provider accounts, usage, errors); the
// shared ones (simulator, credential store, serialisers) are in test/support.
import type { CredentialStore } from '../../harness/credentialStore';
import type { SePaySimulator, SimRequestRecord } from '../../simulator/index.ts';
import { CREDENTIAL_TYPE } from '../../support';

export type Store = CredentialStore;

/** The access token n8n persisted for the credential. */
export async function storedToken(store: Store): Promise<string> {
	return String((await store.storedData(CREDENTIAL_TYPE))?.accessToken ?? '');
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

/** Sorted "METHOD path?query" lines, for exact request assertions. */
export function requestLines(requests: SimRequestRecord[]): string[] {
	return requests.map((r) => {
		const query = new URLSearchParams(r.query).toString();
		return `${r.method} ${r.path}${query ? `?${query}` : ''}`;
	});
}
