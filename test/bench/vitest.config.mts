/* eslint-disable */
// Benchmarks only: `npx vitest run --config test/bench/vitest.config.mts` (not part of `npm test`,
// whose include is test/**/*.test.ts).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
	root: fileURLToPath(new URL('../..', import.meta.url)),
	resolve: {
		// Same as the main config: one n8n-workflow (CommonJS) for n8n-core and our node.
		alias: { 'n8n-workflow': require.resolve('n8n-workflow') },
	},
	test: {
		include: ['test/bench/**/*.bench.ts'],
		testTimeout: 30 * 60_000,
		hookTimeout: 60_000,
		pool: 'forks',
		// gc() before each run (a steadier RSS baseline); BENCH_CPU_PROF=<dir> writes a .cpuprofile of the
		// n8n process (NODE_OPTIONS may not carry --cpu-prof).
		execArgv: ['--expose-gc', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
		fileParallelism: false,
	},
});
