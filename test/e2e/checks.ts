// The e2e's checks: each is a named block of assertions, logged as `ok` / `FAIL` and counted.
// A run over several n8n versions prefixes every name with the version (`setCheckGroup`).

import { log } from './n8n.ts';

export interface CheckResult {
	group: string;
	name: string;
	ok: boolean;
	detail?: string;
}

const results: CheckResult[] = [];
let group = '';

/** Names of the following checks start with `[label]` and count towards that group. */
export function setCheckGroup(label: string): void {
	group = label;
}

function record(name: string, ok: boolean, detail?: string): void {
	const fullName = group ? `[${group}] ${name}` : name;
	results.push({ group, name: fullName, ok, ...(detail === undefined ? {} : { detail }) });
	if (ok) log(`  ok   ${fullName}`);
	else log(`  FAIL ${fullName}\n       ${detail!.split('\n').slice(0, 40).join('\n       ')}`);
}

/** Runs `fn`; a throw fails the check with its message. Returns whether it passed. */
export function check(name: string, fn: () => void): boolean {
	try {
		fn();
		record(name, true);
		return true;
	} catch (error) {
		record(name, false, error instanceof Error ? error.message : String(error));
		return false;
	}
}

/** A step that threw outside a check (setup, n8n not starting): counted as a failed check. */
export function fail(name: string, error: unknown): void {
	record(name, false, error instanceof Error ? (error.stack ?? error.message) : String(error));
}

export function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

export function eq(actual: unknown, expected: unknown, what: string): void {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

export function short(value: unknown, max = 600): string {
	const text = JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function counts(ofGroup?: string): { passed: number; failed: number } {
	const selected = ofGroup === undefined ? results : results.filter((r) => r.group === ofGroup);
	const passed = selected.filter((r) => r.ok).length;
	return { passed, failed: selected.length - passed };
}

export function failedChecks(): CheckResult[] {
	return results.filter((r) => !r.ok);
}
