/* eslint-disable */
// Helpers to drive the real n8n CLI headless: install the runtime and the packed node
// package, import credentials / workflows, run `execute-batch`, and (for webhook and REST
// tests) `publish:workflow` + `n8n start`. Run by Node 24 directly (erasable TypeScript).

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

import type { SimRequestRecord } from '../simulator/index.ts';
import { majorOf } from './versions.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Everything printed goes through this: secrets registered here never reach the output. */
const secrets = new Set<string>();
export function registerSecret(value: string | undefined | null): void {
	if (value && value.length >= 6) secrets.add(value);
}
/** Secrets learnt while running, e.g. the tokens the simulator issued. */
const secretSources: Array<() => Iterable<string>> = [];
function addSecretSource(source: () => Iterable<string>): void {
	secretSources.push(source);
}
/** The tokens a simulator issued (the Bearer values it received) never reach the output. */
export function hideTokensSentTo(sim: { readonly requests: readonly SimRequestRecord[] }): void {
	addSecretSource(() => sim.requests.flatMap((r) => /^Bearer (\S+)$/.exec(r.headers.authorization ?? '')?.slice(1) ?? []));
}
export function redact(text: string): string {
	let out = text;
	for (const source of secretSources) for (const s of source()) registerSecret(s);
	for (const s of secrets) out = out.split(s).join('***');
	// Bearer / Basic values we did not learn about yet.
	return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ***');
}
export function log(line: string): void {
	process.stdout.write(`${redact(line)}\n`);
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
	/** Stream stderr to ours (after redaction) instead of only capturing it. */
	echoStderr?: boolean;
}

/** Our own child processes still running, killed (by process group) on exit. */
const running = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			/* already gone */
		}
	}
}

export function killAllChildren(): void {
	for (const pid of running) killGroup(pid, 'SIGKILL');
	running.clear();
}

/** Runs a command to completion in its own process group; never throws on exit code. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd ?? repoRoot,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		if (child.pid !== undefined) running.add(child.pid);
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => {
			stderr += d;
			if (options.echoStderr) process.stderr.write(redact(d));
		});
		const timer =
			options.timeoutMs !== undefined
				? setTimeout(() => {
						stderr += `\n[e2e] killed after ${options.timeoutMs} ms\n`;
						if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
					}, options.timeoutMs)
				: undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			if (child.pid !== undefined) running.delete(child.pid);
			reject(error);
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			if (child.pid !== undefined) running.delete(child.pid);
			resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
		});
	});
}

/** Throws with the (redacted) tail of the output when the command fails. */
export async function runOk(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
		throw new Error(redact(`${path.basename(command)} ${args.join(' ')} exited with ${result.code ?? result.signal}\n${tail}`));
	}
	return result;
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** PATH with the Node running this script (24) first: npm and n8n child processes use it. */
export function pathWithThisNode(): string {
	return [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);
}

/** `scripts/install-n8n.sh`: installs (or finds) the cached n8n `version`, returns its folder. */
export async function installN8nRuntime(version: string): Promise<{ dir: string; ms: number }> {
	const result = await runOk('bash', [path.join(repoRoot, 'scripts', 'install-n8n.sh')], {
		env: { ...process.env, PATH: pathWithThisNode(), N8N_VERSION: version },
		echoStderr: true,
	});
	const dir = result.stdout.trim().split('\n').pop() ?? '';
	if (!dir) throw new Error('install-n8n.sh printed no install folder');
	const installed = JSON.parse(readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	if (installed !== version) throw new Error(`${dir} holds n8n ${installed}, not ${version}`);
	return { dir, ms: result.ms };
}

/** `npm pack` the repo (dist/ must be built) into `destDir`; returns the tarball path. */
export async function packPackage(destDir: string): Promise<string> {
	const result = await runOk('npm', ['pack', '--json', '--pack-destination', destDir, '--loglevel=error'], {
		env: { ...process.env, PATH: pathWithThisNode() },
	});
	const info = JSON.parse(result.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
	const entry = info[0];
	if (!entry) throw new Error('npm pack reported no tarball');
	return path.join(destDir, entry.filename);
}

/** Installs a packed tarball the way n8n users get community nodes: `<userFolder>/.n8n/nodes`. */
export async function installPackageInto(userFolder: string, tarball: string): Promise<void> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(path.join(nodesDir, 'package.json'), '{"private":true}\n');
	await runOk(
		'npm',
		['install', tarball, '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: nodesDir, env: { ...process.env, PATH: pathWithThisNode() } },
	);
}

export const QUIET_ENV: Record<string, string> = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
};

/**
 * Modules switched off per n8n major (`community-packages` stays on). n8n 1.x exits on a
 * module name it does not know ("Unknown module"), and of these it knows only `insights`.
 */
export const DISABLED_MODULES: Record<number, string> = {
	1: 'insights',
	2: 'mcp-registry,instance-ai,agents,chat-hub,workflow-builder,mcp,insights,source-control,quick-connect',
};

/** The n8n environment for one version: QUIET_ENV plus its disabled modules. */
export function quietEnv(version: string): Record<string, string> {
	const modules = DISABLED_MODULES[majorOf(version)];
	if (modules === undefined) throw new Error(`no N8N_DISABLED_MODULES known for n8n ${version} (test/e2e/n8n.ts)`);
	return { ...QUIET_ENV, N8N_DISABLED_MODULES: modules };
}

/** One n8n installation + one user folder (DB, encryption key, installed nodes). */
export class N8n {
	readonly installDir: string;
	readonly userFolder: string;
	/** The n8n version in installDir; CLI differences between the lines are handled here. */
	readonly version: string;
	readonly major: number;
	private readonly brokerPort: number;

	constructor(installDir: string, userFolder: string, version: string, brokerPort: number) {
		this.installDir = installDir;
		this.userFolder = userFolder;
		this.version = version;
		this.major = majorOf(version);
		this.brokerPort = brokerPort;
	}

	static async create(installDir: string, userFolder: string, version: string): Promise<N8n> {
		return new N8n(installDir, userFolder, version, await freePort());
	}

	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {};
		// Nothing from the caller's n8n / DB settings may leak in (e.g. a real ~/.n8n), nor a test
		// runner's NODE_ENV=test (n8n then runs as in its own tests: no database, no workflows).
		for (const [k, v] of Object.entries(process.env)) {
			if (!/^(N8N_|DB_|NODE_OPTIONS$|NODE_ENV$|VITEST|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$)/.test(k)) env[k] = v;
		}
		return {
			...env,
			...quietEnv(this.version),
			PATH: pathWithThisNode(),
			N8N_USER_FOLDER: this.userFolder,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_LOG_LEVEL: 'info',
			...extra,
		};
	}

	/** `n8n <args>` with the Node running this script. */
	async cli(args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<RunResult> {
		return await run(process.execPath, [path.join(this.installDir, 'node_modules', 'n8n', 'bin', 'n8n'), ...args], {
			cwd: this.userFolder,
			env: this.env(options.env),
			timeoutMs: options.timeoutMs ?? 120_000,
		});
	}

	async cliOk(args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<RunResult> {
		const result = await this.cli(args, options);
		if (result.code !== 0) {
			const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
			throw new Error(redact(`n8n ${args[0]} exited with ${result.code ?? result.signal}\n${tail}`));
		}
		return result;
	}

	async importCredentials(file: string): Promise<void> {
		await this.cliOk(['import:credentials', `--input=${file}`]);
	}

	async importWorkflows(dir: string): Promise<void> {
		await this.cliOk(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/**
	 * Imported workflows are inactive; webhooks need them published before `n8n start`.
	 * n8n 2.x: `publish:workflow`; 1.x has no such command and activates with `update:workflow`.
	 */
	async publishWorkflow(id: string): Promise<void> {
		if (this.major >= 2) await this.cliOk(['publish:workflow', `--id=${id}`]);
		else await this.cliOk(['update:workflow', `--id=${id}`, '--active=true']);
	}

	/** One process for all ids. Never exits non-zero on its own for warnings: read the summary. */
	async executeBatch(ids: string[], snapshotDir: string, summaryFile: string): Promise<{ summary: BatchSummary; run: RunResult }> {
		mkdirSync(snapshotDir, { recursive: true });
		const result = await this.cli(
			['execute-batch', `--ids=${ids.join(',')}`, '--retries=0', `--snapshot=${snapshotDir}`, `--output=${summaryFile}`],
			{ timeoutMs: 180_000 },
		);
		let summary: BatchSummary;
		try {
			summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as BatchSummary;
		} catch {
			const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
			throw new Error(redact(`execute-batch wrote no summary (exit ${result.code ?? result.signal})\n${tail}`));
		}
		return { summary, run: result };
	}

	/** `n8n start` on 127.0.0.1 without the UI; resolves once REST answers. */
	async start(extraEnv: Record<string, string> = {}): Promise<N8nServer> {
		const port = await freePort();
		const child = spawn(process.execPath, [path.join(this.installDir, 'node_modules', 'n8n', 'bin', 'n8n'), 'start'], {
			cwd: this.userFolder,
			env: this.env({
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_PORT: String(port),
				N8N_DISABLE_UI: 'true',
				N8N_SECURE_COOKIE: 'false',
				...extraEnv,
			}),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		if (child.pid !== undefined) running.add(child.pid);
		const server = new N8nServer(child.pid!, `http://127.0.0.1:${port}`);
		child.stdout.setEncoding('utf8').on('data', (d: string) => (server.output += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (server.output += d));
		child.on('close', (code) => {
			server.exited = code ?? -1;
			if (child.pid !== undefined) running.delete(child.pid);
		});
		// n8n 1.x says ready (/healthz/readiness 200) about a second before its REST routes are
		// mounted (404 until then): also wait for GET /rest/login to answer 401 (not signed in).
		await server.waitUntil(async () => {
			const ready = await fetch(`${server.url}/healthz/readiness`);
			if (!ready.ok) return false;
			const login = await fetch(`${server.url}/rest/login`);
			return login.status === 401;
		}, 60_000, 'n8n start did not become ready');
		return server;
	}
}

export interface BatchExecution {
	workflowId: string;
	workflowName: string;
	executionTime: number;
	finished: boolean;
	executionStatus: 'success' | 'error' | 'warning' | string;
	error?: string;
	coveredNodes?: Record<string, number>;
}

export interface BatchSummary {
	totalWorkflows: number;
	slackMessage?: string;
	summary: {
		failedExecutions: number;
		warningExecutions: number;
		successfulExecutions: number;
		errors: BatchExecution[];
		warnings: BatchExecution[];
	};
	coveredNodes: Record<string, number>;
	executions: BatchExecution[];
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string;
	stoppedAt: string | null;
}

/** A running `n8n start`: REST calls as the owner, webhook calls, stop. */
export class N8nServer {
	readonly pid: number;
	readonly url: string;
	output = '';
	exited: number | null = null;
	/** The owner's `n8n-auth` cookie (after setupOwner), bound to browserId. */
	cookie = '';
	readonly browserId = 'n8n-e2e-browser';

	constructor(pid: number, url: string) {
		this.pid = pid;
		this.url = url;
	}

	async waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (this.exited !== null) throw new Error(redact(`${what}: n8n exited with ${this.exited}\n${this.output.split('\n').slice(-30).join('\n')}`));
			try {
				if (await check()) return;
			} catch {
				/* not up yet */
			}
			if (Date.now() > deadline) throw new Error(redact(`${what} within ${timeoutMs} ms\n${this.output.split('\n').slice(-30).join('\n')}`));
			await new Promise((r) => setTimeout(r, 150));
		}
	}

	/**
	 * Published webhooks are registered after /healthz/readiness answers: wait until a GET
	 * on a POST-only webhook path gets n8n's "Did you mean to make a POST request?" 404.
	 */
	async waitForWebhook(webhookPath: string, timeoutMs = 30_000): Promise<void> {
		await this.waitUntil(async () => {
			const res = await fetch(`${this.url}/webhook/${webhookPath}`);
			const text = await res.text();
			return res.status !== 404 || text.includes('Did you mean to make a POST request');
		}, timeoutMs, `webhook ${webhookPath} was not registered`);
	}

	async postWebhook(webhookPath: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
		return await fetch(`${this.url}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify(body),
		});
	}

	/** Creates the instance owner (first call) and keeps its auth cookie for `rest()`. */
	async setupOwner(): Promise<void> {
		const res = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify({ email: 'owner@e2e.test', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Passw0rd!' }),
		});
		if (!res.ok) throw new Error(`owner setup failed: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
		const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (!setCookie) throw new Error('owner setup returned no n8n-auth cookie');
		this.cookie = setCookie.split(';')[0]!;
	}

	async rest(method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: any }> {
		const res = await fetch(`${this.url}/rest${urlPath}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId, cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		let json: any = text;
		try {
			json = JSON.parse(text);
		} catch {
			/* keep text */
		}
		return { status: res.status, json };
	}

	/** The editor's Publish button: activates the workflow in the running instance (registers its webhooks). */
	async activateWorkflow(workflowId: string): Promise<void> {
		const wf = await this.rest('GET', `/workflows/${workflowId}`);
		if (wf.status !== 200) throw new Error(`GET /rest/workflows/${workflowId}: HTTP ${wf.status}`);
		const res = await this.rest('POST', `/workflows/${workflowId}/activate`, { versionId: wf.json.data.versionId });
		if (res.status !== 200) throw new Error(`activate ${workflowId}: HTTP ${res.status} ${JSON.stringify(res.json).slice(0, 400)}`);
	}

	/** Stored executions of one workflow, newest first (running ones included). */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const res = await this.rest('GET', `/executions?filter=${filter}&limit=100`);
		if (res.status !== 200) throw new Error(`GET /rest/executions: HTTP ${res.status} ${JSON.stringify(res.json).slice(0, 400)}`);
		return (res.json?.data?.results ?? []) as ExecutionSummary[];
	}

	/**
	 * Waits until the workflow has `count` executions and none is still new/running/waiting;
	 * returns them oldest first.
	 */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 60_000): Promise<ExecutionSummary[]> {
		let last: ExecutionSummary[] = [];
		let lastError = '';
		try {
			await this.waitUntil(async () => {
				try {
					last = await this.executions(workflowId);
				} catch (error) {
					lastError = ` last error: ${(error as Error).message.slice(0, 300)}`;
					throw error;
				}
				return last.length >= count && last.every((e) => !['new', 'running', 'waiting'].includes(e.status));
			}, timeoutMs, `${count} finished execution(s) of ${workflowId}`);
		} catch (error) {
			throw new Error(`${(error as Error).message.split('\n')[0]} (have: ${JSON.stringify(last.map((e) => [e.id, e.status]))})${lastError}`);
		}
		return [...last].sort((a, b) => Number(a.id) - Number(b.id));
	}

	async stop(): Promise<void> {
		if (this.exited !== null) return;
		killGroup(this.pid, 'SIGTERM');
		const deadline = Date.now() + 10_000;
		while (this.exited === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
		if (this.exited === null) killGroup(this.pid, 'SIGKILL');
		running.delete(this.pid);
	}
}
