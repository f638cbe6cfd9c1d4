/* eslint-disable */
// The SePay simulator in its own process (test/simulator/cli.ts over IPC), as SePay's server is on its
// own machine: its work and its garbage collection stay out of the n8n process the bench measures, and
// the bench's own heap does not slow its answers down.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { SimulatorReport } from '../simulator/cli.ts';
import type { SimRequestRecord } from '../simulator/index.ts';

const CLI = path.resolve(import.meta.dirname, '..', 'simulator', 'cli.ts');

export class SimulatorProcess {
	private constructor(
		readonly child: ChildProcess,
		readonly url: string,
		readonly providerAccountId: string,
	) {}

	/** `args` as for `node test/simulator/cli.ts`. */
	static async start(args: string[]): Promise<SimulatorProcess> {
		const child = fork(CLI, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
		const ready = await new Promise<{ url: string; providerAccountId: string }>((resolve, reject) => {
			child.once('message', (m: any) => (m?.type === 'ready' ? resolve(m) : reject(new Error(`unexpected ${JSON.stringify(m)}`))));
			child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
		});
		return new SimulatorProcess(child, ready.url, ready.providerAccountId);
	}

	private async ask<T>(message: object, answer: string): Promise<T> {
		const reply = new Promise<T>((resolve) => {
			const onMessage = (m: any) => {
				if (m?.type !== answer) return;
				this.child.off('message', onMessage);
				resolve(m as T);
			};
			this.child.on('message', onMessage);
		});
		this.child.send(message);
		return await reply;
	}

	async report(): Promise<SimulatorReport> {
		return (await this.ask<{ report: SimulatorReport }>({ type: 'report' }, 'report')).report;
	}

	/** Every request received since the start or the last reset. */
	async requests(): Promise<SimRequestRecord[]> {
		return (await this.ask<{ requests: SimRequestRecord[] }>({ type: 'requests' }, 'requests')).requests;
	}

	/** The status of the invoice with each reference code (undefined: none). */
	async invoiceStatuses(referenceCodes: string[]): Promise<Record<string, string | undefined>> {
		return (await this.ask<{ statuses: Record<string, string | undefined> }>({ type: 'invoiceStatuses', referenceCodes }, 'invoiceStatuses')).statuses;
	}

	/** Forgets the requests, stats and connection peaks so far (invoices and tokens stay). */
	async reset(): Promise<void> {
		await this.ask({ type: 'reset' }, 'done');
	}

	async stop(): Promise<void> {
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.disconnect();
		await exited;
	}
}
