/* eslint-disable */
// The floor under any n8n node: the same creates and status checks sent straight through n8n's
// request helper (n8n-core 2.x's OutboundHttp, what `this.helpers.httpRequest` ends in), with no
// node, no engine, no checks and no parameters: one token, then per item create → wait the poll
// interval → check (again while Pending), at most 16 requests in flight like the node's default.
// What the node costs above this line is the node's (and n8n's engine and expressions); below it
// nothing built on n8n's helpers can go.
import { createRequire } from 'node:module';

import { CLIENT_ID, CLIENT_SECRET } from '../support/sepay';

const require = createRequire(import.meta.url);
const { Container } = require('@n8n/di') as { Container: { get(type: unknown): any } };
const { OutboundHttp } = require('@n8n/backend-network') as { OutboundHttp: unknown };

const POLL_INTERVAL_MS = 3000;
const MAX_IN_FLIGHT = 16;

export interface FloorRun {
	items: number;
	/** When the run started (epoch ms, to place the simulator's request times). */
	startedAt: number;
	wallMs: number;
	cpuMsPerInvoice: number;
	succeeded: number;
}

/** The create body the bench's node form sends, for one reference code. */
function createBody(providerAccountId: string, referenceCode: string): Record<string, unknown> {
	return {
		reference_code: referenceCode,
		provider_account_id: providerAccountId,
		template_code: '1',
		invoice_series: 'C26TAA',
		is_draft: false,
		issued_date: new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' '),
		currency: 'VND',
		buyer: { type: 'company', name: 'Công ty TNHH Bench', tax_code: '0101234567' },
		items: [{ line_number: 1, line_type: 1, item_name: 'Dịch vụ', quantity: 1, unit_price: 100000, tax_rate: 10 }],
	};
}

export async function measureRequestFloor(sim: { url: string; providerAccountId: string }, items: number, label: string): Promise<FloorRun> {
	const http = Container.get(OutboundHttp).requests();
	const signal = new AbortController().signal;
	let inFlight = 0;
	const waiting: Array<() => void> = [];
	let bearer = '';
	const send = async (request: Record<string, unknown>) => {
		if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
		inFlight++;
		try {
			return await http.request({
				...request,
				baseURL: sim.url,
				json: true,
				headers: { Authorization: bearer, Accept: 'application/json' },
				timeout: 60_000,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				abortSignal: signal,
			});
		} finally {
			inFlight--;
			waiting.shift()?.();
		}
	};

	const cpuBefore = process.cpuUsage();
	const startedAt = Date.now();
	const started = performance.now();
	bearer = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
	const token = await send({ method: 'POST', url: '/v1/token' });
	bearer = `Bearer ${token.body?.data?.access_token}`;
	const statuses = await Promise.all(
		Array.from({ length: items }, async (_, index) => {
			const created = await send({ method: 'POST', url: '/v1/invoices/create', body: createBody(sim.providerAccountId, `FLOOR-${label}-${index + 1}`) });
			const trackingCode = created.body?.data?.tracking_code;
			for (let check = 0; check < 10; check++) {
				await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
				const status = (await send({ method: 'GET', url: `/v1/invoices/create/check/${trackingCode}` })).body?.data?.status;
				if (status !== 'Pending') return status;
			}
			return 'Pending';
		}),
	);
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	return {
		items,
		startedAt,
		wallMs,
		cpuMsPerInvoice: (cpu.user + cpu.system) / 1000 / items,
		succeeded: statuses.filter((status) => status === 'Success').length,
	};
}
