/* eslint-disable */
// Benchmark: Create with "Wait for Result" for N = 1, 50, 200 invoices against the simulator
// with a processing time T. Prints figures only; asserts nothing.
//
//   npx vitest run --config test/bench/vitest.config.mts
//   BENCH_POLL_INTERVAL=1 BENCH_SIZES=1,50,200 BENCH_PROCESSING_MS=2000 npx vitest run --config test/bench/vitest.config.mts
//
// Simulator processing = { checks: 0, ms: T }: a job turns Success at the first status check made
// at least T ms after SePay accepted it (checks: 1 would add a forced Pending answer on top of T).
// The simulator runs in this process, so peak RSS includes it (and its request log).
import { test } from 'vitest';

import { SePaySimulator } from '../simulator/index.ts';
import { newCredentialStore, runNode } from '../harness/runNode';

const POLL_INTERVAL = Number(process.env.BENCH_POLL_INTERVAL ?? 3);
const PROCESSING_MS = Number(process.env.BENCH_PROCESSING_MS ?? 2000);
const SIZES = (process.env.BENCH_SIZES ?? '1,50,200').split(',').map(Number);

interface Row {
	n: number;
	wallMs: number;
	ok: number;
	tokenRequests: number;
	httpPerInvoice: number;
	checksPerInvoice: number;
	peakRssMb: number;
}

async function measure(n: number, pollInterval: number, processingMs: number): Promise<Row> {
	const sim = await SePaySimulator.start({ processing: { checks: 0, ms: processingMs }, quota: 1_000_000 });
	const store = newCredentialStore({ environment: 'custom', baseUrl: sim.url, clientId: 'demo-client-id', clientSecret: 'demo-client-secret' });
	let peakRss = process.memoryUsage.rss();
	const sampler = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage.rss());
	}, 10);
	try {
		const started = performance.now();
		const result = await runNode({
			store,
			items: Array.from({ length: n }, (_, i) => ({ n: i + 1 })),
			parameters: {
				resource: 'invoice',
				operation: 'create',
				providerAccount: { __rl: true, mode: 'id', value: sim.activeProviderAccountId },
				templateAndSeries: '1|C26TAA',
				buyerType: 'company',
				buyerName: 'Công ty TNHH Bench',
				buyerDetails: { taxCode: '0101234567' },
				lineItems: { item: [{ lineType: 1, itemName: 'Dịch vụ', quantity: 1, unitPrice: 100000, taxRate: '10' }] },
				referenceCode: `={{ "BENCH-${n}-" + $json.n }}`,
				pollInterval,
				maxPollAttempts: 100,
			},
		});
		const wallMs = performance.now() - started;
		peakRss = Math.max(peakRss, process.memoryUsage.rss());
		if (result.error) console.log(`N=${n}: node error: ${result.error.message}`);
		return {
			n,
			wallMs,
			ok: result.items.filter((i) => i.json.status === 'Success').length,
			tokenRequests: sim.tokenRequestCount(),
			httpPerInvoice: sim.requests.length / n,
			checksPerInvoice: sim.requestsTo('GET', '/v1/invoices/create/check/*').length / n,
			peakRssMb: peakRss / 2 ** 20,
		};
	} finally {
		clearInterval(sampler);
		await sim.close();
	}
}

test('create + wait: N = ' + SIZES.join(', '), async () => {
	await measure(2, 0.5, 0); // warm-up (module load, JIT), not reported
	const rows: Row[] = [];
	for (const n of SIZES) rows.push(await measure(n, POLL_INTERVAL, PROCESSING_MS));
	const base = rows[0].wallMs;
	const lines = [
		`SePay eInvoice bench — create with Wait for Result; processing T = ${PROCESSING_MS} ms; poll interval ${POLL_INTERVAL} s; maxConcurrentPolls 20 (default); node ${process.version}`,
		'     N   wall (s)   ratio to N=${SIZES[0]}   Success   token req   HTTP req/invoice   checks/invoice   peak RSS (MB)'.replace('${SIZES[0]}', String(SIZES[0])),
		...rows.map((r) =>
			[
				String(r.n).padStart(6),
				(r.wallMs / 1000).toFixed(2).padStart(10),
				(r.wallMs / base).toFixed(2).padStart(12),
				String(r.ok).padStart(9),
				String(r.tokenRequests).padStart(11),
				r.httpPerInvoice.toFixed(2).padStart(18),
				r.checksPerInvoice.toFixed(2).padStart(16),
				r.peakRssMb.toFixed(0).padStart(15),
			].join(' '),
		),
		`process maxRSS (whole run): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
	];
	process.stdout.write(`\n${lines.join('\n')}\n\n`);
});
