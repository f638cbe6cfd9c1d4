// Views of what n8n produced, for assertions on errors and for secret checks.
import type { RunResult } from '../harness/runNode';

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

/** JSON of any value with Error own properties (message, stack, description…) and `cause` walked. */
export function deepErrorJson(value: unknown): string {
	const seen = new WeakSet<object>();
	const expand = (input: unknown, depth: number): unknown => {
		if (input === null || typeof input !== 'object') return input;
		if (seen.has(input as object) || depth > 12) return '[seen]';
		seen.add(input as object);
		if (Buffer.isBuffer(input)) return input.toString('base64');
		if (Array.isArray(input)) return input.map((entry) => expand(entry, depth + 1));
		const out: Record<string, unknown> = {};
		const keys = new Set<string>([...Object.getOwnPropertyNames(input), ...Object.keys(input)]);
		if (input instanceof Error) for (const key of ['name', 'message', 'stack', 'cause', 'description']) keys.add(key);
		for (const key of keys) {
			let entry: unknown;
			try {
				entry = (input as Record<string, unknown>)[key];
			} catch {
				continue;
			}
			if (typeof entry === 'function') continue;
			out[key] = expand(entry, depth + 1);
		}
		return out;
	};
	return JSON.stringify(expand(value, 0));
}

/** Message, description, HTTP code and item of a node error, for one toMatchObject. */
export function errorOf(result: RunResult) {
	const error = result.error;
	return {
		message: error?.message,
		description: error?.description,
		httpCode: error?.httpCode,
		itemIndex: error?.context?.itemIndex,
	};
}
