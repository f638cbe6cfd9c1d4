/* eslint-disable */
// Run the SePay eInvoice simulator standalone:
//   node test/simulator/cli.ts [--port N] [--seed N] [--processing-ms N] [--processing-checks N]
//     [--quota N] [--accounts N] [--seed-invoices N] [--token-ttl N] [--is-draft-default true|false]
//     [--list-envelope-with-success] [--revoke-previous-tokens] [--client-id ID --client-secret SECRET]
//     [--adjust-path PATH|none] [--correction-tracking-url own|create|none|foreign] [--detail-shows-provider-account]
//     [--rate-limit REQUESTS_PER_SECOND] [--rate-limit-counts-token]
//
// Started with an IPC channel (child_process.fork), it also answers messages, so a benchmark can run
// the simulator in its own process (test/bench/simulatorProcess.ts): it sends { type: 'ready', url,
// providerAccountId } once listening and answers { type: 'report' } with { type: 'report', report },
// { type: 'requests' } with { type: 'requests', requests }, { type: 'invoiceStatuses', referenceCodes }
// with { type: 'invoiceStatuses', statuses }, and { type: 'reset' } and { type: 'setRateLimit', rateLimit }
// with { type: 'done' }.

import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SePaySimulator } from './index.ts';
import type { RateLimitOptions, SePaySimulatorOptions } from './index.ts';

function usage(msg: string): never {
	process.stderr.write(`${msg}\n`);
	process.exit(2);
}

function parseArgs(argv: string[]): SePaySimulatorOptions {
	const opts: SePaySimulatorOptions = {};
	const processing: { checks?: number; ms?: number } = {};
	let clientId: string | undefined;
	let clientSecret: string | undefined;
	let rateLimit: RateLimitOptions | undefined;
	let countTokenRequests = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = (): string => {
			if (inline !== undefined) return inline;
			const v = argv[++i];
			if (v === undefined) usage(`missing value for ${flag}`);
			return v;
		};
		const num = (): number => {
			const v = Number(value());
			if (!Number.isFinite(v)) usage(`${flag} needs a number`);
			return v;
		};
		switch (flag) {
			case '--port':
				opts.port = num();
				break;
			case '--seed':
				opts.seed = num();
				break;
			case '--processing-ms':
				processing.ms = num();
				break;
			case '--processing-checks':
				processing.checks = num();
				break;
			case '--quota':
				opts.quota = num();
				break;
			case '--accounts':
			case '--provider-account-count':
				opts.providerAccountCount = num();
				break;
			case '--seed-invoices':
				opts.seedInvoices = num();
				break;
			case '--token-ttl':
				opts.tokenTtlSeconds = num();
				break;
			case '--is-draft-default':
				opts.isDraftDefault = value() !== 'false';
				break;
			case '--list-envelope-with-success':
				opts.listEnvelopeWithSuccess = true;
				break;
			case '--revoke-previous-tokens':
				opts.revokePreviousTokensOnIssue = true;
				break;
			case '--client-id':
				clientId = value();
				break;
			case '--adjust-path': {
				const path = value();
				opts.adjustPath = path === 'none' ? null : path;
				break;
			}
			case '--correction-tracking-url': {
				const mode = value();
				if (!['own', 'create', 'none', 'foreign'].includes(mode)) usage('--correction-tracking-url is own, create, none or foreign');
				opts.correctionTrackingUrl = mode as SePaySimulatorOptions['correctionTrackingUrl'];
				break;
			}
			case '--detail-shows-provider-account':
				opts.detailShowsProviderAccount = true;
				break;
			case '--client-secret':
				clientSecret = value();
				break;
			case '--rate-limit':
				rateLimit = { requestsPerSecond: num() };
				break;
			case '--rate-limit-counts-token':
				countTokenRequests = true;
				break;
			case '--help':
			case '-h':
				process.stdout.write(
					'Usage: node test/simulator/cli.ts [--port N] [--seed N] [--processing-ms N] [--processing-checks N] ' +
						'[--quota N] [--accounts N] [--seed-invoices N] [--token-ttl N] [--is-draft-default true|false] ' +
						'[--list-envelope-with-success] [--revoke-previous-tokens] [--client-id ID] [--client-secret S] ' +
						'[--adjust-path PATH|none] [--correction-tracking-url own|create|none|foreign] [--detail-shows-provider-account] ' +
						'[--rate-limit REQUESTS_PER_SECOND] [--rate-limit-counts-token]\n',
				);
				process.exit(0);
			default:
				usage(`unknown option ${arg}`);
		}
	}
	if (rateLimit) opts.rateLimit = { ...rateLimit, countTokenRequests };
	if (processing.checks !== undefined || processing.ms !== undefined) opts.processing = processing;
	if (clientId !== undefined || clientSecret !== undefined)
		opts.clients = [{ clientId: clientId ?? DEMO_CLIENT_ID, clientSecret: clientSecret ?? DEMO_CLIENT_SECRET }];
	return opts;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const sim = await SePaySimulator.start(options);
	const client = (options.clients ?? [{ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET }])[0]!;
	process.stdout.write(
		`SePay simulator listening on ${sim.url}\n` +
			`client_id: ${client.clientId}\n` +
			`client_secret: ${client.clientSecret}\n` +
			`provider_account_id: ${sim.providerAccounts.find((a) => a.active)?.id ?? '(none)'}\n`,
	);
	if (process.send) answerParent(sim);
	let stopping = false;
	const stop = (): void => {
		if (stopping) return;
		stopping = true;
		void sim.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

/** What a benchmark in another process needs to know about the run so far. */
function report(sim: SePaySimulator) {
	const count = (method: string, path: string) => sim.requestsTo(method, path).length;
	const acceptedReferences = new Set([...sim.jobs.values()].filter((job) => job.kind === 'create').map((job) => job.reference_code));
	return {
		requests: sim.requests.length,
		tokenRequests: sim.tokenRequestCount(),
		createRequests: count('POST', '/v1/invoices/create'),
		createChecks: count('GET', '/v1/invoices/create/check/*'),
		issueChecks: count('GET', '/v1/invoices/issue/check/*'),
		lookups: count('GET', '/v1/invoices/*'),
		/** Distinct reference codes among the accepted create jobs (fewer than stats.createJobsAccepted = a duplicate). */
		acceptedCreateReferences: acceptedReferences.size,
		invoices: sim.invoices.size,
		stats: sim.stats,
		concurrency: sim.concurrency,
		rateLimit: sim.rateLimit,
		firstRequestAt: sim.requests[0]?.at ?? null,
		lastRequestAt: sim.requests.at(-1)?.at ?? null,
		firstCreateAt: sim.requestsTo('POST', '/v1/invoices/create')[0]?.at ?? null,
	};
}

export type SimulatorReport = ReturnType<typeof report>;

function answerParent(sim: SePaySimulator): void {
	process.on('message', (message: { type?: string; referenceCodes?: string[]; rateLimit?: RateLimitOptions | null }) => {
		switch (message?.type) {
			case 'report':
				process.send!({ type: 'report', report: report(sim) });
				return;
			case 'requests':
				process.send!({ type: 'requests', requests: sim.requests });
				return;
			case 'invoiceStatuses':
				process.send!({
					type: 'invoiceStatuses',
					statuses: Object.fromEntries((message.referenceCodes ?? []).map((code) => [code, sim.invoices.get(code)?.status])),
				});
				return;
			case 'reset':
				sim.clearRequests();
				sim.resetStats();
				sim.resetConcurrency();
				process.send!({ type: 'done' });
				return;
			case 'setRateLimit':
				sim.setRateLimit(message.rateLimit ?? null);
				process.send!({ type: 'done' });
				return;
		}
	});
	process.send!({ type: 'ready', url: sim.url, providerAccountId: sim.activeProviderAccountId });
	// The parent's end is ours: exit with it.
	process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
	process.stderr.write(`SePay simulator failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
	process.exit(1);
});
