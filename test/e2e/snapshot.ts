/* eslint-disable */
// Reading what n8n produced: execute-batch snapshots / stored executions, binary data.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { assert, eq, short } from './checks.ts';

export interface OutItem {
	json: Record<string, any>;
	binary?: Record<string, { fileName?: string; mimeType?: string; fileExtension?: string; fileSize?: string; data?: string; id?: string }>;
	pairedItem?: { item: number } | Array<{ item: number }> | number;
}

/** One execution's run data (an execute-batch snapshot, or `{ data }` of a stored execution). */
export class Snapshot {
	readonly run: any;
	constructor(run: any) {
		this.run = run;
	}
	get runData(): Record<string, any[]> {
		return this.run?.data?.resultData?.runData ?? {};
	}
	/** Items on output 0 of the node's first run. */
	out(nodeName: string): OutItem[] {
		const runs = this.runData[nodeName];
		assert(runs && runs.length > 0, `node "${nodeName}" did not run (ran: ${Object.keys(this.runData).join(', ')})`);
		const error = runs[0].error;
		assert(!error, `node "${nodeName}" failed: ${error?.message}`);
		return (runs[0].data?.main?.[0] ?? []) as OutItem[];
	}
	one(nodeName: string): OutItem {
		const items = this.out(nodeName);
		eq(items.length, 1, `items out of "${nodeName}"`);
		return items[0]!;
	}
}

/** The execute-batch snapshot of a workflow; null for failed workflows (n8n writes none). */
export function readSnapshot(snapshotDir: string, workflowId: string): Snapshot | null {
	try {
		return new Snapshot(JSON.parse(readFileSync(path.join(snapshotDir, `${workflowId}-snapshot.json`), 'utf8')));
	} catch {
		return null;
	}
}

/** Bytes of a binary property: inline base64, or n8n's filesystem binary-data store. */
export function binaryContent(userFolder: string, file: { data?: string; id?: string }): Buffer {
	if (file.id?.startsWith('filesystem-v2:')) {
		return readFileSync(path.join(userFolder, '.n8n', 'storage', file.id.slice('filesystem-v2:'.length)));
	}
	assert(file.data && !file.data.startsWith('filesystem'), `binary has neither inline data nor a filesystem id: ${short(file)}`);
	return Buffer.from(file.data, 'base64');
}

/** n8n stores execution data with `flatted`; use n8n's own copy. */
export function flattedParse(installDir: string, text: string): any {
	const requireFromN8n = createRequire(path.join(installDir, 'node_modules', 'n8n', 'package.json'));
	return (requireFromN8n('flatted') as { parse: (t: string) => any }).parse(text);
}
