/* eslint-disable */
// Editor smoke test: what a user sees in n8n's editor, in real n8n and a real browser
// (see test/e2e/README.md):   npm run test:editor   (= npm run build && node test/e2e/editor.ts)
// Per n8n line (scripts/n8n-versions.txt): the packed package in `n8n start` with the UI on,
// the SePay simulator, owner / credentials / workflow made through n8n's REST API, then
// Debian's Chromium driven by playwright-core opens the SePay eInvoice node (every resource
// × operation, the API-loaded lists, the credential's test) and the SePay Trigger (webhook
// URLs, setup notice). Any browser console error, page error, HTTP >= 400 from /rest/ or
// error toast fails the step it happened in. A screenshot of each panel is saved.
// E2E_N8N_VERSIONS=2.41.1 runs one line (default: every listed one). EDITOR_KEEP=1 keeps the temp folder.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

import { SePaySimulator } from '../simulator/index.ts';
import { N8n, installN8nRuntime, installPackageInto, killAllChildren, log, packPackage, registerSecret, repoRoot, runOk } from './n8n.ts';
import type { N8nServer } from './n8n.ts';
import { selectedN8nVersions } from './versions.ts';
import { CREDENTIAL_TYPE, NODE_TYPE, SEPAY_TRIGGER_TYPE, WEBHOOK_CREDENTIAL_TYPE } from './workflows.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = path.join(repoRoot, '.editor-screenshots');
const CLIENT_ID = 'demo-client-id';
const CLIENT_SECRET = 'demo-client-secret';
const WEBHOOK_KEY = 'editor-webhook-key-7d1e4b';
for (const s of [CLIENT_SECRET, WEBHOOK_KEY, Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')]) registerSecret(s);
const EINVOICE_NODE_ID = 'e0000000-0000-4000-8000-000000000001';
const TRIGGER_NODE_ID = 'e0000000-0000-4000-8000-000000000002';
const TRIGGER_WEBHOOK_ID = 'e0000000-0000-4000-8000-0000000000a1';
/** Long enough for a loaded 2-core machine; a healthy step takes about a second. */
const UI_TIMEOUT_MS = 45_000;

// ------------------------------------------------------------------ what the node offers

interface Choice {
	value: string;
	name: string;
}
interface NodeDescription {
	properties: Array<{ name: string; options?: Choice[]; displayOptions?: { show?: Record<string, string[]> } }>;
}

/** Resources and their operations as the packed node declares them (dist/, what users install). */
function resourcesAndOperations(): Array<{ resource: Choice; operations: Choice[] }> {
	const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
	const { SePayEInvoice } = requireFromRepo('./dist/nodes/SePayEInvoice/SePayEInvoice.node.js');
	const description = new SePayEInvoice().description as NodeDescription;
	const resources = description.properties.find((p) => p.name === 'resource')?.options ?? [];
	return resources.map((resource) => ({
		resource,
		operations: description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value))?.options ?? [],
	}));
}

// ------------------------------------------------------------------ checks

interface Step {
	version: string;
	name: string;
	ok: boolean;
	detail?: string;
}
const steps: Step[] = [];

/** What went wrong in the browser while a step ran. */
class Trouble {
	events: string[] = [];
	/** Request and answer of each failed /rest/ call. */
	details: string[] = [];
	/** URLs of the allowed failed requests: the browser logs each as a console error too. */
	private readonly allowedUrls = new Set<string>();
	private readonly v1: boolean;

	constructor(version: string) {
		this.v1 = version.startsWith('1.');
	}

	/** Requests n8n's own editor makes whatever node is open, answered >= 400 by design. */
	private isAllowed(method: string, urlPath: string, status: number): boolean {
		// A workflow that never ran has no last successful execution.
		if (method === 'GET' && status === 404 && /^\/rest\/workflows\/[^/]+\/executions\/last-successful$/.test(urlPath)) return true;
		// n8n 1.x's AI assistant asks for its sessions although AI is disabled ("Plan lacks license").
		return this.v1 && method === 'POST' && status === 403 && urlPath === '/rest/ai/sessions/metadata';
	}

	watch(page: Page, baseUrl: string): void {
		page.on('response', (response) => {
			const url = new URL(response.url());
			if (!response.url().startsWith(baseUrl) || !url.pathname.startsWith('/rest/') || response.status() < 400) return;
			const method = response.request().method();
			if (this.isAllowed(method, url.pathname, response.status())) {
				this.allowedUrls.add(response.url());
				return;
			}
			const event = `HTTP ${response.status()} ${method} ${url.pathname}${url.search}`;
			this.events.push(event);
			// What was asked and answered, for the report (arrives after the step may have ended).
			void response.text().then(
				(body) => this.details.push(`${event}\n  request: ${(response.request().postData() ?? '').slice(0, 600)}\n  answer: ${answerMessage(body)}`),
				() => undefined,
			);
		});
		page.on('console', (message) => {
			if (message.type() !== 'error') return;
			if (this.allowedUrls.has(message.location().url)) return;
			if (this.v1 && message.text().startsWith('Failed to fetch sessions metadata: ResponseError: Plan lacks license')) return;
			this.events.push(`console error: ${message.text().slice(0, 500)}`);
		});
		page.on('pageerror', (error) => this.events.push(`page error: ${error.message.slice(0, 500)}`));
	}

	/** Error toasts, recorded by the page itself (they disappear after a few seconds). */
	static readonly toastRecorder = `
		window.__errorToasts = [];
		new MutationObserver(() => {
			for (const toast of document.querySelectorAll('.el-notification')) {
				if (toast.__seen) continue;
				toast.__seen = true;
				if (toast.querySelector('.el-notification--error') || toast.classList.contains('error'))
					window.__errorToasts.push(toast.textContent.trim().slice(0, 500));
			}
		}).observe(document, { childList: true, subtree: true });
	`;

	async collectToasts(page: Page): Promise<void> {
		const toasts = (await page.evaluate('window.__errorToasts.splice(0)').catch(() => [])) as string[];
		for (const text of toasts) this.events.push(`error toast: ${text}`);
	}
}

/** n8n's error answers carry a message and a long stack trace: the message is enough. */
function answerMessage(body: string): string {
	try {
		const message = (JSON.parse(body) as { message?: unknown }).message;
		if (typeof message === 'string') return message;
	} catch {
		/* not JSON */
	}
	return body.slice(0, 600);
}

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}
function eq(actual: unknown, expected: unknown, what: string): void {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

// ------------------------------------------------------------------ driving the editor

/** The options of the dropdown that is open now (Element Plus select, as n8n renders it). */
function openOptions(page: Page) {
	return page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
}

/**
 * Opens the dropdown of an options parameter until its options show. A dropdown opened
 * while n8n re-renders the field (right after a parameter it depends on changed) closes again.
 */
async function openDropdown(page: Page, parameter: string): Promise<void> {
	const deadline = Date.now() + UI_TIMEOUT_MS;
	for (;;) {
		await page.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
		try {
			await openOptions(page).first().waitFor({ timeout: 5_000 });
			return;
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await page.keyboard.press('Escape');
		}
	}
}

async function optionTitles(page: Page): Promise<string[]> {
	const options = openOptions(page);
	// n8n shows the name, then the description, in one item: the name is the first line.
	return (await options.allInnerTexts()).map((text) => text.split('\n')[0]!.trim());
}

/** Opens an options parameter and clicks the option whose name is exactly `name`. */
async function choose(page: Page, parameter: string, name: string): Promise<void> {
	await openDropdown(page, parameter);
	await openOptions(page).filter({ has: page.getByText(name, { exact: true }) }).first().click();
	await page.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS }).catch(() => undefined);
}

async function shownValue(page: Page, parameter: string): Promise<string> {
	return (await page.locator(`[data-test-id="parameter-input-${parameter}"] input`).first().inputValue()).trim();
}

/** The text a resource locator shows (its input, or the input inside it). */
async function rlcValue(page: Page, parameter: string): Promise<string> {
	const field = page.locator(`[data-test-id="resource-locator-${parameter}"] [data-test-id="rlc-input"]`).first();
	const own = await field.evaluate((el: any) => el.value ?? el.querySelector('input')?.value ?? '');
	return String(own).trim();
}

async function openNode(page: Page, baseUrl: string, workflowId: string, nodeId: string, nodeName: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}/${nodeId}`);
	await page.locator('[data-test-id="node-parameters"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
	const title = await page.locator('[data-test-id="ndv"] [data-test-id="node-title-container"]').first().innerText();
	assert(title.includes(nodeName), `panel title "${title}" names ${nodeName}`);
}

// ------------------------------------------------------------------ one n8n line

async function runLine(version: string, tarball: string, tmp: string): Promise<void> {
	const started = Date.now();
	const screenshotDir = path.join(SCREENSHOTS, `n8n-${version}`);
	mkdirSync(screenshotDir, { recursive: true });
	let shot = 0;
	let server: N8nServer | undefined;
	let context: BrowserContext | undefined;
	const sim = await SePaySimulator.start({ seed: 1, providerAccountCount: 12, processing: { checks: 0, ms: 0 } });
	try {
		const runtime = await installN8nRuntime(version);
		const userFolder = path.join(tmp, `n8n-${version}`);
		await installPackageInto(userFolder, tarball);
		// N8n picks the disabled modules each n8n line knows.
		const n8n = await N8n.create(runtime.dir, userFolder, version);
		server = await n8n.start({ N8N_DISABLE_UI: 'false', N8N_VERIFIED_PACKAGES_ENABLED: 'false' });
		// n8n 1.x answers readiness before its REST routes exist.
		const rest = server;
		await rest.waitUntil(async () => (await fetch(`${rest.url}/rest/settings`)).status === 200, 120_000, 'n8n REST did not come up');
		await rest.setupOwner();
		const bootMs = Date.now() - started;

		// --- credentials and workflow through n8n's REST API, as the editor would save them
		const created = async (what: string, urlPath: string, body: unknown): Promise<any> => {
			const res = await rest.rest('POST', urlPath, body);
			assert(res.status === 200, `${what}: HTTP ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
			return res.json.data;
		};
		const credential = await created('credential', '/credentials', {
			name: 'SePay eInvoice (simulator)',
			type: CREDENTIAL_TYPE,
			data: { environment: 'custom', baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
		});
		const webhookCredential = await created('webhook credential', '/credentials', { name: 'SePay webhook key', type: WEBHOOK_CREDENTIAL_TYPE, data: { apiKey: WEBHOOK_KEY } });
		const workflow = await created('workflow', '/workflows', {
			name: 'Editor smoke test',
			active: false,
			settings: { executionOrder: 'v1' },
			connections: {},
			nodes: [
				{ id: TRIGGER_NODE_ID, name: 'SePay Trigger', type: SEPAY_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {}, webhookId: TRIGGER_WEBHOOK_ID, credentials: { [WEBHOOK_CREDENTIAL_TYPE]: { id: webhookCredential.id, name: webhookCredential.name } } },
				{ id: EINVOICE_NODE_ID, name: 'SePay eInvoice', type: NODE_TYPE, typeVersion: 1, position: [300, 0], parameters: {}, credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } } },
			],
		});

		// --- the browser, logged in as the owner
		const profile = mkdtempSync(path.join(tmp, `chromium-${version}-`));
		context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true, viewport: { width: 1400, height: 1000 } });
		const [name, ...rest64] = rest.cookie.split('=');
		await context.addCookies([{ name: name!, value: rest64.join('='), url: rest.url }]);
		await context.addInitScript(`localStorage.setItem('n8n-browserId', ${JSON.stringify(rest.browserId)});`);
		await context.addInitScript(Trouble.toastRecorder);
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(UI_TIMEOUT_MS);
		const trouble = new Trouble(version);
		trouble.watch(page, rest.url);

		const step = async (stepName: string, fn: () => Promise<void>): Promise<void> => {
			trouble.events = [];
			trouble.details = [];
			const t = Date.now();
			let failure: string | undefined;
			try {
				await fn();
			} catch (error) {
				failure = error instanceof Error ? error.message.split('\n').slice(0, 12).join('\n') : String(error);
			}
			// Let late answers and toasts of this step arrive before judging it.
			await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
			await trouble.collectToasts(page);
			const file = path.join(screenshotDir, `${String(++shot).padStart(2, '0')}-${stepName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase()}.png`);
			await page.screenshot({ path: file }).catch(() => undefined);
			const problems = [...(failure ? [failure] : []), ...trouble.events, ...trouble.details];
			const ok = problems.length === 0;
			steps.push({ version, name: stepName, ok, detail: problems.join('\n') });
			log(`  ${ok ? 'ok  ' : 'FAIL'} ${stepName} (${((Date.now() - t) / 1000).toFixed(1)} s)${ok ? '' : `\n       ${problems.join('\n').split('\n').join('\n       ')}`}`);
		};

		log(`\nn8n ${version} (${rest.url}, started in ${(bootMs / 1000).toFixed(1)} s):`);
		const activeAccounts = sim.providerAccounts.filter((a) => a.active);
		const account = sim.providerAccounts.find((a) => a.id === sim.activeProviderAccountId)!;

		await step('SePay eInvoice: open the node (Invoice → Create)', async () => {
			// The editor loads Template & Series as soon as Create opens, before any account is chosen.
			const templates = page.waitForResponse((r) => r.url() === `${rest.url}/rest/dynamic-node-parameters/options` && (r.request().postData() ?? '').includes('"getTemplates"'));
			await openNode(page, rest.url, workflow.id, EINVOICE_NODE_ID, 'SePay eInvoice');
			eq([await shownValue(page, 'resource'), await shownValue(page, 'operation')], ['Invoice', 'Create'], 'resource / operation shown');
			const answer = await templates;
			const body = await answer.text();
			eq([answer.status(), answer.ok() ? JSON.parse(body) : answerMessage(body)], [200, { data: [] }], 'Template & Series options before an account is chosen');
		});

		await step('Create: Template & Series before a provider account is chosen is an empty list with a hint', async () => {
			const field = page.locator('[data-test-id="parameter-input-templateAndSeries"]');
			await field.click();
			const dropdown = page.locator('.el-select-dropdown:visible');
			await dropdown.waitFor();
			// Element Plus shows an empty list as its "No data" text once the options arrived.
			const empty = dropdown.locator('.el-select-dropdown__empty');
			await empty.waitFor();
			eq(await openOptions(page).count(), 0, 'templates offered before an account is chosen');
			log(`       (empty list says "${(await empty.innerText()).trim()}")`);
			await page.keyboard.press('Escape');
			const hint = await page.locator('[data-test-id="parameter-item"]').filter({ has: field }).innerText();
			assert(hint.includes('Choose a Provider Account first'), `hint under Template & Series: ${hint}`);
			eq(sim.requests.filter((r) => r.path.startsWith('/v1/provider-accounts/')).length, 0, 'account detail requests sent to SePay');
		});

		await step('Create: provider account list holds the simulator’s active accounts; pick one', async () => {
			const locator = page.locator('[data-test-id="resource-locator-providerAccount"]');
			await locator.locator('[data-test-id="rlc-input"]').click();
			const items = page.locator('[data-test-id="rlc-item"]:visible');
			await items.first().waitFor();
			const texts = await items.allInnerTexts();
			eq(texts.length, activeAccounts.length, `accounts listed (${texts.join(' | ')})`);
			for (const a of activeAccounts) eq(texts.filter((t) => t.includes(a.id)).length, 1, `items naming active account ${a.id}`);
			const inactive = sim.providerAccounts.filter((a) => !a.active);
			assert(inactive.length > 0, 'the simulator has inactive accounts to leave out');
			for (const a of inactive) eq(texts.some((t) => t.includes(a.id)), false, `inactive account ${a.id} listed`);
			// Picking an account makes the editor load its templates (loadOptionsDependsOn).
			const templatesLoaded = page.waitForResponse((r) => r.url() === `${rest.url}/rest/dynamic-node-parameters/options` && (r.request().postData() ?? '').includes('"getTemplates"'));
			await items.filter({ hasText: account.id }).first().click();
			eq((await templatesLoaded).status(), 200, 'templates request after picking the account');
			const chosen = await rlcValue(page, 'providerAccount');
			assert(chosen.includes(account.id), `provider account shown after picking: ${chosen}`);
		});

		await step('Create: Template & Series lists the account’s templates; pick one', async () => {
			await openDropdown(page, 'templateAndSeries');
			eq(await optionTitles(page), account.templates.map((t) => t.invoice_label), 'templates offered');
			await openOptions(page).filter({ has: page.getByText(account.templates[0]!.invoice_label, { exact: true }) }).click();
			eq(await shownValue(page, 'templateAndSeries'), account.templates[0]!.invoice_label, 'template shown after picking');
			eq(sim.requests.filter((r) => r.method === 'GET' && r.path === `/v1/provider-accounts/${account.id}`).length >= 1, true, 'account detail fetched for its templates');
		});

		for (const { resource, operations } of resourcesAndOperations()) {
			for (const operation of operations) {
				await step(`${resource.name} → ${operation.name}: selected through the UI`, async () => {
					await choose(page, 'resource', resource.name);
					await choose(page, 'operation', operation.name);
					eq([await shownValue(page, 'resource'), await shownValue(page, 'operation')], [resource.name, operation.name], 'resource / operation shown');
					if (resource.value === 'providerAccount' && operation.value === 'get') {
						const locator = page.locator('[data-test-id="resource-locator-providerAccount"]');
						await locator.locator('[data-test-id="rlc-input"]').click();
						const items = page.locator('[data-test-id="rlc-item"]:visible');
						await items.first().waitFor();
						eq((await items.allInnerTexts()).length, activeAccounts.length, 'accounts listed');
						await items.filter({ hasText: account.id }).first().click();
					}
				});
			}
		}

		await step('Credential: the Test button (Retry) reaches the simulator and passes', async () => {
			await page.locator('[data-test-id="credential-edit-button"]').click();
			const modal = page.locator('[data-test-id="editCredential-modal"]');
			await modal.waitFor();
			// Opening a saved credential tests it once; the button tests it again.
			const banner = modal.locator('[data-test-id="credentials-config-container-test-success"]');
			await banner.waitFor();
			const tokensBefore = sim.requests.filter((r) => r.path === '/v1/token').length;
			const answer = page.waitForResponse((r) => r.url() === `${rest.url}/rest/credentials/test` && r.request().method() === 'POST');
			await banner.getByRole('button', { name: 'Retry' }).click();
			const response = await answer;
			const body = (await response.json()) as { data?: { status?: string; message?: string } };
			eq([response.status(), body.data?.status], [200, 'OK'], `credential test answer (${body.data?.message})`);
			await banner.waitFor();
			assert((await banner.innerText()).includes('Connection tested successfully'), 'success banner');
			assert(sim.requests.filter((r) => r.path === '/v1/token').length > tokensBefore, 'the test asked the simulator for a token');
			await page.screenshot({ path: path.join(screenshotDir, `${String(++shot).padStart(2, '0')}-credential-modal.png`) });
			await page.keyboard.press('Escape');
			await modal.waitFor({ state: 'hidden' });
		});

		await step('SePay Trigger: webhook URLs and the setup notice are shown', async () => {
			await openNode(page, rest.url, workflow.id, TRIGGER_NODE_ID, 'SePay Trigger');
			const parameters = page.locator('[data-test-id="node-parameters"]').first();
			const notice = await parameters.innerText();
			assert(notice.includes('In my.sepay.vn → Webhooks, create a webhook with this node\'s URL'), `setup notice shown: ${notice.slice(0, 400)}`);
			await parameters.getByText('Webhook URLs', { exact: true }).click();
			await page.locator('[data-test-id="radio-button-test"]').click();
			await parameters.getByText(`/webhook-test/${TRIGGER_WEBHOOK_ID}/sepay`).waitFor();
			await page.screenshot({ path: path.join(screenshotDir, `${String(++shot).padStart(2, '0')}-trigger-test-url.png`) });
			await page.locator('[data-test-id="radio-button-production"]').click();
			await parameters.getByText(`/webhook/${TRIGGER_WEBHOOK_ID}/sepay`).waitFor();
		});
	} catch (error) {
		steps.push({ version, name: 'editor run', ok: false, detail: error instanceof Error ? error.message : String(error) });
		log(`  FAIL editor run\n       ${(error instanceof Error ? error.message : String(error)).split('\n').slice(0, 30).join('\n       ')}`);
	} finally {
		await context?.close().catch(() => undefined);
		await server?.stop().catch(() => undefined);
		await sim.close().catch(() => undefined);
	}
	log(`time: n8n ${version}: ${((Date.now() - started) / 1000).toFixed(1)} s (screenshots: ${path.relative(repoRoot, screenshotDir)}/)`);
}

async function ensureChromium(): Promise<void> {
	if (existsSync(CHROMIUM)) return;
	log(`${CHROMIUM} is missing: installing Debian's chromium package`);
	await runOk('bash', ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'], { timeoutMs: 600_000 });
}

async function main(): Promise<void> {
	const versions = selectedN8nVersions();
	const tmp = mkdtempSync(path.join(os.tmpdir(), 'sepay-editor-'));
	const onSignal = () => {
		killAllChildren();
		rmSync(tmp, { recursive: true, force: true });
		process.exit(130);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	rmSync(SCREENSHOTS, { recursive: true, force: true });
	try {
		await ensureChromium();
		const tarball = await packPackage(tmp);
		for (const version of versions) await runLine(version, tarball, tmp);
	} catch (error) {
		steps.push({ version: '-', name: 'setup', ok: false, detail: String(error) });
		log(`  FAIL setup\n       ${String(error)}`);
	} finally {
		killAllChildren();
		if (process.env.EDITOR_KEEP === '1') log(`kept ${tmp}`);
		else rmSync(tmp, { recursive: true, force: true });
	}
	writeFileSync(path.join(SCREENSHOTS, 'results.json'), JSON.stringify(steps, null, 2));
	log(`screenshots: ${SCREENSHOTS}`);
	const passed = steps.filter((s) => s.ok).length;
	const failed = steps.length - passed;
	log(`Editor: ${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

await main();
