import { createHmac, timingSafeEqual } from 'crypto';

/**
 * SePay's HMAC-SHA256 webhook signature (API reference §6.2): headers `X-SePay-Signature` and
 * `X-SePay-Timestamp` (Unix seconds). SePay's readable pages cut off the signed string, so
 * both variants seen in public integrations are offered: `<timestamp>.<raw body>` (most) and
 * the raw body alone.
 */
export const SIGNATURE_HEADER = 'x-sepay-signature';
export const TIMESTAMP_HEADER = 'x-sepay-timestamp';

export type SignedContent = 'timestampBody' | 'body';

/** The Timestamp Tolerance option, in minutes; the one place these limits are written. */
export const TIMESTAMP_TOLERANCE_MINUTES = {
	default: 5,
	min: 1,
	max: 60,
} as const;

export interface SignedRequest {
	signature: unknown;
	timestamp: unknown;
	/** The request body exactly as received; a re-serialised body would not match. */
	rawBody: Buffer | undefined;
	secret: string;
	signedContent: SignedContent;
	toleranceMinutes: number;
	nowMs: number;
}

/** `answer` goes back to the caller, `reason` to n8n's log; neither holds a secret or signature. */
export type SignatureVerdict = { ok: true } | { ok: false; answer: string; reason: string };

function headerText(value: unknown): string | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

/**
 * `sha256=<hex>`, `<hex>`, `sha256=<base64>` or `<base64>` (standard or URL-safe) → the 32
 * digest bytes. Anything else (another algorithm's prefix, a wrong length) → undefined.
 */
function decodeSignature(header: string): Buffer | undefined {
	const value = header.replace(/^sha256=/i, '');
	if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
	if (/^[A-Za-z0-9+/]{43}=?$/.test(value)) return Buffer.from(value, 'base64');
	if (/^[A-Za-z0-9_-]{43}=?$/.test(value)) return Buffer.from(value, 'base64url');
	return undefined;
}

/** Unix seconds (or milliseconds, when it has 13 digits) → milliseconds. */
function timestampMs(text: string): number | undefined {
	if (!/^\d{1,13}$/.test(text)) return undefined;
	const value = Number(text);
	return text.length === 13 ? value : value * 1000;
}

export function toleranceMinutes(value: unknown): number {
	const { default: fallback, min, max } = TIMESTAMP_TOLERANCE_MINUTES;
	const minutes = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
	return Math.min(max, Math.max(min, minutes));
}

function signatureOf(
	secret: string,
	rawBody: Buffer,
	timestamp: string,
	signedContent: SignedContent,
): Buffer {
	const hmac = createHmac('sha256', secret);
	if (signedContent === 'timestampBody') hmac.update(`${timestamp}.`, 'utf8');
	return hmac.update(rawBody).digest();
}

const reject = (answer: string, reason = answer): SignatureVerdict => ({
	ok: false,
	answer,
	reason,
});

export function verifySignature(request: SignedRequest): SignatureVerdict {
	const signatureText = headerText(request.signature);
	if (signatureText === undefined) return reject('Missing X-SePay-Signature header');
	const received = decodeSignature(signatureText);
	if (received === undefined) {
		return reject(
			'X-SePay-Signature must be "sha256=" followed by 64 hex characters or base64',
			`X-SePay-Signature is not an HMAC-SHA256 value (${signatureText.length} characters)`,
		);
	}
	const timestampText = headerText(request.timestamp);
	if (timestampText === undefined) return reject('Missing X-SePay-Timestamp header');
	const sentMs = timestampMs(timestampText);
	if (sentMs === undefined) return reject('X-SePay-Timestamp must be Unix seconds');
	const offMinutes = Math.abs(request.nowMs - sentMs) / 60_000;
	if (offMinutes > request.toleranceMinutes) {
		return reject(
			`X-SePay-Timestamp is more than ${request.toleranceMinutes} minutes from the server's clock`,
			`X-SePay-Timestamp is ${Math.round(offMinutes)} minutes from the server's clock (allowed: ${request.toleranceMinutes}); a replayed call or a wrong clock`,
		);
	}
	if (!Buffer.isBuffer(request.rawBody)) {
		return reject(
			'The request body could not be read; send it as JSON',
			'n8n passed no raw request body',
		);
	}
	const expected = signatureOf(
		request.secret,
		request.rawBody,
		timestampText,
		request.signedContent,
	);
	if (!timingSafeEqual(received, expected)) {
		return reject(
			'Invalid signature',
			`X-SePay-Signature does not match the body (Signed Content: ${request.signedContent === 'body' ? 'body only' : 'timestamp.body'}); check the signing secret and Signed Content`,
		);
	}
	return { ok: true };
}
