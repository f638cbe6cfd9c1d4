/* eslint-disable */
// E2E, SePay eInvoice as a tool of n8n's AI Agent (issue 22), called from run-e2e.ts on every
// n8n line. The agent (`@n8n/n8n-nodes-langchain.agent` v3) talks to a scripted
// OpenAI-compatible model (scriptedModel.ts) through n8n's OpenAI Chat Model (v1.2); the
// SePay node is connected on `ai_tool` as `n8n-nodes-sepay-einvoice.sePayEInvoiceTool`, the
// fields the model fills written as `$fromAI()`. Its own simulator and credentials, so the
// main run's request and stats checks stay as they are. One execute-batch, four workflows:
//   1. Get Quota → the model's next request carries the tool's answer;
//   2. Get an invoice by the reference code the model chose → the invoice reaches the model;
//   3. Create a draft from $fromAI() fields, called twice with the same order → one draft;
//   4. bad values from the model (quantity -1, a name instead of a provider account ID, an
//      unknown provider account) → an answer the model can act on, the run goes on, no invoice;
//   5. examples/ai-agent-draft-invoices.json as shipped, its Chat Trigger swapped for a Manual
//      Trigger and a chat message (execute-batch cannot chat): a draft with JSON lines, then Get.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DEMO_CLIENT_ID as CLIENT_ID, DEMO_CLIENT_SECRET as CLIENT_SECRET, SePaySimulator } from '../simulator/index.ts';
import { assert, check, eq, fail, short } from './checks.ts';
import { hideTokensSentTo, log, repoRoot } from './n8n.ts';
import type { BatchSummary, N8n } from './n8n.ts';
import { ScriptedModel, textOf } from './scriptedModel.ts';
import type { ModelRequest, ScriptedTurn } from './scriptedModel.ts';
import { readSnapshot } from './snapshot.ts';
import type { Snapshot } from './snapshot.ts';
import { CREDENTIAL_TYPE, EXAMPLE_PROVIDER_ACCOUNT, NODE_TYPE, createParams, manualTrigger, sepayNode } from './workflows.ts';
import type { CredentialRef, WfNode, Workflow } from './workflows.ts';

export const TOOL_TYPE = `${NODE_TYPE}Tool`;
const AGENT = 'AI Agent';
const MODEL = 'OpenAI Chat Model';
const SEPAY_CREDENTIAL: CredentialRef = { id: 'SePayE2eAgent001', name: 'SePay eInvoice (agent simulator)' };
const OPENAI_CREDENTIAL: CredentialRef = { id: 'OpenAiE2eScript1', name: 'Scripted model (127.0.0.1)' };

const QUOTA = 'quota';
const GET = 'get';
const DRAFT = 'draft';
const BAD = 'bad';
const EXAMPLE = 'example';
const WORKFLOW_IDS: Record<string, string> = { [QUOTA]: 'e2e30agentquota', [GET]: 'e2e31agentget', [DRAFT]: 'e2e32agentdraft', [BAD]: 'e2e33agentbad', [EXAMPLE]: 'e2e34agentexample' };
const EXAMPLE_FILE = path.join(repoRoot, 'examples', 'ai-agent-draft-invoices.json');
const CHAT_TRIGGER = 'When chat message received';
const EXAMPLE_ORDER = 'ORDER-8001';
const EXAMPLE_CALL = {
	buyer_type: 'company',
	buyer_name: 'Công ty TNHH Cà Phê Sáng',
	buyer_tax_code: '0109876543',
	buyer_email: '',
	items: [
		{ line_type: 1, item_name: 'Cà phê hạt Robusta 1kg', unit: 'túi', quantity: 3, unit_price: 250000, tax_rate: 8 },
		{ line_type: 1, item_name: 'Phí giao hàng', unit: 'lần', quantity: 1, unit_price: 30000, tax_rate: 10 },
		{ line_type: 4, item_name: 'Giao trước 10 giờ' },
	],
	order_id: EXAMPLE_ORDER,
};

/** Issued by a plain Create before the agent of workflow 2 runs; the model asks for it by this code. */
const GET_REFERENCE = 'AGENT-GET-1';
const DRAFT_ORDER = 'ORDER-7001';
const DRAFT_CALL = { buyer_name: 'Trần Thị Bích', item_name: 'Cà phê sữa', quantity: 2, unit_price: 45000, order_id: DRAFT_ORDER };
const UNKNOWN_ACCOUNT = '00000000-0000-4000-8000-00000000dead';
const FINAL = 'Done.';

// ------------------------------------------------------------------ workflows

let nodeCounter = 0;
const nodeId = () => `a0000000-0000-4000-8000-${String(++nodeCounter).padStart(12, '0')}`;

const fromAI = (key: string, description: string, type: 'string' | 'number') => `={{ $fromAI('${key}', '${description}', '${type}') }}`;

/** The tool form of the SePay node: the same parameters, the type n8n gives a node on `ai_tool`. */
function sepayTool(name: string, parameters: Record<string, unknown>, extra: Partial<WfNode> = {}): WfNode {
	return sepayNode(name, parameters, SEPAY_CREDENTIAL, { type: TOOL_TYPE, ...extra });
}

/** The Create form with the sale filled by the model: buyer, one line, the order ID as Reference Code. */
function draftParams(accountId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return createParams(accountId, {
		mode: 'draft',
		buyerName: fromAI('buyer_name', 'Full name of the buyer', 'string'),
		lineItems: {
			item: [{ lineType: 1, itemName: fromAI('item_name', 'Product or service sold', 'string'), unit: 'ly', quantity: fromAI('quantity', 'Quantity sold', 'number'), unitPrice: fromAI('unit_price', 'Price per unit in VND, before VAT', 'number'), taxRate: '8' }],
		},
		referenceCode: fromAI('order_id', 'The shop order ID, e.g. ORDER-1001. It becomes the invoice Reference Code.', 'string'),
		...overrides,
	});
}

/**
 * Manual Trigger (→ `before`) → AI Agent, with the scripted model and `tools` as sub-nodes.
 * The prompt carries the scenario tag the scripted model answers by.
 */
function agentWorkflow(tag: string, prompt: string, tools: WfNode[], before: WfNode[] = []): Workflow {
	const trigger = manualTrigger();
	const agent: WfNode = {
		id: nodeId(),
		name: AGENT,
		type: '@n8n/n8n-nodes-langchain.agent',
		typeVersion: 3,
		position: [250 * (before.length + 1), 0],
		parameters: { promptType: 'define', text: `[scenario:${tag}] ${prompt}`, options: { systemMessage: 'You issue Vietnamese e-invoices with the SePay tools.', maxIterations: 10 } },
	};
	const model: WfNode = {
		id: nodeId(),
		name: MODEL,
		// 1.2 talks Chat Completions; 1.3 defaults to the Responses API (/v1/responses).
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		typeVersion: 1.2,
		position: [agent.position[0] - 100, 250],
		parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
		credentials: { openAiApi: OPENAI_CREDENTIAL },
	};
	tools.forEach((tool, i) => (tool.position = [agent.position[0] + 150 * i, 250]));
	before.forEach((node, i) => (node.position = [250 * (i + 1), 0]));
	const chain = [trigger, ...before, agent];
	const connections: Workflow['connections'] = {};
	chain.slice(1).forEach((node, i) => (connections[chain[i]!.name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] }));
	connections[MODEL] = { ai_languageModel: [[{ node: AGENT, type: 'ai_languageModel', index: 0 }]] };
	for (const tool of tools) connections[tool.name] = { ai_tool: [[{ node: AGENT, type: 'ai_tool', index: 0 }]] };
	return { id: WORKFLOW_IDS[tag]!, name: `E2E agent: ${tag}`, active: false, nodes: [...chain, model, ...tools], connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/**
 * The example as shipped, but started by a Manual Trigger: the Chat Trigger becomes an Edit Fields
 * node of the same name giving what a chat message gives (sessionId, chatInput). Its SePay and
 * OpenAI credentials and its provider account are ours.
 */
function exampleWorkflow(accountId: string): Workflow {
	const example = JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8').replaceAll(EXAMPLE_PROVIDER_ACCOUNT, accountId));
	const chat = example.nodes.find((n: WfNode) => n.name === CHAT_TRIGGER);
	assert(chat?.type === '@n8n/n8n-nodes-langchain.chatTrigger', `${path.basename(EXAMPLE_FILE)} starts with "${CHAT_TRIGGER}"`);
	Object.assign(chat, {
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: { mode: 'raw', jsonOutput: JSON.stringify({ sessionId: 'e2e-session', chatInput: `[scenario:${EXAMPLE}] Làm hóa đơn nháp cho đơn ${EXAMPLE_ORDER}: Công ty TNHH Cà Phê Sáng, MST 0109876543, 3 túi cà phê Robusta 1kg giá 250.000đ (VAT 8%) và phí giao hàng 30.000đ (VAT 10%).` }), options: {} },
	});
	delete chat.webhookId;
	const trigger = manualTrigger();
	for (const node of example.nodes as WfNode[]) {
		if (node.credentials?.[CREDENTIAL_TYPE]) node.credentials[CREDENTIAL_TYPE] = SEPAY_CREDENTIAL;
		if (node.credentials?.openAiApi) node.credentials.openAiApi = OPENAI_CREDENTIAL;
	}
	return {
		...example,
		id: WORKFLOW_IDS[EXAMPLE]!,
		active: false,
		nodes: [trigger, ...example.nodes],
		connections: { ...example.connections, [trigger.name]: { main: [[{ node: CHAT_TRIGGER, type: 'main', index: 0 }]] } },
	};
}

function workflows(accountId: string): Workflow[] {
	return [
		agentWorkflow(QUOTA, 'How many invoices can we still issue?', [sepayTool('Get Quota', { resource: 'usage', operation: 'getQuota' })]),
		agentWorkflow(
			GET,
			`What is the total of invoice ${GET_REFERENCE}?`,
			[sepayTool('Get Invoice', { resource: 'invoice', operation: 'get', referenceCode: fromAI('reference_code', 'Reference code of the invoice, e.g. ORDER-1001', 'string') })],
			[sepayNode('Issue Invoice', createParams(accountId, { buyerType: 'company', buyerName: 'Công ty TNHH Đại Lý AI', buyerDetails: { taxCode: '0101234567', email: 'ketoan@daily-ai.vn' }, referenceCode: GET_REFERENCE }), SEPAY_CREDENTIAL)],
		),
		agentWorkflow(DRAFT, `Make a draft invoice for order ${DRAFT_ORDER}: Trần Thị Bích bought 2 cà phê sữa at 45,000 VND.`, [sepayTool('Create Draft', draftParams(accountId))]),
		// As the README advises: On Error → Continue, so an error reaches the model on n8n 1.x too.
		agentWorkflow(BAD, 'Make a draft invoice; fix what the tool complains about.', [
			sepayTool('Create Draft', draftParams(accountId, { providerAccount: { __rl: true, mode: 'id', value: fromAI('provider_account_id', 'ID of the SePay provider account that issues the invoice', 'string') } }), { onError: 'continueRegularOutput' }),
		]),
		exampleWorkflow(accountId),
	];
}

/** What the scripted model answers, per scenario and step. */
function scripts(accountId: string): Record<string, ScriptedTurn[]> {
	const badCall = { ...DRAFT_CALL, provider_account_id: accountId, order_id: 'ORDER-7002' };
	return {
		[QUOTA]: [{ toolCalls: [{ name: 'Get_Quota', arguments: {} }] }, { content: FINAL }],
		[GET]: [{ toolCalls: [{ name: 'Get_Invoice', arguments: { reference_code: GET_REFERENCE } }] }, { content: FINAL }],
		// The model repeats the same call (a retry after a timeout, a loop): still one draft.
		[DRAFT]: [{ toolCalls: [{ name: 'Create_Draft', arguments: DRAFT_CALL }] }, { toolCalls: [{ name: 'Create_Draft', arguments: DRAFT_CALL }] }, { content: FINAL }],
		[BAD]: [
			{ toolCalls: [{ name: 'Create_Draft', arguments: { ...badCall, quantity: -1 } }] },
			{ toolCalls: [{ name: 'Create_Draft', arguments: { ...badCall, provider_account_id: 'Công ty TNHH ABC' } }] },
			{ toolCalls: [{ name: 'Create_Draft', arguments: { ...badCall, provider_account_id: UNKNOWN_ACCOUNT } }] },
			{ content: FINAL },
		],
		[EXAMPLE]: [
			{ toolCalls: [{ name: 'Create_Draft_Invoice', arguments: EXAMPLE_CALL }] },
			{ toolCalls: [{ name: 'Get_Invoice', arguments: { reference_code: EXAMPLE_ORDER } }] },
			{ content: FINAL },
		],
	};
}

// ------------------------------------------------------------------ reading what the model received

/** The tool answer (role "tool") the model got in request `index` of a conversation: the last one in it. */
function toolAnswer(conversation: ModelRequest[], index: number): string {
	const request = conversation[index];
	assert(request, `model request ${index} arrived (got ${conversation.length})`);
	const answers = request.body.messages.filter((m) => m.role === 'tool');
	assert(answers.length === index, `request ${index} holds ${index} tool answer(s): ${short(request.body.messages.map((m) => m.role))}`);
	return textOf(answers[answers.length - 1]!.content);
}

function parsed(text: string): any {
	try {
		return JSON.parse(text);
	} catch {
		throw new Error(`tool answer is not JSON: ${text.slice(0, 400)}`);
	}
}

/** The agent's final item: the model's last message is its output. */
function agentOutput(snapshot: Snapshot | null): unknown {
	assert(snapshot, 'snapshot written');
	return snapshot.one(AGENT).json.output;
}

/** The tool the model was offered, by name: its JSON schema's properties. */
function offeredTool(request: ModelRequest | undefined, name: string) {
	const tool = request?.body.tools?.find((t) => t.function.name === name);
	assert(tool, `tool ${name} offered to the model: ${short(request?.body.tools?.map((t) => t.function.name))}`);
	return tool.function;
}

// ------------------------------------------------------------------ the phase

export async function runAgentToolChecks({ n8n, tmp }: { n8n: N8n; tmp: string }): Promise<void> {
	log('\nexecute-batch (AI Agent with SePay eInvoice as a tool):');
	const started = Date.now();
	const dir = path.join(tmp, 'agent');
	let sim: SePaySimulator | undefined;
	let model: ScriptedModel | undefined;
	try {
		sim = await SePaySimulator.start({ seed: 7, processing: { checks: 1, ms: 300 } });
		hideTokensSentTo(sim);
		const accountId = sim.activeProviderAccountId;
		const quotaAtStart = sim.quotaRemaining;
		model = await ScriptedModel.start(scripts(accountId));

		mkdirSync(path.join(dir, 'workflows'), { recursive: true });
		const credsFile = path.join(dir, 'credentials.json');
		writeFileSync(credsFile, JSON.stringify([
			{ ...SEPAY_CREDENTIAL, type: CREDENTIAL_TYPE, data: { environment: 'custom', baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessToken: '' } },
			// Any key: the scripted model does not check it.
			{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-scripted-model', url: model.url } },
		]));
		await n8n.importCredentials(credsFile);
		rmSync(credsFile);
		const list = workflows(accountId);
		for (const wf of list) writeFileSync(path.join(dir, 'workflows', `${wf.id}.json`), JSON.stringify(wf, null, 2));
		await n8n.importWorkflows(path.join(dir, 'workflows'));
		const { summary } = await n8n.executeBatch(list.map((wf) => wf.id), path.join(dir, 'snapshots'), path.join(dir, 'summary.json'));
		log(`  (import and execute-batch of ${list.length} agent workflows: ${((Date.now() - started) / 1000).toFixed(1)} s, ${model.requests.length} model requests, ${sim.requests.length} SePay requests)`);
		// Kept with E2E_KEEP=1: what the agent sent the model, tool answers included.
		writeFileSync(path.join(dir, 'model-requests.json'), JSON.stringify(model.requests, null, 2));
		assertAgentRuns({ sim, model, summary, snapshots: path.join(dir, 'snapshots'), accountId, quotaAtStart });
	} catch (error) {
		// One failed check, so the later phases of run-e2e.ts still run.
		fail('AI Agent tool: import and execute-batch', error);
	} finally {
		await model?.close().catch(() => undefined);
		await sim?.close().catch(() => undefined);
	}
}

interface RunView {
	sim: SePaySimulator;
	model: ScriptedModel;
	summary: BatchSummary;
	snapshots: string;
	accountId: string;
	quotaAtStart: number;
}

function assertAgentRuns({ sim, model, summary, snapshots, accountId, quotaAtStart }: RunView): void {
	const snapshotOf = (tag: string) => readSnapshot(snapshots, WORKFLOW_IDS[tag]!);
	const ranOk = (tag: string) => {
		const execution = summary.executions?.find((e) => e.workflowId === WORKFLOW_IDS[tag]);
		assert(execution, `no execution of ${WORKFLOW_IDS[tag]} in the summary`);
		eq(execution.executionStatus, 'success', `execution status (error: ${execution.error ?? '-'})`);
	};
	const creates = (ref: string) => sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/invoices/create' && (r.body as any)?.reference_code === ref);

	check('agent tool: the model is offered each SePay tool by its node name, with the $fromAI() fields as its parameters', () => {
		offeredTool(model.conversation(QUOTA)[0], 'Get_Quota');
		eq(Object.keys(offeredTool(model.conversation(GET)[0], 'Get_Invoice').parameters?.properties ?? {}), ['reference_code'], 'Get_Invoice parameters');
		const create = offeredTool(model.conversation(DRAFT)[0], 'Create_Draft');
		eq(Object.keys(create.parameters?.properties ?? {}).sort(), ['buyer_name', 'item_name', 'order_id', 'quantity', 'unit_price'], 'Create_Draft parameters');
		eq([create.parameters.properties.quantity.type, create.parameters.properties.order_id.type], ['number', 'string'], 'Create_Draft parameter types');
		eq(model.requests.every((r) => r.body.stream === false), true, 'every model request asked for no streaming');
		log(`       (tool descriptions: ${['Get_Quota', 'Get_Invoice', 'Create_Draft'].map((n) => `${n}: "${offeredTool(model.requests.find((r) => r.body.tools?.some((t) => t.function.name === n)), n).description}"`).join('; ')})`);
	});

	check('agent tool: Get Quota → the next model request carries the answer, quota_remaining as a number', () => {
		ranOk(QUOTA);
		const conversation = model.conversation(QUOTA);
		eq(conversation.length, 2, 'model requests');
		const answer = parsed(toolAnswer(conversation, 1));
		eq(Object.keys(answer[0] ?? {}), ['quota_remaining'], `tool answer the model received: ${short(answer)}`);
		// The other workflows issue one invoice, before or after this one.
		const quota = answer[0].quota_remaining;
		assert(typeof quota === 'number' && answer.length === 1 && quota <= quotaAtStart && quota >= sim.quotaRemaining, `quota_remaining is SePay's number (${sim.quotaRemaining}–${quotaAtStart}): ${short(answer)}`);
		eq(agentOutput(snapshotOf(QUOTA)), FINAL, "the agent's output (the model's final message)");
		eq(sim.requests.filter((r) => r.path === '/v1/usage').map((r) => r.method), ['GET'], 'GET /v1/usage (the tool call)');
	});

	check(`agent tool: Get by the reference code the model chose (${GET_REFERENCE}) → the invoice reaches the model, no file content`, () => {
		ranOk(GET);
		const conversation = model.conversation(GET);
		eq(conversation.length, 2, 'model requests');
		const text = toolAnswer(conversation, 1);
		const [invoice, ...more] = parsed(text);
		eq(more.length, 0, 'items in the answer');
		const issued = sim.invoices.get(GET_REFERENCE);
		assert(issued, `simulator holds ${GET_REFERENCE}`);
		eq(
			[invoice.reference_code, invoice.invoice_number, invoice.status, invoice.total_amount, invoice.buyer?.name, invoice.items?.length],
			[GET_REFERENCE, issued.invoice_number, 'issued', issued.total_amount, 'Công ty TNHH Đại Lý AI', 1],
			'answer (reference_code, invoice_number, status, total_amount, buyer.name, lines)',
		);
		// Links to the files, never their bytes: nothing long enough to be a file inside.
		const longest = Math.max(...JSON.stringify(invoice).match(/"(?:[^"\\]|\\.)*"/g)!.map((s) => s.length));
		assert(longest < 300, `longest string in the answer is ${longest} characters`);
		eq(sim.requests.filter((r) => r.method === 'GET' && r.path === `/v1/invoices/${GET_REFERENCE}`).length, 1, `GET /v1/invoices/${GET_REFERENCE} (the tool call)`);
		log(`       (Get answer: ${text.length} characters, fields ${Object.keys(invoice).join(', ')})`);
	});

	check(`agent tool: Create (Save as Draft) from $fromAI() fields, called twice with order ${DRAFT_ORDER} → one draft, the second call returns it`, () => {
		ranOk(DRAFT);
		// The sale, whatever reference code it got: exactly one invoice.
		const drafts = [...sim.invoices.values()].filter((i) => i.buyer.name === DRAFT_CALL.buyer_name);
		eq(drafts.map((i) => [i.reference_code, i.status]), [[DRAFT_ORDER, 'draft']], `invoices for the sale (buyer ${DRAFT_CALL.buyer_name})`);
		const conversation = model.conversation(DRAFT);
		eq(conversation.length, 3, 'model requests');
		const first = parsed(toolAnswer(conversation, 1));
		const second = parsed(toolAnswer(conversation, 2));
		eq(first.map((a: any) => [a.reference_code, a.status, a.is_draft, a.already_existed]), [[DRAFT_ORDER, 'Success', true, undefined]], 'first answer (reference_code, status, is_draft, already_existed)');
		eq(second.map((a: any) => [a.reference_code, a.status, a.already_existed, a.invoice?.status]), [[DRAFT_ORDER, 'Success', true, 'draft']], 'second answer (reference_code, status, already_existed, invoice.status)');
		const bodies = creates(DRAFT_ORDER).map((r) => r.body as any);
		eq(bodies.length, 2, `POST /v1/invoices/create for ${DRAFT_ORDER} (the second answered 409)`);
		eq(
			[bodies[0].is_draft, bodies[0].provider_account_id, bodies[0].buyer, bodies[0].items],
			[true, accountId, { type: 'personal', name: DRAFT_CALL.buyer_name }, [{ line_number: 1, line_type: 1, item_name: DRAFT_CALL.item_name, unit: 'ly', quantity: 2, unit_price: 45000, tax_rate: 8 }]],
			'create body (is_draft, provider_account_id, buyer, items from the model)',
		);
		eq(agentOutput(snapshotOf(DRAFT)), FINAL, "the agent's output");
	});

	check('agent tool: bad values from the model → answers naming the field and the rule, the run goes on, no invoice (quantity -1 and a name as provider account refused before sending; an unknown account refused by SePay)', () => {
		ranOk(BAD);
		const conversation = model.conversation(BAD);
		eq(conversation.length, 4, 'model requests (each bad call answered, then the final message)');
		const answers = [1, 2, 3].map((i) => toolAnswer(conversation, i));
		log(`       (answers: ${answers.map((a) => a.slice(0, 300)).join(' | ')})`);
		assert(/Quantity/i.test(answers[0]!) && /-1/.test(answers[0]!) && /greater than 0/.test(answers[0]!), `quantity -1: the answer names the field and the rule: ${answers[0]}`);
		assert(/Provider Account/i.test(answers[1]!) && /not allowed|letters, digits/.test(answers[1]!), `a name as provider account: the answer names the field and the allowed form: ${answers[1]}`);
		assert(/provider.account/i.test(answers[2]!), `unknown provider account: the answer names the provider account: ${answers[2]}`);
		eq(creates('ORDER-7002').map((r) => (r.body as any).provider_account_id), [UNKNOWN_ACCOUNT], 'POST /v1/invoices/create for ORDER-7002 (only the well-formed unknown account reached SePay, which refused it)');
		eq(sim.invoices.has('ORDER-7002'), false, 'no invoice ORDER-7002');
		eq(agentOutput(snapshotOf(BAD)), FINAL, "the agent's output (the run went on)");
	});

	check(`agent tool: ${path.basename(EXAMPLE_FILE)} (chat message → draft ${EXAMPLE_ORDER} with JSON lines → Get) saves one draft for a company buyer`, () => {
		ranOk(EXAMPLE);
		const conversation = model.conversation(EXAMPLE);
		eq(conversation.length, 3, 'model requests');
		const tools = conversation[0]!.body.tools ?? [];
		eq(tools.map((t) => t.function.name).sort(), ['Create_Draft_Invoice', 'Get_Invoice', 'Get_Quota'], 'tools offered');
		assert(/DRAFT/.test(offeredTool(conversation[0], 'Create_Draft_Invoice').description ?? ''), 'Create Draft Invoice carries the example\'s own description');
		const bodies = creates(EXAMPLE_ORDER).map((r) => r.body as any);
		eq(bodies.length, 1, `POST /v1/invoices/create for ${EXAMPLE_ORDER}`);
		eq(
			[bodies[0].is_draft, bodies[0].provider_account_id, bodies[0].buyer, bodies[0].items],
			[true, accountId, { type: 'company', name: EXAMPLE_CALL.buyer_name, tax_code: EXAMPLE_CALL.buyer_tax_code }, EXAMPLE_CALL.items.map((item, i) => ({ line_number: i + 1, ...item }))],
			'create body (is_draft, provider account, buyer without the empty e-mail, the lines the model gave)',
		);
		const created = parsed(toolAnswer(conversation, 1));
		eq(created.map((a: any) => [a.reference_code, a.status, a.is_draft]), [[EXAMPLE_ORDER, 'Success', true]], 'Create Draft Invoice answer');
		const got = parsed(toolAnswer(conversation, 2));
		eq(got.map((a: any) => [a.reference_code, a.status, a.total_amount]), [[EXAMPLE_ORDER, 'draft', sim.invoices.get(EXAMPLE_ORDER)?.total_amount]], 'Get Invoice answer (reference_code, status, total_amount)');
		eq(agentOutput(snapshotOf(EXAMPLE)), FINAL, "the agent's output");
	});
}
