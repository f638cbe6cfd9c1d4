/* eslint-disable */
// A scripted OpenAI-compatible chat model for the AI Agent e2e (agentTool.ts): plain Node http
// on 127.0.0.1, port 0. n8n's OpenAI Chat Model (lmChatOpenAi 1.2) posts to
// /v1/chat/completions; the answer is read from a fixed script per conversation, so a test
// decides which tool the agent calls with which arguments, and then what it finally says.
//
// A conversation is found by a tag in its first user message (`[scenario:<tag>]`); its step
// is the number of assistant messages already in the request (each earlier answer comes back
// as one). The server keeps no state besides the request log, so runs do not depend on order.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedToolCall {
	/** The tool's name as the agent offers it (the node name, spaces as underscores). */
	name: string;
	arguments: Record<string, unknown>;
}

/** One answer of the model: tool calls (run by the agent, answered in the next request) or a final message. */
export type ScriptedTurn = { toolCalls: ScriptedToolCall[] } | { content: string };

export interface ChatMessage {
	role: string;
	content?: unknown;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

/** A request the agent sent, with the conversation it belongs to and the step it asked for. */
export interface ModelRequest {
	tag: string | undefined;
	step: number;
	body: { model?: string; stream?: boolean; messages: ChatMessage[]; tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: any } }> };
}

const TAG = /\[scenario:([A-Za-z0-9_-]+)\]/;

/** The text of a message's content (a string, or OpenAI's list of text parts). */
export function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part: any) => (typeof part?.text === 'string' ? part.text : '')).join('');
	return '';
}

export class ScriptedModel {
	readonly requests: ModelRequest[] = [];
	/** The base URL for the openAiApi credential (ends in /v1). */
	url = '';
	private readonly scripts: Map<string, ScriptedTurn[]>;
	private readonly server = createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (chunk: string) => (raw += chunk));
		req.on('end', () => {
			const send = (status: number, body: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
				send(404, { error: { message: `scripted model: no route ${req.method} ${req.url}` } });
				return;
			}
			let body: ModelRequest['body'];
			try {
				body = JSON.parse(raw);
			} catch {
				send(400, { error: { message: 'scripted model: body is not JSON' } });
				return;
			}
			const messages = Array.isArray(body.messages) ? body.messages : [];
			const firstUser = messages.find((m) => m.role === 'user');
			const tag = TAG.exec(textOf(firstUser?.content))?.[1];
			const step = messages.filter((m) => m.role === 'assistant').length;
			this.requests.push({ tag, step, body });
			const turn = tag === undefined ? undefined : this.scripts.get(tag)?.[step];
			if (!turn) {
				// Ends the conversation visibly instead of hanging the agent: the test sees the text.
				send(200, completion(`scripted model: no step ${step} for scenario ${tag ?? '(untagged)'}`, undefined, body.model));
				return;
			}
			send(200, 'content' in turn ? completion(turn.content, undefined, body.model) : completion(null, turn.toolCalls.map((call, index) => ({
				id: `call_${tag}_${step}_${index}`,
				type: 'function',
				function: { name: call.name, arguments: JSON.stringify(call.arguments) },
			})), body.model));
		});
	});

	constructor(scripts: Record<string, ScriptedTurn[]>) {
		this.scripts = new Map(Object.entries(scripts));
	}

	static async start(scripts: Record<string, ScriptedTurn[]>): Promise<ScriptedModel> {
		const model = new ScriptedModel(scripts);
		await new Promise<void>((resolve) => model.server.listen(0, '127.0.0.1', resolve));
		model.url = `http://127.0.0.1:${(model.server.address() as AddressInfo).port}/v1`;
		return model;
	}

	/** The requests of one conversation, in the order they arrived. */
	conversation(tag: string): ModelRequest[] {
		return this.requests.filter((r) => r.tag === tag);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

function completion(content: string | null, toolCalls: unknown[] | undefined, model = 'scripted') {
	return {
		id: `chatcmpl-scripted-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [
			{
				index: 0,
				message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
				finish_reason: toolCalls ? 'tool_calls' : 'stop',
			},
		],
		usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
	};
}
