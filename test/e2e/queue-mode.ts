/* eslint-disable */
// End-to-end in n8n's queue mode (see test/e2e/README.md):
//   npm run test:queue            (= npm run build && node test/e2e/queue-mode.ts)
// Redis (Debian's redis-server, installed with apt-get when missing) on a free port without
// persistence, a throw-away PostgreSQL (Debian's postgresql; queue mode needs a database that
// several processes write at once: SQLite answers SQLITE_BUSY), one `n8n start` main and two
// `n8n worker` processes of the real n8n CLI sharing one user folder with the packed package
// installed as a community node. A batch of
// invoices is split over several webhook-started executions that the workers share; then the
// simulator revokes every token and a second batch runs. Checks: every invoice exactly once,
// both workers ran executions, at most one token request per worker per phase. Then the SePay
// Trigger's Skip Repeated Deliveries under bursts (triggerBursts.ts): the main answers the
// webhooks, the workers run the executions.
// Env: E2E_KEEP=1 keeps the temp folder (it holds the client secret: delete it yourself).

import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { DEMO_CLIENT_ID as CLIENT_ID, DEMO_CLIENT_SECRET as CLIENT_SECRET, SePaySimulator } from '../simulator/index.ts';
import { defaultN8nVersion } from './versions.ts';
import {
	N8n,
	N8nServer,
	hideTokensSentTo,
	freePort,
	installN8nRuntime,
	installPackageInto,
	killAllChildren,
	log,
	packPackage,
	registerSecret,
	repoRoot,
	run,
} from './n8n.ts';
import { flattedParse } from './snapshot.ts';
import { BURST_WORKFLOW_ID, burstTriggerWorkflow, runTriggerBurstChecks } from './triggerBursts.ts';
import { hmacCredential } from './triggerHmac.ts';
import { CREDENTIAL_TYPE, createParams, sepayNode, webhookTrigger, workflow } from './workflows.ts';

/** Queue mode is checked on the newest listed n8n line (2.x). */
const QUEUE_N8N_VERSION = defaultN8nVersion();

registerSecret(CLIENT_SECRET);
registerSecret(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'));
const ENCRYPTION_KEY = 'queue-mode-e2e-encryption-key-7d1f4b';
registerSecret(ENCRYPTION_KEY);
const CREDENTIAL = { id: 'SePayQueueCred01', name: 'SePay eInvoice (simulator)' };
const WORKFLOW_ID = 'queue01batch';
const WEBHOOK_PATH = 'sepay-queue-batch';
const WORKERS = 2;
/** Per worker: several executions run at once in each (n8n warns below 5). */
const WORKER_CONCURRENCY = 5;
/** How long ignored trigger calls get to (wrongly) start an execution before executions are counted. */
const NO_EXECUTION_SETTLE_MS = 1000;
/** Phase 1: executions × invoices each; phase 2 (after every token is revoked) is smaller. */
const PHASES = [
	{ name: 'batch', executions: 8, invoicesEach: 15 },
	{ name: 'after revocation', executions: 4, invoicesEach: 10 },
];

// ------------------------------------------------------------------ checks (same output as run-e2e.ts)

const checks: Array<{ name: string; ok: boolean }> = [];
function check(name: string, fn: () => void): void {
	try {
		fn();
		checks.push({ name, ok: true });
		log(`  ok   ${name}`);
	} catch (error) {
		checks.push({ name, ok: false });
		const detail = error instanceof Error ? error.message : String(error);
		log(`  FAIL ${name}\n       ${detail.split('\n').join('\n       ')}`);
	}
}
function fail(name: string, error: unknown): void {
	checks.push({ name, ok: false });
	const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
	log(`  FAIL ${name}\n       ${detail.split('\n').slice(0, 40).join('\n       ')}`);
}
function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}
function eq(actual: unknown, expected: unknown, what: string): void {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}
function short(value: unknown, max = 600): string {
	const text = JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

// ------------------------------------------------------------------ Redis

/** Debian's package `pkg`, installed with apt-get when `find` finds nothing; answers what `find` prints. */
async function ensureDebianPackage(pkg: string, find: string): Promise<string> {
	const found = await run('bash', ['-c', find]);
	if (found.code === 0 && found.stdout.trim()) return found.stdout.trim();
	log(`${pkg} missing: apt-get install -y ${pkg}`);
	const install = await run('bash', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`], {
		timeoutMs: 300_000,
	});
	if (install.code !== 0) throw new Error(`could not install ${pkg} (needs root and Debian's apt):\n${install.stderr.slice(-2000)}`);
	const again = await run('bash', ['-c', find]);
	if (again.code !== 0 || !again.stdout.trim()) throw new Error(`${pkg} still missing after apt-get install`);
	return again.stdout.trim();
}

async function redisPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			answer += d.toString();
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

/** A throw-away Redis: no RDB snapshots, no AOF, loopback only. */
async function startRedis(binary: string, dir: string): Promise<{ port: number; server: N8nServer }> {
	const port = await freePort();
	const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	// N8nServer only for its process-group stop and exit tracking.
	const server = new N8nServer(child.pid!, `redis://127.0.0.1:${port}`);
	child.stdout.setEncoding('utf8').on('data', (d: string) => (server.output += d));
	child.stderr.setEncoding('utf8').on('data', (d: string) => (server.output += d));
	child.on('close', (code) => (server.exited = code ?? -1));
	await server.waitUntil(async () => await redisPing(port), 15_000, 'redis-server did not answer PING');
	return { port, server };
}

// ------------------------------------------------------------------ PostgreSQL

const PG_USER = 'n8n';

/** Spawned in its own process group; as the `postgres` user when we are root (PostgreSQL refuses root). */
function spawnAsPostgres(binary: string, args: string[]) {
	const asRoot = process.getuid?.() === 0;
	return spawn(asRoot ? 'runuser' : binary, asRoot ? ['-u', 'postgres', '--', binary, ...args] : args, {
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
}

/** A throw-away cluster: trust auth on 127.0.0.1, no fsync, database `n8n`. */
async function startPostgres(binDir: string, dataDir: string): Promise<{ port: number; server: N8nServer }> {
	if (process.getuid?.() === 0) chownSync(path.dirname(dataDir), Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
	const init = spawnAsPostgres(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', PG_USER, '--auth=trust', '--no-sync', '-E', 'UTF8']);
	let initOutput = '';
	init.stdout.on('data', (d) => (initOutput += d));
	init.stderr.on('data', (d) => (initOutput += d));
	const initCode = await new Promise<number | null>((resolve) => init.on('close', resolve));
	if (initCode !== 0) throw new Error(`initdb exited with ${initCode}\n${initOutput.slice(-2000)}`);
	const port = await freePort();
	const child = spawnAsPostgres(path.join(binDir, 'postgres'), [
		'-D', dataDir, '-p', String(port), '-k', path.dirname(dataDir), '-c', 'listen_addresses=127.0.0.1',
		'-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
	]);
	const server = new N8nServer(child.pid!, `postgres://127.0.0.1:${port}`);
	child.stdout.setEncoding('utf8').on('data', (d: string) => (server.output += d));
	child.stderr.setEncoding('utf8').on('data', (d: string) => (server.output += d));
	child.on('close', (code) => (server.exited = code ?? -1));
	const isReady = path.join(binDir, 'pg_isready');
	await server.waitUntil(async () => (await run(isReady, ['-h', '127.0.0.1', '-p', String(port)])).code === 0, 30_000, 'postgres did not accept connections');
	const created = await run(path.join(binDir, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER, 'n8n']);
	if (created.code !== 0) throw new Error(`createdb failed: ${created.stderr}`);
	return { port, server };
}

// ------------------------------------------------------------------ n8n processes

/** `n8n worker` for the shared user folder; resolves when it says it is ready. */
async function startWorker(n8n: N8n, env: Record<string, string>): Promise<N8nServer> {
	const child = spawn(
		process.execPath,
		[path.join(n8n.installDir, 'node_modules', 'n8n', 'bin', 'n8n'), 'worker', `--concurrency=${WORKER_CONCURRENCY}`],
		{ cwd: n8n.userFolder, env: n8n.env(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	const worker = new N8nServer(child.pid!, `worker:${child.pid}`);
	child.stdout.setEncoding('utf8').on('data', (d: string) => (worker.output += d));
	child.stderr.setEncoding('utf8').on('data', (d: string) => (worker.output += d));
	child.on('close', (code) => (worker.exited = code ?? -1));
	await worker.waitUntil(async () => worker.output.includes('n8n worker is now ready'), 90_000, 'n8n worker did not become ready');
	return worker;
}

/** The error n8n stored for a failed execution (execution data is `flatted`; n8n's own copy parses it). */
async function executionError(server: N8nServer, installDir: string, id: string): Promise<string> {
	const res = await server.rest('GET', `/executions/${id}`);
	try {
		const requireFromN8n = createRequire(path.join(installDir, 'node_modules', 'n8n', 'package.json'));
		const data = (requireFromN8n('flatted') as { parse: (t: string) => any }).parse(res.json.data.data);
		const error = data?.resultData?.error;
		return short({ node: data?.resultData?.lastNodeExecuted, message: error?.message, description: error?.description, httpCode: error?.httpCode }, 1200);
	} catch {
		return `HTTP ${res.status} ${short(res.json, 400)}`;
	}
}

/** Execution ids a worker says it ran ("Worker started execution 12 (job 3)"). */
function executionsRunBy(worker: N8nServer): string[] {
	return [...worker.output.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]!);
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
	const startedAll = Date.now();
	const tmp = mkdtempSync(path.join(os.tmpdir(), 'sepay-queue-'));
	const processes: N8nServer[] = [];
	let sim: SePaySimulator | undefined;
	let pgRootToRemove: string | undefined;
	const timings: Array<[string, number]> = [];
	const onSignal = (signal: NodeJS.Signals) => {
		for (const p of processes) void p.stop();
		killAllChildren();
		rmSync(tmp, { recursive: true, force: true });
		if (pgRootToRemove) rmSync(pgRootToRemove, { recursive: true, force: true });
		log(`interrupted (${signal})`);
		process.exit(130);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		if (Number(process.versions.node.split('.')[0]) < 24) throw new Error(`Node 24 needed (n8n 2.41), running ${process.version}: use npm run`);
		const builtNode = path.join(repoRoot, 'dist', 'nodes', 'SePayEInvoice', 'SePayEInvoice.node.js');
		if (!existsSync(builtNode)) throw new Error(`${path.relative(repoRoot, builtNode)} is missing: run npm run build first`);

		let t = Date.now();
		const redisBinary = await ensureDebianPackage('redis-server', 'command -v redis-server');
		const pgBinDir = await ensureDebianPackage('postgresql', 'ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1');
		const runtime = await installN8nRuntime(QUEUE_N8N_VERSION);
		const tarball = await packPackage(tmp);
		const userFolder = path.join(tmp, 'n8n-user');
		await installPackageInto(userFolder, tarball);
		timings.push(['redis-server + n8n runtime + pack + install', Date.now() - t]);

		sim = await SePaySimulator.start({ processing: { checks: 1, ms: 300 }, seed: 31, quota: 100_000 });
		hideTokensSentTo(sim);

		const redisDir = path.join(tmp, 'redis');
		mkdirSync(redisDir);
		t = Date.now();
		const redis = await startRedis(redisBinary, redisDir);
		processes.push(redis.server);
		// Outside `tmp` (root-only): the postgres user owns this folder.
		const pgRoot = mkdtempSync(path.join(os.tmpdir(), 'sepay-queue-pg-'));
		pgRootToRemove = pgRoot;
		const postgres = await startPostgres(pgBinDir, path.join(pgRoot, 'data'));
		processes.push(postgres.server);
		timings.push(['redis-server + postgres ready', Date.now() - t]);
		// Every n8n process (CLI commands too) uses the same database and encryption key.
		const dbEnv = {
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: PG_USER,
			DB_POSTGRESDB_PASSWORD: '',
		};
		const queueEnv = {
			...dbEnv,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_LOG_LEVEL: 'info',
		};

		// --- credentials + the webhook workflow, imported and published before start
		const main = await N8n.create(runtime.dir, userFolder, QUEUE_N8N_VERSION);
		t = Date.now();
		const credsFile = path.join(tmp, 'credentials.json');
		writeFileSync(
			credsFile,
			JSON.stringify([
				{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data: { environment: 'custom', baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessToken: '' } },
				hmacCredential,
			]),
		);
		await main.cliOk(['import:credentials', `--input=${credsFile}`], { env: dbEnv });
		rmSync(credsFile);
		const trigger = webhookTrigger(WEBHOOK_PATH);
		trigger.parameters = { ...trigger.parameters, responseMode: 'lastNode', responseData: 'allEntries' };
		const batchWorkflow = workflow(
			WORKFLOW_ID,
			'Queue mode: one chunk of a batch',
			[
				[
					{
						id: '00000000-0000-4000-9000-000000000001',
						name: 'Split Invoices',
						type: 'n8n-nodes-base.splitOut',
						typeVersion: 1,
						position: [0, 0],
						parameters: { fieldToSplitOut: 'body.invoices', options: {} },
					},
					// Default Reliability options: what a user gets without tuning.
					sepayNode('Create Invoices', createParams(sim.activeProviderAccountId, { referenceCode: '={{ $json.ref }}' }), CREDENTIAL),
				],
			],
			trigger,
		);
		const wfDir = path.join(tmp, 'workflows');
		mkdirSync(wfDir);
		writeFileSync(path.join(wfDir, `${WORKFLOW_ID}.json`), JSON.stringify(batchWorkflow, null, 2));
		// Published through REST once n8n runs (runTriggerBurstChecks).
		writeFileSync(path.join(wfDir, `${BURST_WORKFLOW_ID}.json`), JSON.stringify(burstTriggerWorkflow(), null, 2));
		await main.cliOk(['import:workflow', '--separate', `--input=${wfDir}`], { env: dbEnv });
		await main.cliOk(['publish:workflow', `--id=${WORKFLOW_ID}`], { env: dbEnv });
		timings.push(['import + publish', Date.now() - t]);

		// --- one main (webhooks, REST; runs no execution) and two workers, started together
		t = Date.now();
		const workerInstances = await Promise.all(Array.from({ length: WORKERS }, async () => await N8n.create(runtime.dir, userFolder, QUEUE_N8N_VERSION)));
		const [server, ...workers] = await Promise.all([
			main.start(queueEnv),
			...workerInstances.map(async (instance) => await startWorker(instance, queueEnv)),
		]);
		processes.push(server, ...workers);
		await server.setupOwner();
		await server.waitForWebhook(WEBHOOK_PATH);
		timings.push([`n8n start (main, queue mode) + ${WORKERS} × n8n worker ready + owner setup`, Date.now() - t]);

		log('\nqueue mode (main + 2 workers):');
		check('main and workers run in queue mode on PostgreSQL', () => {
			assert(!/not officially supported with sqlite/.test(server.output), 'n8n does not warn about SQLite');
			for (const w of workers) assert(w.output.includes(`Concurrency: ${WORKER_CONCURRENCY}`), `worker concurrency ${WORKER_CONCURRENCY}`);
		});

		let executionsSoFar = 0;
		for (const [phaseIndex, phase] of PHASES.entries()) {
			if (phaseIndex > 0) sim.revokeAllTokens();
			const tokensBefore = sim.tokenRequestCount();
			const createsBefore = sim.requestsTo('POST', '/v1/invoices/create').length;
			const runsBefore = workers.map((w) => executionsRunBy(w).length);
			const chunks = Array.from({ length: phase.executions }, (_, e) =>
				Array.from({ length: phase.invoicesEach }, (_, i) => `Q${phaseIndex + 1}-E${e + 1}-${i + 1}`),
			);
			t = Date.now();
			// All chunks at once: the main queues them, the workers share them.
			const answers = await Promise.all(
				chunks.map(async (refs) => {
					const res = await server.postWebhook(WEBHOOK_PATH, { invoices: refs.map((ref) => ({ ref })) });
					return { status: res.status, body: (await res.json().catch(() => null)) as any };
				}),
			);
			timings.push([`${phase.name}: ${phase.executions} executions × ${phase.invoicesEach} invoices`, Date.now() - t]);
			executionsSoFar += phase.executions;
			const executions = await server.waitForExecutions(WORKFLOW_ID, executionsSoFar, 120_000);
			const label = `${phase.name}:`;

			check(`${label} every webhook call answered with its own invoices, all Success`, () => {
				answers.forEach((answer, index) => {
					eq(answer.status, 200, `HTTP status of chunk ${index + 1} (${short(answer.body)})`);
					const items = Array.isArray(answer.body) ? answer.body : [answer.body];
					eq(items.map((o: any) => [o.reference_code, o.status]), chunks[index]!.map((ref) => [ref, 'Success']), `items of chunk ${index + 1}`);
				});
			});
			check(`${label} ${phase.executions} executions, all success, run by the workers`, () => {
				const phaseExecutions = executions.slice(-phase.executions);
				eq(phaseExecutions.map((e) => [e.status, e.mode]), phaseExecutions.map(() => ['success', 'webhook']), 'execution status / mode');
				const ranByWorkers = new Set(workers.flatMap(executionsRunBy));
				for (const e of phaseExecutions) assert(ranByWorkers.has(String(e.id)), `execution ${e.id} was run by a worker (worker logs list ${short([...ranByWorkers])})`);
				assert(!/Worker started execution/.test(server.output), 'the main ran no execution itself');
			});
			const failedRuns = executions.slice(-phase.executions).filter((e) => e.status !== 'success');
			for (const e of failedRuns) log(`       execution ${e.id} failed: ${await executionError(server, runtime.dir, e.id)}`);
			const runsNow = workers.map((w, i) => executionsRunBy(w).length - runsBefore[i]!);
			const workersUsed = runsNow.filter((n) => n > 0).length;
			log(`       executions per worker: ${runsNow.join(' + ')}; token requests: ${sim.tokenRequestCount() - tokensBefore}`);
			check(`${label} at most one token request per worker that ran executions`, () => {
				const tokenRequests = sim!.tokenRequestCount() - tokensBefore;
				// Phase 1 starts without a token, phase 2 after every token was revoked: each needs one.
				assert(tokenRequests >= 1, 'a token was requested');
				assert(tokenRequests <= workersUsed, `token requests ${tokenRequests} ≤ workers used ${workersUsed}`);
			});
			check(`${label} every invoice created exactly once`, () => {
				const refs = chunks.flat();
				const creates = sim!.requestsTo('POST', '/v1/invoices/create').slice(createsBefore);
				const sent = creates.map((r) => String((r.body as any)?.reference_code));
				eq([...new Set(sent)].sort(), [...refs].sort(), 'reference codes sent');
				for (const ref of refs) eq(sim!.invoices.get(ref)?.status, 'issued', `${ref} issued`);
			});
			if (phaseIndex === 0) {
				check(`${label} both workers ran executions`, () => {
					eq(runsNow.map((n) => n > 0), workers.map(() => true), `executions per worker ${short(runsNow)}`);
				});
			}
		}
		const executionData = async (id: string) => flattedParse(runtime.dir, (await server.rest('GET', `/executions/${id}`)).json?.data?.data);
		await runTriggerBurstChecks({ server, check, executionData, timings, settleMs: NO_EXECUTION_SETTLE_MS });
		const burstExecutions = await server.executions(BURST_WORKFLOW_ID);
		check('trigger bursts: the main answered the webhooks, the workers ran every execution', () => {
			const ranByWorkers = new Set(workers.flatMap(executionsRunBy));
			eq(burstExecutions.filter((e) => !ranByWorkers.has(String(e.id))).map((e) => e.id), [], `executions not run by a worker (${burstExecutions.length} in all)`);
			assert(!/Worker started execution/.test(server.output), 'the main ran no execution itself');
		});
		check('simulator totals: every invoice once, no duplicate', () => {
			const total = PHASES.reduce((n, p) => n + p.executions * p.invoicesEach, 0);
			const st = sim!.stats;
			eq(
				{ invoices: sim!.invoices.size, createJobsAccepted: st.createJobsAccepted, invoicesIssued: st.invoicesIssued, duplicateRejections: st.duplicateRejections },
				{ invoices: total, createJobsAccepted: total, invoicesIssued: total, duplicateRejections: 0 },
				'simulator stats',
			);
		});
		check('no secret in the n8n process output', () => {
			const tokens = sim!.requests.flatMap((r) => /^Bearer (\S+)$/.exec(r.headers.authorization ?? '')?.slice(1) ?? []);
			assert(tokens.length > 0, 'tokens seen');
			for (const p of processes)
				for (const secret of [CLIENT_SECRET, ENCRYPTION_KEY, ...new Set(tokens)]) assert(!p.output.includes(secret), 'a secret or token appears in n8n output');
		});
	} catch (error) {
		fail('queue-mode run', error);
	} finally {
		for (const p of processes.reverse()) await p.stop().catch(() => undefined);
		killAllChildren();
		await sim?.close().catch(() => undefined);
		if (process.env.E2E_KEEP === '1') log(`kept ${tmp} ${pgRootToRemove ?? ''}`);
		else for (const dir of [tmp, pgRootToRemove]) if (dir) rmSync(dir, { recursive: true, force: true });
	}
	for (const [label, ms] of timings) log(`time: ${label}: ${(ms / 1000).toFixed(1)} s`);
	const passed = checks.filter((c) => c.ok).length;
	const failed = checks.length - passed;
	log(`total time: ${((Date.now() - startedAll) / 1000).toFixed(1)} s`);
	log(`Queue mode E2E: ${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

await main();
