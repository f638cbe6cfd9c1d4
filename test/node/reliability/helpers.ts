/* eslint-disable */
// Shared by the reliability and fault suites: simulator credentials, a valid create, and error capture.
import { createRequire } from 'node:module';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import { newCredentialStore } from '../../harness/runNode';
import type { SePaySimulator, SimRequestRecord } from '../../simulator/index.ts';

const require = createRequire(import.meta.url);

export const CLIENT_ID = 'demo-client-id';
export const CLIENT_SECRET = 'demo-client-secret';

export function credentialsFor(sim: SePaySimulator, clientSecret = CLIENT_SECRET, clientId = CLIENT_ID) {
	return newCredentialStore({ environment: 'custom', baseUrl: sim.url, clientId, clientSecret });
}

export const GOOD_LINE = { lineType: 1, itemName: 'Cà phê sữa', unit: 'ly', quantity: 2, unitPrice: 45000, taxRate: '8' };

/** A create that the simulator accepts; override any parameter. */
export function createParameters(sim: SePaySimulator, overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'invoice',
		operation: 'create',
		providerAccount: { __rl: true, mode: 'id', value: sim.activeProviderAccountId },
		templateAndSeries: '1|C26TAA',
		buyerType: 'company',
		buyerName: 'Công ty TNHH Thử Nghiệm',
		buyerDetails: { taxCode: '0101234567', email: 'ketoan@thunghiem.vn' },
		lineItems: { item: [GOOD_LINE] },
		pollInterval: 0.5,
		...overrides,
	};
}

/** JSON.stringify replacer that also serialises Error own properties and walks `cause`. */
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
