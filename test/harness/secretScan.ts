import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * Every run through the harness is recorded here with the secrets it had access to: the
 * client secret (and its Basic form), the trigger's webhook key and signing secret, and every
 * access token preAuthentication produced.
 * After each test file, `scanRecordedRuns` looks for them in everything n8n produced.
 */
interface RecordedRun {
	produced: unknown;
	credentials: ICredentialDataDecryptedObject[];
	issuedTokens: string[];
}

const runs: RecordedRun[] = [];

export function recordRun(run: RecordedRun): void {
	runs.push(run);
}

/** JSON of a value including Error fields and the whole `cause` chain. */
export function serializeDeep(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, current: unknown) => {
		if (current !== null && typeof current === 'object') {
			if (seen.has(current)) return '[circular]';
			seen.add(current);
			if (current instanceof Error) {
				const error = current as Error & Record<string, unknown>;
				return { ...error, name: error.name, message: error.message, stack: error.stack, cause: error.cause };
			}
		}
		return current;
	});
}

function needlesOf(run: RecordedRun): string[] {
	const needles = new Set<string>(run.issuedTokens);
	for (const credential of run.credentials) {
		const secret = String(credential.clientSecret ?? '');
		if (secret.length >= 6) {
			needles.add(secret);
			needles.add(Buffer.from(`${String(credential.clientId ?? '')}:${secret}`).toString('base64'));
		}
		// SePay Trigger credentials: the webhook API key and the HMAC signing secret.
		for (const value of [credential.apiKey, credential.secret]) {
			if (typeof value === 'string') needles.add(value.trim().replace(/^apikey\s+/i, ''));
		}
	}
	return [...needles].filter((needle) => needle.length >= 6);
}

export function scanRecordedRuns(): { runs: number; needles: number; leaks: string[] } {
	const leaks: string[] = [];
	let needleCount = 0;
	for (const [index, run] of runs.entries()) {
		const text = serializeDeep(run.produced);
		const needles = needlesOf(run);
		needleCount += needles.length;
		for (const needle of needles) {
			if (text.includes(needle)) leaks.push(`run ${index}: a secret or token of length ${needle.length}`);
		}
	}
	const summary = { runs: runs.length, needles: needleCount, leaks };
	runs.length = 0;
	return summary;
}
