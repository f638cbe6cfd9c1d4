import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { authenticate, type Rejection } from './authenticate';
import { credentialTest } from './credentialTests';
import { rememberDelivery } from './deliveries';
import { filterOut, type TransactionFilters } from './filters';
import { triggerProperties } from './properties';
import { acknowledge, answered, respond } from './respond';
import { parseTransaction } from './transaction';

function logRejection(context: IWebhookFunctions, rejection: Rejection): void {
	context.logger.warn(
		`SePay Trigger "${context.getNode().name}" refused a webhook call (${rejection.status}): ${rejection.reason}`,
		{ workflowId: context.getWorkflow().id, node: context.getNode().name },
	);
}

export class SePayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SePay Trigger',
		name: 'sePayTrigger',
		icon: {
			light: 'file:../../icons/sepay-trigger.svg',
			dark: 'file:../../icons/sepay-trigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["transferType"] === "both" ? "Money in and out" : $parameter["transferType"] === "out" ? "Money out" : "Money in" }}',
		description: 'Starts the workflow when SePay reports a bank transaction (webhook)',
		eventTriggerDescription: 'Waiting for a transaction webhook from SePay',
		activationMessage:
			'Paste the production URL into my.sepay.vn → Webhooks. SePay will call it for every new transaction.',
		defaults: { name: 'SePay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'sePayWebhookApi',
				required: true,
				testedBy: 'sePayWebhookApiKeyTest',
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
			{
				name: 'sePayWebhookHmacApi',
				required: true,
				testedBy: 'sePayWebhookHmacSecretTest',
				displayOptions: { show: { authentication: ['hmac'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// The node writes every response itself (status + JSON body) and returns
				// `noWebhookResponse`, so n8n adds nothing of its own.
				responseMode: 'onReceived',
				path: 'sepay',
			},
		],
		properties: triggerProperties,
	};

	methods = { credentialTest };

	/**
	 * The webhook is registered by the user in my.sepay.vn, not by n8n, so there is nothing to
	 * create or delete. n8n runs without these methods, but its community-node rules (lint and
	 * the verification scanner: `webhook-lifecycle-complete`) require all three.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const rejection = await authenticate(this);
		if (rejection !== undefined) {
			logRejection(this, rejection);
			respond(
				res,
				rejection.status,
				{ success: false, message: rejection.message },
				rejection.headers,
			);
			return answered();
		}

		const parsed = parseTransaction(this.getBodyData() as unknown);
		if (!parsed.ok) {
			respond(res, 400, {
				success: false,
				message: `Invalid SePay transaction: ${parsed.message}`,
			});
			return answered();
		}
		const transaction = parsed.transaction;

		const options = this.getNodeParameter('options', {}) as IDataObject;
		// Filtered out, repeated or new, SePay gets a success at once: a retry would change nothing.
		acknowledge(res, Number(options.responseCode) === 201 ? 201 : 200);

		const filters: TransactionFilters = {
			...(this.getNodeParameter('filters', {}) as IDataObject),
			transferType: this.getNodeParameter(
				'transferType',
				'in',
			) as TransactionFilters['transferType'],
		};
		if (filterOut(transaction, filters) !== undefined) return answered();

		// Test-URL calls neither consult nor fill the memory: the same test event may be sent again.
		const skipRepeated = this.getNodeParameter('skipRepeatedDeliveries', true) as boolean;
		if (skipRepeated && this.getMode() !== 'manual') {
			const memoryKey = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
			const staticData = this.getWorkflowStaticData('node');
			if (!rememberDelivery(staticData, memoryKey, transaction.id, Date.now())) {
				this.logger.info(
					`SePay Trigger "${this.getNode().name}": transaction ${transaction.id} was delivered again; no second run`,
					{ workflowId: this.getWorkflow().id },
				);
				return answered();
			}
		}
		return answered([this.helpers.returnJsonArray([transaction])]);
	}
}
