import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

type WebhookResponse = ReturnType<IWebhookFunctions['getResponseObject']>;

/** What webhook() returns: the node wrote the answer itself (n8n adds nothing) and starts `run`, if any. */
export function answered(run?: IWebhookResponseData['workflowData']): IWebhookResponseData {
	return run === undefined
		? { noWebhookResponse: true }
		: { noWebhookResponse: true, workflowData: run };
}

/**
 * Answers SePay directly. SePay only accepts a JSON `{"success": true}` with 200/201 as a
 * delivery; everything else is retried (API reference §6.3).
 */
export function respond(
	res: WebhookResponse,
	status: number,
	body: IDataObject,
	headers: Record<string, string> = {},
): void {
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		...headers,
	});
	res.end(JSON.stringify(body));
}

/** The delivery is taken: sent before any workflow runs, so a slow workflow never delays it. */
export function acknowledge(res: WebhookResponse, status: 200 | 201): void {
	respond(res, status, { success: true });
}
