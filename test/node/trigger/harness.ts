/* eslint-disable */
// SePay Trigger test host (not a test file).
//
// A real HTTP server on 127.0.0.1 plays the part of n8n's webhook server for ONE workflow:
//   - routes `POST /webhook/<webhookId>/sepay` (n8n's production URL for this node),
//   - parses the body the way n8n 2.41's body parser does (application/json → JSON,
//     text/plain → string, anything else → {}; an unparsable JSON body → 422, node not called),
//   - builds n8n-core's real WebhookContext (as n8n's WebhookService.runWebhook does) with the
//     request/response objects and a credentials helper, and calls the node's real webhook(),
//   - handles the workflow's static data as n8n's LiveWebhooks does: each call builds its
//     Workflow from a copy of the stored static data loaded at its start, and a production call
//     saves its copy after webhook() when the node changed it (overlapping calls: the last save
//     wins). `overlapNextCalls` makes calls load before any of them runs webhook().
//   - records what webhook() returned. When it returned `noWebhookResponse` the node answered
//     itself; if it did not and did not answer, the host answers 599 so tests fail loudly.
// `runFromTrigger` then starts the workflow with the trigger's output exactly like n8n's
// prepareExecutionData (a node-execution stack holding the trigger node and its data) and runs
// it with n8n-core's WorkflowExecute, so downstream SePay eInvoice nodes see the real items.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach } from 'vitest';

import { WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	ITaskData,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import type { WorkflowParameters } from 'n8n-workflow';

import { CredentialStore } from '../../harness/credentialStore';
import { harnessAdditionalData } from '../../harness/additionalData';
import { runWorkflow } from '../../harness/runWorkflow';
import { recordRun } from '../../harness/secretScan';
import {
	CREDENTIAL_TYPE as EINVOICE_CREDENTIAL,
	HMAC_CREDENTIAL,
	NODE_TYPE as EINVOICE_TYPE,
	TRIGGER_TYPE,
	WEBHOOK_CREDENTIAL,
	credentialTypes,
	einvoiceNodeType,
	nodeTypes,
	triggerNodeType,
} from '../../support';

export { triggerNodeType };
export const TRIGGER_NAME = 'SePay Trigger';
export const WEBHOOK_ID = 'b6a2b1f4-4f1e-4c55-9d0a-5e9f2a1c0001';

/** The SePay documentation sample (API reference §6.1). */
export const SAMPLE = {
	id: 92704,
	gateway: 'Vietcombank',
	transactionDate: '2023-03-25 14:02:37',
	accountNumber: '0123499999',
	code: null,
	content: 'chuyen tien mua iphone',
	transferType: 'in',
	transferAmount: 2277000,
	accumulated: 19077000,
	subAccount: null,
	referenceCode: 'MBVCB.3278907687',
	description: '',
};

export interface LogEntry {
	level: string;
	message: string;
	meta?: unknown;
}
/**
 * n8n's log as the node writes it (`this.logger`): n8n-core takes the Logger from its DI
 * container, so the host puts a recording one there, as n8n's own tests do.
 */
export const triggerLog: LogEntry[] = [];
{
	const fromCore = createRequire(createRequire(import.meta.url).resolve('n8n-core'));
	const { Container } = fromCore('@n8n/di');
	const { Logger } = fromCore('@n8n/backend-common');
	const entry = (level: string) => (message: string, meta?: unknown) => void triggerLog.push({ level, message, meta });
	const sink: Record<string, unknown> = { error: entry('error'), warn: entry('warn'), info: entry('info'), debug: entry('debug') };
	sink.scoped = () => sink;
	Container.set(Logger, sink);
}

export function credentialStore(
	data: { webhook?: ICredentialDataDecryptedObject; hmac?: ICredentialDataDecryptedObject; einvoice?: ICredentialDataDecryptedObject } = {},
): CredentialStore {
	const store = new CredentialStore(credentialTypes());
	if (data.webhook) store.set(WEBHOOK_CREDENTIAL, data.webhook);
	if (data.hmac) store.set(HMAC_CREDENTIAL, data.hmac);
	if (data.einvoice) store.set(EINVOICE_CREDENTIAL, { accessToken: '', ...data.einvoice });
	return store;
}

export interface DownstreamNode {
	name: string;
	parameters: INodeParameters;
}

export interface TriggerHostOptions {
	/** SePay Trigger parameters; omitted ones take the node's defaults. */
	parameters?: INodeParameters;
	/** Attach the credential of the chosen authentication (default: yes unless authentication = none). */
	attachCredential?: boolean;
	store?: CredentialStore;
	/** SePay eInvoice nodes chained after the trigger, in order. */
	downstream?: DownstreamNode[];
	mode?: WorkflowExecuteMode;
}

export interface TriggerCall {
	/** What webhook() returned (undefined when it threw or the host answered before it ran). */
	result?: IWebhookResponseData;
	/** What webhook() threw. */
	error?: Error;
	/** Whether the node called the engine at all (false for routing / body-parser rejections). */
	nodeCalled: boolean;
}

export interface PostResult {
	status: number;
	contentType: string | null;
	wwwAuthenticate: string | null;
	text: string;
	body: any;
	call: TriggerCall;
	/** Items the trigger handed to the workflow, or undefined when it started none. */
	items: INodeExecutionData[] | undefined;
	/** What the node wrote to n8n's log during this call. */
	logs: LogEntry[];
}

export interface PostOptions {
	headers?: Record<string, string>;
	/** Send this exact text instead of JSON.stringify(body). */
	raw?: string;
	contentType?: string | null;
	method?: string;
	path?: string;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** Each host is its own workflow (n8n keys static data, and the node its memory, by workflow id). */
let hostCount = 0;

interface Overlap {
	loadsLeft: number;
	allLoaded: Promise<void>;
	release: () => void;
}

export class TriggerHost {
	readonly workflow: Workflow;
	private readonly workflowParameters: WorkflowParameters;
	/**
	 * The workflow's static data as n8n stores it (the workflow row): what each call loads at
	 * its start and what a production call's save replaces.
	 */
	storedStaticData: IDataObject = {};
	private overlap?: Overlap;
	readonly store: CredentialStore;
	readonly triggerNode: INode;
	readonly webhookPath: string;
	readonly mode: WorkflowExecuteMode;
	private readonly calls = new Map<string, TriggerCall>();
	private counter = 0;
	url = '';
	private server?: Server;

	private constructor(options: TriggerHostOptions) {
		this.store = options.store ?? credentialStore();
		this.mode = options.mode ?? 'webhook';
		const parameters = NodeHelpers.getNodeParameters(
			triggerNodeType.description.properties,
			options.parameters ?? {},
			true,
			false,
			null,
			null,
		) as INodeParameters;
		const credentialType = parameters.authentication === 'hmac' ? HMAC_CREDENTIAL : WEBHOOK_CREDENTIAL;
		const attach = options.attachCredential ?? parameters.authentication !== 'none';
		const trigger: INode = {
			id: 'trigger',
			name: TRIGGER_NAME,
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters,
			...(attach ? { credentials: { [credentialType]: { id: '2', name: 'SePay webhook credential' } } } : {}),
		};
		const nodes: INode[] = [trigger];
		const connections: Record<string, any> = {};
		let previous = TRIGGER_NAME;
		for (const [index, next] of (options.downstream ?? []).entries()) {
			nodes.push({
				id: `downstream-${index}`,
				name: next.name,
				type: EINVOICE_TYPE,
				typeVersion: 1,
				position: [200 * (index + 1), 0],
				parameters: NodeHelpers.getNodeParameters(
					einvoiceNodeType.description.properties,
					next.parameters,
					true,
					false,
					null,
					null,
				) as INodeParameters,
				credentials: { [EINVOICE_CREDENTIAL]: { id: '1', name: 'SePay eInvoice account' } },
			});
			connections[previous] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
			previous = next.name;
		}
		this.workflowParameters = {
			id: `trigger-host-${++hostCount}`,
			nodes,
			connections,
			active: true,
			nodeTypes,
			settings: { executionOrder: 'v1' },
		};
		this.workflow = new Workflow(this.workflowParameters);
		this.triggerNode = this.workflow.getNode(TRIGGER_NAME)!;
		this.webhookPath = NodeHelpers.getNodeWebhookPath(
			this.workflow.id,
			this.triggerNode,
			triggerNodeType.description.webhooks![0].path,
			false,
		);
	}

	static async start(options: TriggerHostOptions = {}): Promise<TriggerHost> {
		const host = new TriggerHost(options);
		host.server = createServer((req, res) => {
			void host.handle(req, res);
		});
		await new Promise<void>((resolve) => host.server!.listen(0, '127.0.0.1', resolve));
		host.url = `http://127.0.0.1:${(host.server.address() as AddressInfo).port}`;
		return host;
	}

	/** n8n's production URL of this node: `<base>/webhook/<webhookId>/sepay`. */
	get webhookUrl(): string {
		return `${this.url}/webhook/${this.webhookPath}`;
	}

	/**
	 * The next `count` calls each load the stored static data, then wait until all of them have
	 * loaded before webhook() runs: deliveries that arrive together in n8n, each with a copy
	 * that misses what the others save.
	 */
	overlapNextCalls(count: number): void {
		let release = () => {};
		const allLoaded = new Promise<void>((resolve) => (release = resolve));
		this.overlap = { loadsLeft: count, allLoaded, release };
	}

	/** The node's part of the stored static data (`node:<name>`), created when missing. */
	storedNodeStaticData(): IDataObject {
		const key = `node:${TRIGGER_NAME}`;
		return ((this.storedStaticData[key] as IDataObject | undefined) ??= {});
	}

	private async loadWorkflow(): Promise<Workflow> {
		const workflow = new Workflow({ ...this.workflowParameters, staticData: structuredClone(this.storedStaticData) });
		const overlap = this.overlap;
		if (overlap) {
			if (--overlap.loadsLeft === 0) {
				this.overlap = undefined;
				overlap.release();
			}
			await overlap.allLoaded;
		}
		return workflow;
	}

	/** As n8n's WorkflowStaticDataService.saveStaticData: only when changed, the whole object. */
	private saveStaticData(workflow: Workflow): void {
		if (this.mode === 'manual' || workflow.staticData.__dataChanged !== true) return;
		this.storedStaticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	}

	private additionalData(req?: IncomingMessage, res?: ServerResponse): IWorkflowExecuteAdditionalData {
		return harnessAdditionalData({ credentialsHelper: this.store, httpRequest: req, httpResponse: res }, this.url);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const id = String(req.headers['x-harness-call'] ?? '');
		const call: TriggerCall = { nodeCalled: false };
		this.calls.set(id, call);
		const raw = await readBody(req);
		const url = new URL(req.url ?? '/', this.url);
		if (req.method !== 'POST' || url.pathname !== `/webhook/${this.webhookPath}`) {
			res.writeHead(404, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ code: 404, message: `The requested webhook "${req.method} ${url.pathname}" is not registered.` }));
			return;
		}
		// n8n 2.41 body parser (packages/cli/src/middlewares/body-parser.ts).
		const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		let body: unknown;
		if (raw.length > 0) {
			if (contentType === 'application/json') {
				try {
					body = JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, ''));
				} catch {
					res.writeHead(422, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify({ code: 422, message: 'Failed to parse request body' }));
					return;
				}
			} else if (contentType === 'text/plain') {
				body = raw.toString('utf8');
			}
		}
		const request = req as IncomingMessage & { body: unknown; params: object; query: object; rawBody: Buffer };
		request.body = body ?? {};
		request.params = {};
		request.query = Object.fromEntries(url.searchParams);
		request.rawBody = raw;

		const additionalData = this.additionalData(req, res);
		const webhookDescription = triggerNodeType.description.webhooks![0];
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: TRIGGER_NAME,
			path: this.webhookPath,
			webhookDescription,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
		};
		const workflow = await this.loadWorkflow();
		call.nodeCalled = true;
		try {
			// As n8n's WebhookService.runWebhook does.
			const context = new WebhookContext(workflow, workflow.getNode(TRIGGER_NAME)!, additionalData, this.mode, webhookData, [], null);
			call.result = await triggerNodeType.webhook!.call(context);
			this.saveStaticData(workflow);
		} catch (error) {
			call.error = error as Error;
			if (!res.headersSent) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' }));
			}
			return;
		}
		if (call.result?.noWebhookResponse !== true && !res.headersSent) {
			res.writeHead(599, { 'Content-Type': 'text/plain' });
			res.end('harness: node neither answered nor returned noWebhookResponse');
		}
	}

	/** POSTs like SePay does (JSON body) and returns the HTTP answer plus what webhook() returned. */
	async post(body: unknown, options: PostOptions = {}): Promise<PostResult> {
		const id = String(++this.counter);
		const logFrom = triggerLog.length;
		const headers: Record<string, string> = { 'x-harness-call': id, ...(options.headers ?? {}) };
		const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
		if (contentType !== null) headers['content-type'] = contentType;
		const response = await fetch(options.path ? `${this.url}${options.path}` : this.webhookUrl, {
			method: options.method ?? 'POST',
			headers,
			// Bytes, so fetch adds no Content-Type of its own (a string body would get text/plain).
			body:
				options.raw !== undefined
					? new TextEncoder().encode(options.raw)
					: body === undefined
						? undefined
						: new TextEncoder().encode(JSON.stringify(body)),
		});
		const text = await response.text();
		let parsed: any;
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = undefined;
		}
		const call = this.calls.get(id) ?? { nodeCalled: false };
		const logs = triggerLog.slice(logFrom);
		await this.record({ status: response.status, text, call, logs });
		return {
			status: response.status,
			contentType: response.headers.get('content-type'),
			wwwAuthenticate: response.headers.get('www-authenticate'),
			text,
			body: parsed,
			call,
			items: call.result?.workflowData?.[0],
			logs,
		};
	}

	/** For the secret scan: what n8n and the caller saw, with the credentials the node could read. */
	private async record(produced: unknown): Promise<void> {
		recordRun({ produced, credentials: await this.store.allStoredData(), issuedTokens: this.store.issuedTokens });
	}

	/**
	 * Starts the workflow from the trigger's output as n8n does after a webhook
	 * (prepareExecutionData → WorkflowExecute), and returns each node's output items / error.
	 */
	async runFromTrigger(workflowData: INodeExecutionData[][], executionId = `trigger-${++this.counter}`) {
		const run = await runWorkflow({
			workflow: this.workflow,
			startNode: this.triggerNode,
			input: workflowData,
			mode: this.mode,
			executionId,
			credentialsHelper: this.store,
			baseUrl: this.url,
		});
		await this.record(run);
		const output = (name: string) => {
			const task = run.data.resultData.runData[name]?.[0] as ITaskData | undefined;
			return {
				items: (task?.data?.main?.[0] ?? []) as INodeExecutionData[],
				error: task?.error as (Error & { description?: string }) | undefined,
				ran: task !== undefined,
			};
		};
		return { run, output };
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}
}

const hostsOfTheTest: TriggerHost[] = [];
afterEach(async () => {
	await Promise.all(hostsOfTheTest.splice(0).map(async (host) => await host.close()));
});

/** A TriggerHost closed after the test. */
export async function hostForTest(options: TriggerHostOptions = {}): Promise<TriggerHost> {
	const host = await TriggerHost.start(options);
	hostsOfTheTest.push(host);
	return host;
}
