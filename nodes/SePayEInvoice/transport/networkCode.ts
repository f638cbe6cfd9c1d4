/**
 * A network error code (ECONNRESET, ETIMEDOUT, …) for the error message only. n8n wraps
 * connection errors differently in 1.x and 2.x, so this looks in a few places and may find
 * nothing; no behaviour depends on it (a thrown request is "no answer" whatever its code).
 */
export function networkCodeForDisplay(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
