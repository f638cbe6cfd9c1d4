/* eslint-disable */
// SePay Trigger description as n8n reads it: webhook, subtitle expression, lifecycle, codex.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import { TriggerHost, triggerNodeType } from './harness';

const description = triggerNodeType.description;

describe('SePay Trigger description', () => {
	test('a trigger with one POST webhook on path "sepay", no inputs, not usable as a tool', () => {
		expect(description).toMatchObject({ name: 'sePayTrigger', displayName: 'SePay Trigger', group: ['trigger'], version: 1, inputs: [] });
		expect(description.usableAsTool).toBeUndefined();
		expect(description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'sepay' }]);
		expect(description.icon).toEqual({ light: 'file:../../icons/sepay-trigger.svg', dark: 'file:../../icons/sepay-trigger.dark.svg' });
	});

	test('defaults: API key authentication, money in, no filters, 200', () => {
		const defaults = Object.fromEntries(description.properties.map((p) => [p.name, p.default]));
		expect(defaults).toMatchObject({ authentication: 'apiKey', transferType: 'in', filters: {}, options: {} });
	});

	test('webhook lifecycle is a no-op: the URL is registered in my.sepay.vn, not by n8n', async () => {
		const methods = triggerNodeType.webhookMethods.default;
		expect(await methods.checkExists.call({} as never)).toBe(true);
		expect(await methods.create.call({} as never)).toBe(true);
		expect(await methods.delete.call({} as never)).toBe(true);
	});

	test('codex: Finance & Accounting with documentation links', () => {
		const codex = JSON.parse(
			readFileSync(path.resolve(__dirname, '../../../nodes/SePayTrigger/SePayTrigger.node.json'), 'utf8'),
		);
		expect(codex.node).toBe('n8n-nodes-sepay-einvoice.sePayTrigger');
		expect(codex.categories).toEqual(['Finance & Accounting']);
		expect(codex.resources.primaryDocumentation.length).toBeGreaterThan(0);
	});
});

describe('subtitle, evaluated by n8n-workflow', () => {
	for (const [transferType, subtitle] of [
		['in', 'Money in'],
		['out', 'Money out'],
		['both', 'Money in and out'],
	]) {
		test(`${transferType} → ${subtitle}`, async () => {
			const host = await TriggerHost.start({ parameters: { authentication: 'none', transferType } });
			try {
				const value = host.workflow.expression.getSimpleParameterValue(
					host.triggerNode,
					description.subtitle as string,
					'internal',
					{},
				);
				expect(value).toBe(subtitle);
			} finally {
				await host.close();
			}
		});
	}
});
