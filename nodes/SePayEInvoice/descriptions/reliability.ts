import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_MAX_RETRIES,
	DEFAULT_MAX_RETRY_WAIT_SECONDS,
	MAX_RETRIES_BOUNDS,
	MAX_RETRY_WAIT_SECONDS_BOUNDS,
} from '../transport/retry';
import { DEFAULT_MAX_IN_FLIGHT, MAX_IN_FLIGHT_BOUNDS } from '../transport/scheduler';
import { DEFAULT_TIMEOUT_SECONDS, TIMEOUT_SECONDS_BOUNDS } from '../transport/transport';

/** The node's request settings: read once per run, the same for every request it makes. */
export const reliabilityOptions: INodeProperties = {
	displayName: 'Reliability',
	name: 'reliability',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Requests in Flight',
			name: 'maxInFlight',
			type: 'number',
			typeOptions: {
				minValue: MAX_IN_FLIGHT_BOUNDS.min,
				maxValue: MAX_IN_FLIGHT_BOUNDS.max,
			},
			default: DEFAULT_MAX_IN_FLIGHT,
			description:
				'How many requests to SePay this node may have open at once in one run. When SePay limits requests (429), every node using this credential in this n8n process slows down together.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: {
				minValue: MAX_RETRIES_BOUNDS.min,
				maxValue: MAX_RETRIES_BOUNDS.max,
			},
			default: DEFAULT_MAX_RETRIES,
			description:
				"Retries per request after a 5xx or a dropped connection, with growing waits (0.5 s, 1 s, 2 s, …). SePay's rate limiting (429) does not use them up: the node slows down and resends.",
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryDelay',
			type: 'number',
			typeOptions: {
				minValue: MAX_RETRY_WAIT_SECONDS_BOUNDS.min,
				maxValue: MAX_RETRY_WAIT_SECONDS_BOUNDS.max,
			},
			default: DEFAULT_MAX_RETRY_WAIT_SECONDS,
			description:
				"Longest wait between retries, also the cap on SePay's Retry-After. When SePay limits requests (429), one request waits at most 10 times this in all before it fails.",
		},
		{
			displayName: 'Retry on Temporary Errors',
			name: 'retryOnTransientErrors',
			type: 'boolean',
			default: true,
			description:
				'Whether to retry when SePay is busy (429), failing (5xx) or the connection drops. Creates are resent with the same Reference Code, so an invoice is never issued twice.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: {
				minValue: TIMEOUT_SECONDS_BOUNDS.min,
				maxValue: TIMEOUT_SECONDS_BOUNDS.max,
			},
			default: DEFAULT_TIMEOUT_SECONDS,
			description:
				'How long one request to SePay may take before it counts as lost (then it is retried like a dropped connection, never issued twice). Applies to every request of the node: token, create, status checks, lookups and downloads.',
		},
	],
};
