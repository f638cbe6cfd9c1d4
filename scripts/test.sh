#!/usr/bin/env bash
# The README's test command (`npm test`): every gate, then one closing count line.
set -euo pipefail
cd "$(dirname "$0")/.."
results=.test-results
rm -rf "$results" && mkdir -p "$results"

step() { printf '\n== %s\n' "$1"; }

step 'Lint (n8n-node lint, strict)'
npm run --silent lint

step 'Typecheck (package and tests)'
npm run --silent typecheck

step 'Unit, engine, fault suite, bad-input corpus, secret scan (vitest)'
npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json"

step 'End-to-end in real n8n'
npm run --silent test:e2e 2>&1 | tee "$results/e2e.log"

step 'Editor in real n8n and Chromium (every n8n line)'
npm run --silent test:editor 2>&1 | tee "$results/editor.log"

step 'Queue mode in real n8n (Redis, PostgreSQL, main + 2 workers)'
npm run --silent test:queue 2>&1 | tee "$results/queue.log"

step 'Package verification (tarball, zero dependencies, n8n scanner)'
npm run --silent verify 2>&1 | tee "$results/verify.log"

node -e '
const fs = require("fs");
const vitest = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const e2e = /E2E: (\d+) passed, (\d+) failed/.exec(fs.readFileSync(process.argv[2], "utf8")) ?? [0, 0, 0];
const checks = (fs.readFileSync(process.argv[3], "utf8").match(/^✓ /gm) ?? []).length;
const queue = /Queue mode E2E: (\d+) passed, (\d+) failed/.exec(fs.readFileSync(process.argv[4], "utf8")) ?? [0, 0, 1];
const editor = /Editor: (\d+) passed, (\d+) failed/.exec(fs.readFileSync(process.argv[5], "utf8")) ?? [0, 0, 1];
const passed = vitest.numPassedTests + Number(e2e[1]) + Number(queue[1]) + Number(editor[1]) + checks;
const failed = vitest.numFailedTests + Number(e2e[2]) + Number(queue[2]) + Number(editor[2]);
console.log(`\nvitest ${vitest.numPassedTests}/${vitest.numTotalTests}, e2e ${e2e[1]}, queue mode ${queue[1]}, editor ${editor[1]}, package checks ${checks}`);
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
' "$results/vitest.json" "$results/e2e.log" "$results/verify.log" "$results/queue.log" "$results/editor.log"
