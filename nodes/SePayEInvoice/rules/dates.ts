/**
 * SePay wants `YYYY-MM-DD HH:mm:ss` in Vietnam time (UTC+7, no daylight saving), whatever
 * the time zone of the n8n server.
 */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export type DateParseResult = { ok: true; instantMs: number } | { ok: false; problem: string };

export function formatVietnamDateTime(instantMs: number): string {
	const shifted = new Date(instantMs + VIETNAM_OFFSET_MS);
	const pad = (value: number) => String(value).padStart(2, '0');
	return (
		`${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())} ` +
		`${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`
	);
}

/**
 * Reads an issue date. A value with a zone (…Z, …+07:00, a JS Date, a Luxon DateTime) is an
 * instant; a value without one (`2026-11-25 09:30:00`) is already Vietnam wall-clock time.
 */
export function parseIssueDate(value: unknown): DateParseResult {
	if (value instanceof Date) {
		return Number.isNaN(value.getTime()) ? { ok: false, problem: 'is not a valid date' } : { ok: true, instantMs: value.getTime() };
	}
	if (value !== null && typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		const millis = (value as { toMillis: () => number }).toMillis();
		return Number.isFinite(millis) ? { ok: true, instantMs: millis } : { ok: false, problem: 'is not a valid date' };
	}
	if (typeof value !== 'string') {
		return { ok: false, problem: `must be a date text such as 2026-11-25 09:30:00, not ${typeof value}` };
	}
	const match = DATE_TIME.exec(value.trim());
	if (!match) {
		return { ok: false, problem: `"${value}" is not a date in the form YYYY-MM-DD HH:mm:ss or ISO 8601` };
	}
	const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = match;
	const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
	const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
	const check = new Date(wallClockAsUtc);
	if (
		check.getUTCFullYear() !== year ||
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day ||
		hour > 23 ||
		minute > 59 ||
		second > 59
	) {
		return { ok: false, problem: `"${value}" is not a real calendar date and time` };
	}
	if (!zone) return { ok: true, instantMs: wallClockAsUtc - VIETNAM_OFFSET_MS };
	if (zone.toUpperCase() === 'Z') return { ok: true, instantMs: wallClockAsUtc };
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	const offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
	return { ok: true, instantMs: wallClockAsUtc - offsetMs };
}

/** An instant as ISO 8601 in Vietnam time: `2026-11-25T14:02:37+07:00`. */
function formatVietnamIso(instantMs: number): string {
	return `${formatVietnamDateTime(instantMs).replace(' ', 'T')}+07:00`;
}

/**
 * A bank time as SePay sends it (`YYYY-MM-DD HH:mm[:ss]`, Vietnam wall clock, or ISO with a
 * zone) → ISO 8601 in Vietnam time. Null when it is not a real date with a time of day.
 */
export function toVietnamIso(value: string | null): string | null {
	if (value === null || !/\d[ T]\d{2}:\d{2}/.test(value)) return null;
	const parsed = parseIssueDate(value);
	return parsed.ok ? formatVietnamIso(parsed.instantMs) : null;
}
