// Checks the packed tarball the way n8n's verification does: only the intended files,
// no runtime dependencies, a correct `n8n` section, and n8n's community-package scanner
// (the analyzer of @n8n/scan-community-package, run locally instead of from the registry).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const workDir = mkdtempSync(path.join(tmpdir(), 'sepay-verify-'));
const failures = [];
const check = (ok, message) => {
	console.log(`${ok ? '✓' : '✗'} ${message}`);
	if (!ok) failures.push(message);
};

try {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], { cwd: root, encoding: 'utf8' }),
	);
	const files = packed.files.map((file) => file.path).sort();
	const allowed = /^(dist\/.+|README(\.[a-z]{2})?\.md|LICENSE|CHANGELOG\.md|package\.json)$/;
	const unexpected = files.filter((file) => !allowed.test(file));
	check(unexpected.length === 0, `tarball holds only dist, README (en, vi), LICENSE, CHANGELOG, package.json (${files.length} files)${unexpected.length ? `; unexpected: ${unexpected.join(', ')}` : ''}`);
	for (const required of ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) {
		check(files.includes(required), `tarball includes ${required}`);
	}
	check(!files.some((file) => file.startsWith('dist/test/') || /\.test\./.test(file)), 'no tests in the tarball');
	// The READMEs show pictures from docs/images (made by npm run test:editor): in the repository, not the tarball.
	const pictures = [...new Set(['README.md', 'README.vi.md'].flatMap((readme) => [...readFileSync(path.join(root, readme), 'utf8').matchAll(/(?:\]\(|src=")(docs\/images\/[^)"\s]+\.png)/g)].map((m) => m[1])))];
	const pictureBytes = pictures.reduce((sum, picture) => sum + (existsSync(path.join(root, picture)) ? statSync(path.join(root, picture)).size : 0), 0);
	check(pictures.length > 0 && pictures.every((picture) => existsSync(path.join(root, picture))), `README pictures exist in docs/images (${pictures.length}: ${pictures.map((p) => path.basename(p)).join(', ')})`);
	check(pictureBytes < 500_000, `README pictures are small (${Math.round(pictureBytes / 1000)} kB in all, under 500 kB) and not in the tarball`);

	execFileSync('tar', ['xzf', path.join(workDir, packed.filename), '-C', workDir]);
	const packageDir = path.join(workDir, 'package');
	const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	check(Object.keys(manifest.dependencies ?? {}).length === 0, 'zero runtime dependencies');
	check(manifest.peerDependencies?.['n8n-workflow'] !== undefined, 'n8n-workflow is a peer dependency');
	check(manifest.keywords?.includes('n8n-community-node-package'), 'keyword n8n-community-node-package');
	check(manifest.name.startsWith('n8n-nodes-'), 'package name starts with n8n-nodes-');
	check(manifest.n8n?.n8nNodesApiVersion === 1 && manifest.n8n?.strict === true, 'n8n section: API version 1, strict');
	for (const entry of [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])]) {
		check(existsSync(path.join(packageDir, entry)), `n8n entry exists in tarball: ${entry}`);
	}
	for (const entry of manifest.n8n?.nodes ?? []) {
		const codex = entry.replace(/\.js$/, '.json');
		check(existsSync(path.join(packageDir, codex)), `codex file exists: ${codex}`);
	}

	// The scanner's two legs, as analyzePackageByName runs them: the source the provenance
	// points at (here: this checkout) and the compiled tarball.
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
		'@n8n/scan-community-package/scanner/scanner.mjs'
	);
	for (const [leg, dir, patterns] of [
		['source', root, SOURCE_FILE_PATTERNS],
		['tarball', packageDir, ['**/*.js', 'package.json']],
	]) {
		const result = await analyzePackage(dir, patterns);
		check(result.passed, `n8n community-package scanner (${leg}): ${result.passed ? 'passed' : result.message}`);
		if (!result.passed && result.details) console.log(result.details);
	}
} finally {
	rmSync(workDir, { recursive: true, force: true });
}

if (failures.length) {
	console.log(`Package verification: ${failures.length} check(s) failed`);
	process.exit(1);
}
console.log('Package verification: all checks passed');
