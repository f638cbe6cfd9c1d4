/* eslint-disable */
// `npm ci && npm run demo` (= npm run build && node test/e2e/demo.ts, Node 24):
// runs examples/create-invoice-wait-download.json in a real n8n against the local SePay
// simulator and prints what happened. Nothing leaves this machine.
//   1. scripts/install-n8n.sh: n8n, cached in ~/.cache/n8n-e2e (first run: a few minutes)
//   2. npm pack + install into a throw-away n8n user folder, as users get community nodes
//   3. SePay simulator on 127.0.0.1, credential "Custom → simulator", the example workflow
//   4. n8n execute-batch, then a summary of the invoice, the PDF and the simulator's requests
// Env: DEMO_KEEP=1 also keeps the n8n user folder (DB, installed package); DEMO_N8N_VERSION=1.123.81
// runs it on another version listed in scripts/n8n-versions.txt (default: the first).

import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEMO_CLIENT_ID as CLIENT_ID, DEMO_CLIENT_SECRET as CLIENT_SECRET, SePaySimulator } from '../simulator/index.ts';
import {
	hideTokensSentTo,
	installN8nRuntime,
	installPackageInto,
	killAllChildren,
	log,
	N8n,
	packPackage,
	redact,
	registerSecret,
	repoRoot,
} from './n8n.ts';
import { assert } from './checks.ts';
import { defaultN8nVersion, listedN8nVersions } from './versions.ts';
import { CREDENTIAL_TYPE } from './workflows.ts';

const EXAMPLE = path.join(repoRoot, 'examples', 'create-invoice-wait-download.json');
const WORKFLOW_ID = 'sepayDemo0001';
const CREDENTIAL_ID = 'SePayDemoCred001';
registerSecret(CLIENT_SECRET);
registerSecret(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'));

const started = Date.now();
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const since = () => secs(Date.now() - started);
function step(text: string): void {
	log(`[${since().padStart(6)}] ${text}`);
}
const money = (n: unknown, currency = 'VND') => `${typeof n === 'number' ? n.toLocaleString('en-US') : String(n)} ${currency}`;

/** Bytes of a binary property: inline base64, or n8n's filesystem binary-data store. */
function binaryContent(userFolder: string, file: { data?: string; id?: string }): Buffer {
	if (file.id?.startsWith('filesystem-v2:')) {
		return readFileSync(path.join(userFolder, '.n8n', 'storage', file.id.slice('filesystem-v2:'.length)));
	}
	assert(file.data && !file.data.startsWith('filesystem'), 'the PDF has neither inline data nor a filesystem id');
	return Buffer.from(file.data, 'base64');
}

/** The example, unchanged except the id execute-batch needs and the credential reference. */
function exampleWorkflow(credentialName: (name: string) => void): any {
	const example = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
	const wf = structuredClone(example);
	wf.id = WORKFLOW_ID;
	let refs = 0;
	for (const node of wf.nodes as any[]) {
		const ref = node.credentials?.[CREDENTIAL_TYPE];
		if (!ref) continue;
		credentialName(ref.name);
		node.credentials[CREDENTIAL_TYPE] = { id: CREDENTIAL_ID, name: ref.name };
		refs += 1;
	}
	assert(refs > 0, `${path.relative(repoRoot, EXAMPLE)} has no ${CREDENTIAL_TYPE} credential reference`);
	return wf;
}

async function main(): Promise<number> {
	const outDir = mkdtempSync(path.join(os.tmpdir(), 'sepay-einvoice-demo-'));
	const userFolder = path.join(outDir, 'n8n-user');
	let sim: SePaySimulator | undefined;
	let ok = false;
	const cleanUp = () => {
		killAllChildren();
		if (process.env.DEMO_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
	};
	const onSignal = (signal: NodeJS.Signals) => {
		cleanUp();
		log(`interrupted (${signal})`);
		process.exit(130);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		log(`SePay eInvoice demo: ${path.relative(repoRoot, EXAMPLE)} in a real n8n, against a local SePay simulator.\n`);
		assert(Number(process.versions.node.split('.')[0]) >= 24, `Node 24 needed (n8n 2.41 refuses older ones), running ${process.version}: use npm run demo`);
		assert(existsSync(path.join(repoRoot, 'dist', 'nodes', 'SePayEInvoice', 'SePayEInvoice.node.js')), 'dist/ is missing: run npm run demo (it builds first)');

		// 1. n8n itself, once per version: the first in scripts/n8n-versions.txt, or DEMO_N8N_VERSION.
		const wantedVersion = process.env.DEMO_N8N_VERSION || defaultN8nVersion();
		assert(listedN8nVersions().includes(wantedVersion), `DEMO_N8N_VERSION ${wantedVersion} is not in scripts/n8n-versions.txt (${listedN8nVersions().join(', ')})`);
		const cache = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-e2e');
		const cached = existsSync(path.join(cache, `n8n-${wantedVersion}`, '.install-complete'));
		step(cached ? 'n8n: checking the cached install' : `n8n: first run, installing n8n into ${cache} (about 3-5 min, only once)`);
		const runtime = await installN8nRuntime(wantedVersion);
		const n8nVersion = wantedVersion;
		step(`n8n ${n8nVersion} ready (${secs(runtime.ms)})`);

		// 2. This package, the way users install community nodes.
		const tarball = await packPackage(outDir);
		await installPackageInto(userFolder, tarball);
		rmSync(tarball);
		step(`packed and installed ${path.basename(tarball)} into a temporary n8n user folder`);

		// 3. Simulator (seed 1: its first active provider account is the one in the example)
		// with a visible wait: the first status check says Pending, the invoice is ready after 1.5 s.
		sim = await SePaySimulator.start({ seed: 1, processing: { checks: 1, ms: 1500 } });
		hideTokensSentTo(sim);
		let credentialName = 'SePay eInvoice account';
		const wf = exampleWorkflow((name) => (credentialName = name));
		const accountInExample = (wf.nodes as any[]).find((n) => n.parameters?.operation === 'create')?.parameters?.providerAccount?.value;
		assert(accountInExample === sim.activeProviderAccountId, `the example's provider account ${accountInExample} is not the simulator's active account ${sim.activeProviderAccountId}`);
		step(`SePay simulator listening on ${sim.url}`);

		const n8n = await N8n.create(runtime.dir, userFolder, n8nVersion);
		const credsFile = path.join(userFolder, 'credentials.json');
		writeFileSync(
			credsFile,
			JSON.stringify([
				{
					id: CREDENTIAL_ID,
					name: credentialName,
					type: CREDENTIAL_TYPE,
					data: { environment: 'custom', baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessToken: '' },
				},
			]),
		);
		await n8n.importCredentials(credsFile);
		rmSync(credsFile);
		const wfDir = path.join(userFolder, 'import');
		mkdirSync(wfDir);
		writeFileSync(path.join(wfDir, `${WORKFLOW_ID}.json`), JSON.stringify(wf, null, 2));
		await n8n.importWorkflows(wfDir);
		step(`imported the credential "${credentialName}" (Custom → simulator) and the workflow "${wf.name}"`);

		// 4. Run it.
		step('running the workflow with n8n execute-batch (create, wait for SePay, download the PDF) …');
		const runDir = path.join(outDir, 'run');
		const summaryFile = path.join(runDir, 'summary.json');
		const { summary } = await n8n.executeBatch([WORKFLOW_ID], runDir, summaryFile);
		const execution = summary.executions?.find((e) => e.workflowId === WORKFLOW_ID);
		assert(execution, 'execute-batch reported no execution of the workflow');
		assert(execution.executionStatus === 'success' && summary.summary.warningExecutions === 0, `the workflow did not succeed (${execution.executionStatus}): ${execution.error ?? JSON.stringify(summary.summary.warnings)}`);
		const snapshotFile = path.join(runDir, `${WORKFLOW_ID}-snapshot.json`);
		const runData = JSON.parse(readFileSync(snapshotFile, 'utf8'))?.data?.resultData?.runData ?? {};
		const out = (node: string) => {
			const runs = runData[node];
			assert(runs?.[0] && !runs[0].error, `node "${node}" did not run or failed: ${runs?.[0]?.error?.message ?? 'no run data'}`);
			const items = runs[0].data?.main?.[0] ?? [];
			assert(items.length === 1, `node "${node}" output ${items.length} items, expected 1`);
			return items[0];
		};
		step(`workflow finished (${secs(execution.executionTime * 1000)} inside n8n)`);

		const created = out('Create Invoice').json;
		const invoice = created.invoice ?? {};
		assert(created.status === 'Success', `Create Invoice status: ${created.status} (${created.message ?? ''})`);
		const simInvoice = sim.invoices.get(created.reference_code);
		assert(simInvoice?.status === 'issued', `the simulator has no issued invoice ${created.reference_code}`);
		assert(invoice.invoice_number === simInvoice.invoice_number && invoice.total_amount === simInvoice.total_amount, 'the invoice in n8n differs from the one the simulator issued');
		const download = out('Download PDF');
		const file = download.binary?.data;
		assert(file, 'Download PDF produced no binary "data"');
		const pdf = binaryContent(userFolder, file);
		assert(pdf.subarray(0, 5).toString('latin1') === '%PDF-' && pdf.length === download.json.file_size, 'the downloaded file is not the PDF SePay sent');
		const pdfPath = path.join(outDir, file.fileName ?? 'invoice.pdf');
		writeFileSync(pdfPath, pdf);
		const requests = sim.requests;
		const t0 = requests[0]?.at ?? 0;
		writeFileSync(
			path.join(outDir, 'simulator-requests.json'),
			redact(JSON.stringify(requests.map((r) => ({ at: `+${((r.at - t0) / 1000).toFixed(2)} s`, method: r.method, path: r.path, query: r.query, body: r.body })), null, 2)),
		);

		log('');
		log(`Invoice issued by the workflow in n8n ${n8nVersion}:`);
		log(`  Invoice number   ${invoice.invoice_number}  (template ${invoice.template_code ?? simInvoice.template_code}, series ${invoice.invoice_series ?? simInvoice.invoice_series})`);
		log(`  Status           ${created.status}  (SePay: ${invoice.status ?? simInvoice.status}, after ${created.checks ?? '?'} status checks)`);
		log(`  Total            ${money(invoice.total_amount, invoice.currency ?? simInvoice.currency)}  (before tax ${money(simInvoice.total_before_tax, simInvoice.currency)} + tax ${money(simInvoice.tax_amount, simInvoice.currency)})`);
		log(`  Reference code   ${created.reference_code}`);
		log(`  PDF              ${file.fileName}, ${pdf.length.toLocaleString('en-US')} bytes`);
		log(`  SePay simulator  received ${requests.length} HTTP requests:`);
		for (const r of requests) {
			const query = Object.keys(r.query).length ? `?${new URLSearchParams(r.query)}` : '';
			log(`                     +${((r.at - t0) / 1000).toFixed(2).padStart(5)} s  ${r.method.padEnd(4)} ${r.path}${query}`);
		}
		log(`  Run data         ${outDir}`);
		log(`                     run/${path.basename(snapshotFile)} (n8n's run data of every node), run/summary.json,`);
		log(`                     ${path.basename(pdfPath)}, simulator-requests.json`);
		ok = true;
	} catch (error) {
		log(`\nDemo FAILED: ${error instanceof Error ? error.message : String(error)}`);
		if (process.env.DEMO_KEEP === '1' || readdirSync(outDir).some((f) => f !== 'n8n-user')) log(`Files so far: ${outDir}`);
	} finally {
		cleanUp();
		await sim?.close().catch(() => undefined);
		if (readdirSync(outDir).length === 0) rmSync(outDir, { recursive: true, force: true });
	}
	log(`\n${ok ? 'Demo done' : 'Demo failed'} in ${since()}.`);
	return ok ? 0 : 1;
}

process.exitCode = await main();
