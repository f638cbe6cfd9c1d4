/** A whole number from a node option, within its bounds; empty or invalid → the default. */
export function clampInteger(value: unknown, bounds: { min: number; max: number }, fallback: number): number {
	const number = Number(value);
	if (value === undefined || value === null || value === '' || !Number.isFinite(number)) return fallback;
	return Math.min(bounds.max, Math.max(bounds.min, Math.round(number)));
}

/** A number from a node option, within its bounds; empty or invalid → the default. */
export function clampNumber(value: unknown, bounds: { min: number; max: number }, fallback: number): number {
	const number = Number(value);
	if (value === undefined || value === null || value === '' || !Number.isFinite(number)) return fallback;
	return Math.min(bounds.max, Math.max(bounds.min, number));
}
