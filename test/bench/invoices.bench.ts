/* eslint-disable */
// Benchmark (`npm run bench`, not part of `npm test`): the node in n8n's real engine against the SePay
// simulator running in its OWN process (test/simulator/cli.ts over IPC), so CPU and memory figures are
// the n8n process's. Every run uses the node's default settings and a fresh simulator (fresh port, so a
// fresh token). Writes the figures, the machine and the targets to docs/benchmark.md.
//
// Then, in the real n8n CLI (test/bench/realN8n.ts, ≈ 2 min per n8n version with n8n cached; `npm run bench`
// builds first, the step packs dist/): 200 creates + wait with the node against the same with HTTP Request
// nodes (token, create, Wait 3 s, status check, IF Pending → Wait), 3 runs each, alternating; its own section.
//
//   npm run bench
//   BENCH_FULL=1 npm run bench            also 1,000 creates + wait at 5 req/s (≈ 7 more minutes)
//   BENCH_SIZES=1,200 BENCH_RATE_RUNS=none BENCH_OUTPUT=/tmp/b.md npm run bench
//   BENCH_CLI=only npm run bench          only the real-n8n step: replaces its section, keeps the rest of the file
//   BENCH_CLI=skip npm run bench          no real-n8n step: the file keeps the section it had
//   BENCH_CLI_VERSIONS=2.41.1,1.123.81    the n8n versions of that step (listed in scripts/n8n-versions.txt;
//                                         default the first); BENCH_CLI_ROUNDS=3 runs of each workflow
//   BENCH_ROUNDS=3                        runs of each size (the table shows the median run; a 2-core VM's
//                                         figures vary by ±10 % from run to run)
//
// Simulator processing = { checks: 0, ms: T }: a job turns Success at the first status check made at
// least T ms after SePay accepted it; with the default poll interval (3 s) that is the first check.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { test } from 'vitest';

import { listedN8nVersions } from '../e2e/versions.ts';
import { runNode } from '../harness/runNode';
import { credentialsFor } from '../support/sepay';
import { CLI_HEADING, cliSection, compareInRealN8n, sectionOf, withSection } from './realN8n';
import type { FloorRun } from './requestFloor';
import { measureRequestFloor } from './requestFloor';
import { SimulatorProcess } from './simulatorProcess';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const PROCESSING_MS = Number(process.env.BENCH_PROCESSING_MS ?? 2000);
const SIZES = (process.env.BENCH_SIZES ?? '1,200,1000').split(',').map(Number);
const OUTPUT = process.env.BENCH_OUTPUT ?? path.join(repoRoot, 'docs', 'benchmark.md');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_ROUNDS is a whole number ≥ 1, not ${process.env.BENCH_ROUNDS}`);

interface RateRun {
	items: number;
	requestsPerSecond: number;
	wait: boolean;
}
const ALL_RATE_RUNS: RateRun[] = [
	{ items: 500, requestsPerSecond: 20, wait: false },
	{ items: 500, requestsPerSecond: 20, wait: true },
	{ items: 1000, requestsPerSecond: 5, wait: false },
	{ items: 1000, requestsPerSecond: 5, wait: true },
];
/** The 1,000-at-5-req/s wait run alone needs ≥ 400 s (2 requests per invoice): opt in. */
const isLong = (r: RateRun) => r.items * (r.wait ? 2 : 1) / r.requestsPerSecond > 300;
const RATE_RUNS =
	process.env.BENCH_RATE_RUNS === 'none'
		? []
		: ALL_RATE_RUNS.filter((r) => process.env.BENCH_FULL === '1' || !isLong(r));
const SKIPPED_RATE_RUNS = ALL_RATE_RUNS.filter((r) => !RATE_RUNS.includes(r));

const CLI_STEP = process.env.BENCH_CLI ?? 'run';
if (!['run', 'skip', 'only'].includes(CLI_STEP)) throw new Error(`BENCH_CLI is only or skip, not ${CLI_STEP}`);
const CLI_VERSIONS = (process.env.BENCH_CLI_VERSIONS ?? listedN8nVersions()[0]!).split(',').map((v) => v.trim());
for (const v of CLI_VERSIONS) if (!listedN8nVersions().includes(v)) throw new Error(`BENCH_CLI_VERSIONS: ${v} is not in scripts/n8n-versions.txt`);
const CLI_ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 3);
if (!Number.isInteger(CLI_ROUNDS) || CLI_ROUNDS < 1) throw new Error(`BENCH_CLI_ROUNDS is a whole number ≥ 1, not ${process.env.BENCH_CLI_ROUNDS}`);
const CLI_ITEMS = 200;

const TARGETS = {
	ratio: 1.3,
	cpuMsPerInvoice: 2,
	rssKbPerInvoice: 100,
	requestsPerInvoice: 2.0,
	tokenRequests: 1,
	floorFactor: 1.2,
};

// ------------------------------------------------------------------ one measured run

interface Row {
	label: string;
	items: number;
	wait: boolean;
	requestsPerSecond?: number;
	wallMs: number;
	/** From the start of the run until SePay received its first create. */
	firstCreateMs: number;
	succeeded: number;
	failedItems: number;
	nodeError?: string;
	invoices: number;
	duplicates: number;
	tokenRequests: number;
	apiRequestsPerInvoice: number;
	checksPerInvoice: number;
	rateLimited: number;
	cpuMsPerInvoice: number;
	rssKbPerInvoice: number;
	peakConnections: number;
	/** Wall times of every run, when the row is their median. */
	wallRuns?: number[];
}

async function measure(label: string, items: number, wait: boolean, rateLimit?: number, profiler?: Session): Promise<Row> {
	const sim = await SimulatorProcess.start([
		'--processing-checks', '0',
		'--processing-ms', String(PROCESSING_MS),
		'--quota', '100000000',
		...(rateLimit ? ['--rate-limit', String(rateLimit)] : []),
	]);
	const store = credentialsFor(sim);
	const parameters = {
		resource: 'invoice',
		operation: 'create',
		providerAccount: { __rl: true, mode: 'id', value: sim.providerAccountId },
		templateAndSeries: '1|C26TAA',
		buyerType: 'company',
		buyerName: 'Công ty TNHH Bench',
		buyerDetails: { taxCode: '0101234567' },
		lineItems: { item: [{ lineType: 1, itemName: 'Dịch vụ', quantity: 1, unitPrice: 100000, taxRate: '10' }] },
		referenceCode: `={{ "BENCH-${label.replace(/\W+/g, '-')}-" + $json.n }}`,
		...(wait ? {} : { waitForResult: false }),
	};
	const input = Array.from({ length: items }, (_, i) => ({ n: i + 1 }));
	(globalThis as { gc?: () => void }).gc?.();
	const rssBefore = process.memoryUsage.rss();
	const peakRss = trackPeakRss();
	try {
		if (profiler) await profiler.post('Profiler.start');
		const cpuBefore = process.cpuUsage();
		const startedAt = Date.now();
		const started = performance.now();
		const result = await runNode({ store, items: input, parameters });
		const wallMs = performance.now() - started;
		const cpu = process.cpuUsage(cpuBefore);
		const peakRssBytes = peakRss.stop();
		if (profiler) lastProfile = (await profiler.post('Profiler.stop')).profile as CpuProfile;
		// Without Wait for Result the run ends before SePay has processed the last jobs: let it
		// finish (not timed), so that "every invoice once" counts what SePay made of every request.
		if (!wait) await new Promise((resolve) => setTimeout(resolve, PROCESSING_MS + 100));
		const report = await sim.report();
		const succeeded = result.items.filter((i) => (wait ? i.json.status === 'Success' : typeof i.json.tracking_code === 'string' && !i.json.error)).length;
		return {
			label,
			items,
			wait,
			requestsPerSecond: rateLimit,
			wallMs,
			firstCreateMs: (report.firstCreateAt ?? NaN) - startedAt,
			succeeded,
			failedItems: items - succeeded,
			nodeError: result.error?.message,
			invoices: report.invoices,
			duplicates: report.stats.createJobsAccepted - report.acceptedCreateReferences,
			tokenRequests: report.tokenRequests,
			apiRequestsPerInvoice: (report.requests - report.tokenRequests - report.stats.rateLimited) / items,
			checksPerInvoice: report.createChecks / items,
			rateLimited: report.stats.rateLimited,
			cpuMsPerInvoice: (cpu.user + cpu.system) / 1000 / items,
			rssKbPerInvoice: (peakRssBytes - rssBefore) / 1024 / items,
			peakConnections: report.concurrency.peakConnections,
		};
	} finally {
		peakRss.stop();
		await sim.stop();
	}
}

/**
 * The process's peak RSS from now until `stop()`. On Linux the kernel's high-water mark (VmHWM), reset
 * here: exact, and no cost inside the measured run. Elsewhere a 10 ms sampler, whose wake-ups cost
 * about 17 ms of CPU per second of run (measured on Linux), counted in the run's CPU.
 */
function trackPeakRss(): { stop(): number } {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		const highWaterMark = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) * 1024;
		if (!Number.isFinite(highWaterMark())) throw new Error('no VmHWM');
		return { stop: highWaterMark };
	} catch {
		let peak = process.memoryUsage.rss();
		const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
		return {
			stop: () => {
				clearInterval(sampler);
				return (peak = Math.max(peak, process.memoryUsage.rss()));
			},
		};
	}
}

/** The same creates and checks through n8n's request helper alone (requestFloor.ts), on a fresh simulator. */
interface FloorMeasure extends FloorRun {
	/** From the start of the run until SePay received its first create. */
	firstCreateMs: number;
}

async function measureFloor(label: string, items: number): Promise<FloorMeasure> {
	const sim = await SimulatorProcess.start(['--processing-checks', '0', '--processing-ms', String(PROCESSING_MS), '--quota', '100000000']);
	try {
		const run = await measureRequestFloor(sim, items, label);
		const report = await sim.report();
		if (report.invoices !== items || run.succeeded !== items) throw new Error(`floor ${label}: ${run.succeeded} succeeded, ${report.invoices} invoices of ${items}`);
		return { ...run, firstCreateMs: (report.firstCreateAt ?? NaN) - run.startedAt };
	} finally {
		await sim.stop();
	}
}

// ------------------------------------------------------------------ where the CPU goes

interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
	samples: number[];
	timeDeltas: number[];
}

/** The CPU profile of the last measure() given a profiler. */
let lastProfile: CpuProfile | undefined;

const HTTP_PACKAGES = /node_modules\/(axios|follow-redirects|proxy-from-env|form-data|@n8n\/backend-network)\//;
const NODE_HTTP = /^node:(net|http|https|_http_\w+|dns|url|events|internal\/(url|streams|stream_base_commons|net|http|dns|timers|async_hooks|event_target|abort_controller))/;
const NATIVE_IO = ['writev', 'writeLatin1String', 'writeUtf8String', 'writeBuffer', 'close', 'connect', 'parse', 'execute', 'shutdown', 'setKeepAlive', 'setNoDelay', 'TCP', 'utf8Slice'];
const EXPRESSION_PACKAGES = /node_modules\/(n8n-workflow|@n8n\/tournament|@n8n\/expression-runtime|luxon|recast|ast-types|esprima-next|jmespath|lodash)\//;

/** Each sample goes to the group of the function it was in (its own code, not its callers'). */
const CPU_GROUPS: Array<[string, (url: string, functionName: string) => boolean]> = [
	["n8n's request helper and Node's HTTP client (axios, sockets, streams)", (url, fn) => HTTP_PACKAGES.test(url) || NODE_HTTP.test(url) || (url === '' && NATIVE_IO.includes(fn))],
	["n8n's expressions and parameters (n8n-workflow)", (url) => EXPRESSION_PACKAGES.test(url)],
	["n8n's engine (n8n-core)", (url) => url.includes('/node_modules/n8n-core/')],
	['This node (nodes/SePayEInvoice)', (url) => url.includes('/nodes/SePayEInvoice/')],
	['Garbage collection', (_url, fn) => fn === '(garbage collector)'],
];

/** Idle time, and the profiler's own work when it stops. */
function isIdle(frame: { functionName: string; url: string }): boolean {
	return frame.functionName === '(idle)' || frame.functionName === '(program)' || frame.url.startsWith('node:inspector');
}

function cpuBreakdown(profile: CpuProfile): Array<{ group: string; share: number }> {
	const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
	const byGroup = new Map<string, number>();
	let busy = 0;
	profile.samples.forEach((id, index) => {
		const frame = frames.get(id)!;
		if (isIdle(frame)) return;
		const group = CPU_GROUPS.find(([, matches]) => matches(frame.url, frame.functionName))?.[0] ?? 'Other (promises, timers, the test harness)';
		const micros = profile.timeDeltas[index] ?? 0;
		byGroup.set(group, (byGroup.get(group) ?? 0) + micros);
		busy += micros;
	});
	return [...byGroup].map(([group, micros]) => ({ group, share: micros / busy })).sort((a, b) => b.share - a.share);
}

/**
 * Frames that open or close a TCP connection. n8n's request helper builds new agents for every
 * request (@n8n/backend-network, buildNodeAgents), so no connection is reused: each request connects
 * and closes its own socket, the node's and the floor's alike.
 */
const CONNECTION_FRAMES: Array<[RegExp, RegExp]> = [
	[/^node:_http_agent$/, /^(Agent|createSocket|createConnection)$/],
	[/^node:https$/, /^(Agent|createConnection)$/],
	[/^node:net$/, /^(Socket|createConnection|connect|internalConnect|_destroy)$/],
	[/node_modules\/@n8n\/backend-network\//, /^(buildNodeAgents|applyConnectionGuard)$/],
];

/** The share of busy CPU spent in a frame that opens or closes a connection, or in what it calls. */
function connectionShare(profile: CpuProfile): number {
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
	const inConnection = new Map<number, boolean>();
	const opensOrCloses = (id: number): boolean => {
		const known = inConnection.get(id);
		if (known !== undefined) return known;
		const { url, functionName } = frames.get(id)!;
		const own = CONNECTION_FRAMES.some(([file, name]) => file.test(url) && name.test(functionName));
		const parent = parentOf.get(id);
		const result = own || (parent !== undefined && opensOrCloses(parent));
		inConnection.set(id, result);
		return result;
	};
	let busy = 0;
	let connecting = 0;
	profile.samples.forEach((id, index) => {
		const frame = frames.get(id)!;
		if (isIdle(frame)) return;
		const micros = profile.timeDeltas[index] ?? 0;
		busy += micros;
		if (opensOrCloses(id)) connecting += micros;
	});
	return busy === 0 ? 0 : connecting / busy;
}

// ------------------------------------------------------------------ report

const fmt = (n: number, digits = 2) => n.toFixed(digits);
const metOrNot = (ok: boolean) => (ok ? 'met' : '**not met**');
/** Requests the server must admit at least: the create, plus one status check when waiting. */
const floorSeconds = (r: Row) => (r.items * (r.wait ? 2 : 1)) / r.requestsPerSecond!;

const loadAtStart = os.loadavg();

function machine(): string[] {
	const version = (pkg: string) => (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
	const cpus = os.cpus();
	return [
		`- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
		`- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${fmt(os.totalmem() / 2 ** 30, 1)} GB RAM, ${os.type()} ${os.release()}`,
		`- Node ${process.version}, n8n-core ${version('n8n-core')}, n8n-workflow ${version('n8n-workflow')}`,
		// Other work on the machine slows wall times (and, less, CPU times): say how busy it was.
		`- Load average (1 min) at start / end: ${fmt(loadAtStart[0]!)} / ${fmt(os.loadavg()[0]!)} on ${os.cpus().length} cores`,
	];
}

interface Breakdown {
	items: number;
	groups: Array<{ group: string; share: number }>;
	connectionShare: number;
}

function markdown(sizeRows: Row[], rateRows: Row[], breakdown: Breakdown, floorRows: FloorRow[]): string {
	const floorBase = floorRows.find((r) => r.items === 1);
	const base = sizeRows.find((r) => r.items === 1);
	const ratio = (r: Row) => (base ? fmt(r.wallMs / base.wallMs) : '—');
	const lines: string[] = [
		'# Benchmark',
		'',
		'Written by `npm run bench` (test/bench/invoices.bench.ts); do not edit by hand. The node runs in n8n-core\'s',
		'WorkflowExecute (the test harness) with its **default settings**; the SePay simulator runs in its own process,',
		'one fresh simulator per run. CPU time and RSS are the n8n process\'s only.',
		'',
		...machine(),
		`- Simulator processing time T = ${PROCESSING_MS} ms (a job is done at the first status check ≥ T after acceptance); default poll interval 3 s`,
		'',
		'## Create with Wait for Result',
		'',
		`Each size ran ${ROUNDS} times (sizes alternating); the row is the run with the median wall time, with the median`,
		'CPU and RSS of all runs.',
		'',
		'| N | Wall time | Wall times of the runs | Ratio to N = 1 | First create after | Succeeded | Invoices (duplicates) | CPU ms / invoice | Peak RSS growth / invoice | Sockets at peak | Token requests | HTTP requests / invoice | Status checks / invoice |',
		'|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
		...sizeRows.map((r) =>
			`| ${r.items} | ${fmt(r.wallMs / 1000)} s | ${(r.wallRuns ?? [r.wallMs]).map((ms) => fmt(ms / 1000)).join(', ')} | ${ratio(r)} | ${fmt(r.firstCreateMs / 1000)} s | ${r.succeeded}/${r.items} | ${r.invoices} (${r.duplicates}) | ${fmt(r.cpuMsPerInvoice)} | ${fmt(r.rssKbPerInvoice, 0)} KB | ${r.peakConnections} | ${r.tokenRequests} | ${fmt(r.apiRequestsPerInvoice)} | ${fmt(r.checksPerInvoice)} |`,
		),
		'',
		'First create after = from the start of the run until SePay received its first create: the node checks every item',
		'before it sends any (n8n evaluates the Reference Code expression of each item), then fetches the token.',
		'HTTP requests / invoice counts the API requests SePay admitted (token requests are counted apart). Sockets at peak =',
		'the most TCP connections the simulator had open at once. CPU ms and RSS growth per invoice include the run\'s fixed',
		'cost (one workflow run: the N = 1 row). Peak RSS is the kernel\'s high-water mark of the process during the run (VmHWM).',
		...sizeRows.filter((r) => r.nodeError).map((r) => `- N = ${r.items}: the node stopped: ${r.nodeError}`),
		'',
		`### Where the CPU of N = ${breakdown.items} goes`,
		'',
		`One more run of N = ${breakdown.items} under V8's sampling profiler (not in the table above; the profiler slows it down).`,
		'Each sample counts for the code it was taken in. "ms / invoice" applies the share to the median CPU above.',
		'',
		'| Where | Share of CPU | ≈ ms / invoice |',
		'|---|---:|---:|',
		...breakdown.groups.map(({ group, share }) => `| ${group} | ${fmt(share * 100, 0)} % | ${fmt(share * (sizeRows.find((r) => r.items === breakdown.items)?.cpuMsPerInvoice ?? 0))} |`),
		'',
		`Opening and closing TCP connections (those functions and what they call): ${fmt(breakdown.connectionShare * 100, 0)} % of the CPU above.`,
		"n8n's request helper builds new agents for every request (@n8n/backend-network's `buildNodeAgents`), so no",
		'connection is reused and each request connects anew; the floor below pays the same.',
		'',
		"### The floor: n8n's request helper alone",
		'',
		'The same creates and status checks, each size as often and in turn with the node\'s runs, sent straight through',
		"n8n's request helper (`OutboundHttp`, where `this.helpers.httpRequest` ends) with no node, no engine, no checks and no",
		'expressions: one token, then per item create → wait 3 s → check, 16 requests in flight (test/bench/requestFloor.ts).',
		'No node built on n8n\'s helpers can go below it on this machine.',
		'',
		'| N | Wall time | Wall times of the runs | Ratio to N = 1 | First create after | CPU ms / invoice | The node\'s CPU ÷ the floor\'s |',
		'|---:|---:|---|---:|---:|---:|---:|',
		...floorRows.map((r) => {
			const node = sizeRows.find((row) => row.items === r.items);
			return `| ${r.items} | ${fmt(r.wallMs / 1000)} s | ${r.wallRuns.map((ms) => fmt(ms / 1000)).join(', ')} | ${floorBase ? fmt(r.wallMs / floorBase.wallMs) : '—'} | ${fmt(r.firstCreateMs / 1000)} s | ${fmt(r.cpuMsPerInvoice)} | ${node ? fmt(node.cpuMsPerInvoice / r.cpuMsPerInvoice) : '—'} |`;
		}),
		'',
	];
	if (rateRows.length > 0 || SKIPPED_RATE_RUNS.length > 0) {
		lines.push(
			'## Against a rate-limited server',
			'',
			'The simulator admits R requests in any one second and answers the rest `429` with `Retry-After` (token requests are',
			'outside the budget). Floor = the requests each invoice needs at least (create, plus one status check when waiting) ÷ R.',
			'',
			'| Creates | R (req/s) | Wait for Result | Wall time | Floor | Wall ÷ floor | Succeeded | Invoices (duplicates) | 429 answers | Token requests | Sockets at peak | CPU ms / invoice |',
			'|---:|---:|:---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
			...rateRows.map((r) =>
				`| ${r.items} | ${r.requestsPerSecond} | ${r.wait ? 'yes' : 'no'} | ${fmt(r.wallMs / 1000, 1)} s | ${fmt(floorSeconds(r), 1)} s | ${fmt(r.wallMs / 1000 / floorSeconds(r))} | ${r.succeeded}/${r.items} | ${r.invoices} (${r.duplicates}) | ${r.rateLimited} | ${r.tokenRequests} | ${r.peakConnections} | ${fmt(r.cpuMsPerInvoice)} |`,
			),
			...SKIPPED_RATE_RUNS.map((r) => `| ${r.items} | ${r.requestsPerSecond} | ${r.wait ? 'yes' : 'no'} | not run (\`BENCH_FULL=1\`) | ${fmt((r.items * (r.wait ? 2 : 1)) / r.requestsPerSecond, 1)} s | | | | | | | |`),
			'',
			...rateRows.filter((r) => r.nodeError).map((r) => `- ${r.items} at ${r.requestsPerSecond} req/s${r.wait ? ' with wait' : ''}: the node stopped: ${r.nodeError}`),
			'',
		);
	}
	const targets: Array<[string, string, string, boolean]> = [];
	for (const r of base ? sizeRows.filter((r) => r.items > 1) : []) {
		targets.push([`N = ${r.items}: wall time ÷ N = 1`, `≤ ${TARGETS.ratio}`, ratio(r), r.wallMs / base!.wallMs <= TARGETS.ratio]);
	}
	const biggest = sizeRows.at(-1);
	if (biggest) {
		targets.push([`N = ${biggest.items}: every invoice once`, `${biggest.items}, 0 duplicates`, `${biggest.succeeded} succeeded, ${biggest.invoices} invoices, ${biggest.duplicates} duplicates`, biggest.succeeded === biggest.items && biggest.invoices === biggest.items && biggest.duplicates === 0]);
		targets.push([`N = ${biggest.items}: CPU time per invoice`, `≤ ${TARGETS.cpuMsPerInvoice} ms`, `${fmt(biggest.cpuMsPerInvoice)} ms`, biggest.cpuMsPerInvoice <= TARGETS.cpuMsPerInvoice]);
		targets.push([`N = ${biggest.items}: peak RSS growth per invoice`, `≤ ${TARGETS.rssKbPerInvoice} KB`, `${fmt(biggest.rssKbPerInvoice, 0)} KB`, biggest.rssKbPerInvoice <= TARGETS.rssKbPerInvoice]);
		targets.push([`N = ${biggest.items}: token requests`, `${TARGETS.tokenRequests}`, String(biggest.tokenRequests), biggest.tokenRequests === TARGETS.tokenRequests]);
		targets.push([`N = ${biggest.items}: HTTP requests per invoice`, fmt(TARGETS.requestsPerInvoice), fmt(biggest.apiRequestsPerInvoice), biggest.apiRequestsPerInvoice <= TARGETS.requestsPerInvoice + 1e-9]);
	}
	for (const r of rateRows) {
		const what = `${r.items} at ${r.requestsPerSecond} req/s${r.wait ? ', wait' : ''}`;
		targets.push([`${what}: every invoice once`, `${r.items}, 0 duplicates`, `${r.succeeded} succeeded, ${r.invoices} invoices, ${r.duplicates} duplicates`, r.succeeded === r.items && r.invoices === r.items && r.duplicates === 0]);
		const factor = r.wallMs / 1000 / floorSeconds(r);
		targets.push([`${what}: wall time ÷ floor`, `≤ ${TARGETS.floorFactor}`, r.succeeded === r.items ? fmt(factor) : `${fmt(factor)} (items failed)`, r.succeeded === r.items && factor <= TARGETS.floorFactor]);
	}
	lines.push(
		'## Targets',
		'',
		'| What | Target | Measured | |',
		'|---|---|---|---|',
		...targets.map(([what, target, measured, ok]) => `| ${what} | ${target} | ${measured} | ${metOrNot(ok)} |`),
		'',
		...floorRows
			.filter((r) => r.items > 1 && floorBase)
			.map((r) => `For scale, n8n's request helper alone (the floor above) at N = ${r.items}: wall time ÷ N = 1 ${fmt(r.wallMs / floorBase!.wallMs)}, CPU ${fmt(r.cpuMsPerInvoice)} ms per invoice.`),
		'',
	);
	return lines.join('\n');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The run with the median wall time, with the median CPU and RSS of all runs. */
function medianRow(runs: Row[]): Row {
	const middle = median(runs.map((r) => r.wallMs));
	return {
		...runs.find((r) => r.wallMs === middle)!,
		cpuMsPerInvoice: median(runs.map((r) => r.cpuMsPerInvoice)),
		rssKbPerInvoice: median(runs.map((r) => r.rssKbPerInvoice)),
		wallRuns: runs.map((r) => r.wallMs),
	};
}

interface FloorRow extends FloorMeasure {
	wallRuns: number[];
}

function medianFloor(runs: FloorMeasure[]): FloorRow {
	const middle = median(runs.map((r) => r.wallMs));
	return { ...runs.find((r) => r.wallMs === middle)!, cpuMsPerInvoice: median(runs.map((r) => r.cpuMsPerInvoice)), wallRuns: runs.map((r) => r.wallMs) };
}

async function engineMarkdown(): Promise<string> {
	await measure('warm-up', 2, true); // module load and JIT, not reported
	await measureFloor('warm-up', 2);
	const runsBySize = new Map<number, Row[]>(SIZES.map((n) => [n, []]));
	const floorBySize = new Map<number, FloorMeasure[]>(SIZES.map((n) => [n, []]));
	for (let round = 1; round <= ROUNDS; round++) {
		for (const n of SIZES) {
			runsBySize.get(n)!.push(await measure(`N${n}-${round}`, n, true));
			process.stdout.write(`N = ${n}, run ${round}: ${fmt(runsBySize.get(n)!.at(-1)!.wallMs / 1000)} s\n`);
			floorBySize.get(n)!.push(await measureFloor(`N${n}-${round}`, n));
			process.stdout.write(`N = ${n}, run ${round}, n8n's request helper alone: ${fmt(floorBySize.get(n)!.at(-1)!.wallMs / 1000)} s\n`);
		}
	}
	const sizeRows = SIZES.map((n) => medianRow(runsBySize.get(n)!));
	const floorRows = SIZES.map((n) => medianFloor(floorBySize.get(n)!));
	// One more run of the largest size under the sampling profiler, for where its CPU goes (not in the table).
	const profiler = new Session();
	profiler.connect();
	await profiler.post('Profiler.enable');
	const profiled = await measure(`N${SIZES.at(-1)}-profiled`, SIZES.at(-1)!, true, undefined, profiler);
	profiler.disconnect();
	const breakdown = { items: profiled.items, groups: cpuBreakdown(lastProfile!), connectionShare: connectionShare(lastProfile!) };
	const rateRows: Row[] = [];
	for (const r of RATE_RUNS) {
		rateRows.push(await measure(`R${r.requestsPerSecond}-${r.items}-${r.wait ? 'w' : 'n'}`, r.items, r.wait, r.requestsPerSecond));
		process.stdout.write(`${r.items} at ${r.requestsPerSecond} req/s${r.wait ? ' + wait' : ''}: ${fmt(rateRows.at(-1)!.wallMs / 1000)} s\n`);
	}
	return markdown(sizeRows, rateRows, breakdown, floorRows);
}

async function realN8nSection(): Promise<string> {
	const loadAtStart = os.loadavg()[0]!;
	const results = await compareInRealN8n({
		versions: CLI_VERSIONS,
		items: CLI_ITEMS,
		rounds: CLI_ROUNDS,
		processingMs: PROCESSING_MS,
		log: (line) => process.stdout.write(`${line}\n`),
	});
	return cliSection(results, {
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		loadAtStart,
		loadAtEnd: os.loadavg()[0]!,
		cores: os.cpus().length,
		processingMs: PROCESSING_MS,
	});
}

const stepsRun = CLI_STEP === 'only' ? 'real n8n only' : `create + wait N = ${SIZES.join(', ')}; rate-limited runs: ${RATE_RUNS.length}; real n8n: ${CLI_STEP === 'skip' ? 'skipped' : CLI_VERSIONS.join(', ')}`;

test(stepsRun, async () => {
	const previous = (() => {
		try {
			return readFileSync(OUTPUT, 'utf8');
		} catch {
			return '';
		}
	})();
	let text: string;
	if (CLI_STEP === 'only') {
		text = withSection(previous || '# Benchmark\n', CLI_HEADING, await realN8nSection());
	} else {
		const engine = await engineMarkdown();
		// Skipped: the section keeps its figures (it carries its own date).
		const cli = CLI_STEP === 'skip' ? sectionOf(previous, CLI_HEADING) : await realN8nSection();
		text = cli ? withSection(engine, CLI_HEADING, cli) : engine;
	}
	mkdirSync(path.dirname(OUTPUT), { recursive: true });
	writeFileSync(OUTPUT, text);
	process.stdout.write(`\n${text}\nWritten to ${path.relative(repoRoot, OUTPUT) || OUTPUT}\n`);
});
