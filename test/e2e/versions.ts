/* eslint-disable */
// The n8n versions the package is tested on. The list lives in scripts/n8n-versions.txt
// (also read by scripts/install-n8n.sh); this is its reader for the e2e, the demo and other
// real-n8n tests.

import { readFileSync } from 'node:fs';
import path from 'node:path';

export const VERSIONS_FILE = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'n8n-versions.txt');

/** Every listed version, in file order (the first is the default). */
export function listedN8nVersions(): string[] {
	const versions = readFileSync(VERSIONS_FILE, 'utf8')
		.split('\n')
		.map((line) => line.replace(/#.*/, '').trim())
		.filter((line) => line !== '');
	if (versions.length === 0) throw new Error(`${VERSIONS_FILE} lists no n8n version`);
	for (const v of versions) if (!/^\d+\.\d+\.\d+$/.test(v)) throw new Error(`${VERSIONS_FILE}: "${v}" is not a version`);
	return versions;
}

/** The version the demo and single-version tools use. */
export function defaultN8nVersion(): string {
	return listedN8nVersions()[0]!;
}

/**
 * The versions a run covers: all listed ones, or `E2E_N8N_VERSIONS` (comma-separated, e.g.
 * `E2E_N8N_VERSIONS=2.41.1`) to try one line while developing. `npm test` sets none.
 */
export function selectedN8nVersions(env: NodeJS.ProcessEnv = process.env): string[] {
	const listed = listedN8nVersions();
	const wanted = (env.E2E_N8N_VERSIONS ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
	if (wanted.length === 0) return listed;
	const unknown = wanted.filter((v) => !listed.includes(v));
	if (unknown.length) throw new Error(`E2E_N8N_VERSIONS: ${unknown.join(', ')} not in ${path.basename(VERSIONS_FILE)} (${listed.join(', ')})`);
	return wanted;
}

export function majorOf(version: string): number {
	return Number(version.split('.')[0]);
}
