/* eslint-disable */
// Shared by the reliability and fault suites: bearer tokens, reference codes and n8n's log capture.
import { createRequire } from 'node:module';
import type { IDataObject } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import type { SimRequestRecord } from '../../simulator/index.ts';
import { deepErrorJson } from '../../support';

const require = createRequire(import.meta.url);

/** Bearer tokens the node presented to the simulator. */
export function bearerTokens(requests: SimRequestRecord[]): string[] {
	const tokens = new Set<string>();
	for (const request of requests) {
		const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
		if (match) tokens.add(match[1]!.trim());
	}
	return [...tokens];
}

export function referenceCodesOf(requests: SimRequestRecord[]): string[] {
	return requests.map((request) => String((request.body as IDataObject | undefined)?.reference_code));
}

export interface LogEntry {
	source: 'n8n-logger' | 'LoggerProxy';
	level: string;
	message: string;
	meta: string;
}

/**
 * Captures what n8n logs while the node runs: n8n-core's DI Logger (which prints node errors) and
 * n8n-workflow's LoggerProxy. Resolved through n8n-core so it is the very instance the engine uses.
 */
export function captureN8nLogs(): { entries: LogEntry[]; restore: () => void } {
	const coreRequire = createRequire(require.resolve('n8n-core'));
	const { Container } = coreRequire('@n8n/di') as { Container: { get: (type: unknown) => unknown } };
	const { Logger } = coreRequire('@n8n/backend-common') as { Logger: unknown };
	const logger = Container.get(Logger) as { log: (level: string, message: string, meta?: object) => void };
	const entries: LogEntry[] = [];
	const originalLog = logger.log;
	logger.log = (level, message, meta = {}) => {
		entries.push({ source: 'n8n-logger', level, message: String(message), meta: deepErrorJson(meta) });
	};
	const proxy = (level: string) => (message: string, meta: object = {}) =>
		entries.push({ source: 'LoggerProxy', level, message: String(message), meta: deepErrorJson(meta) });
	LoggerProxy.init({ error: proxy('error'), warn: proxy('warn'), info: proxy('info'), debug: proxy('debug') } as never);
	return {
		entries,
		restore: () => {
			logger.log = originalLog;
			const noOp = () => {};
			LoggerProxy.init({ error: noOp, warn: noOp, info: noOp, debug: noOp } as never);
		},
	};
}
