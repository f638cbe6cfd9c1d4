import { createHash, timingSafeEqual } from 'crypto';

/**
 * The key as stored in the credential. People paste the whole header value
 * (`Apikey abc…`) as often as the bare key, so a leading `Apikey ` is dropped.
 */
export function normaliseStoredKey(value: unknown): string {
	if (typeof value !== 'string') return '';
	return value.trim().replace(/^apikey\s+/i, '');
}

/** The key from `Authorization: Apikey <key>` (scheme case-insensitive), or undefined. */
export function keyFromAuthorizationHeader(header: unknown): string | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string') return undefined;
	const match = /^\s*apikey\s+(.+?)\s*$/i.exec(value);
	return match ? match[1] : undefined;
}

/**
 * Constant-time comparison: both sides are hashed first, so neither the content nor the
 * length of the expected key leaks through the time taken.
 */
export function keysMatch(received: string, expected: string): boolean {
	const a = createHash('sha256').update(received, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b) && expected !== '';
}
