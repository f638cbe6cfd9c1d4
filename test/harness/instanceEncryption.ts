/* eslint-disable */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { Cipher, EncryptionKeyProxy, InstanceSettings } from 'n8n-core';

/**
 * n8n's credential encryption as `n8n start` sets it up (EncryptionBootstrapService, key rotation
 * off as by default): InstanceSettings holds the instance's encryption key, and the key provider
 * (the CLI's KeyManagerService, not in n8n-core) hands n8n-core's Cipher that key wrapped as a
 * no-prefix AES-256-CBC key. n8n-core's `Credentials` then encrypt and decrypt through them.
 * Done once per test process, before the first `Credentials` is made (it takes Cipher from DI).
 */
const fromCore = createRequire(createRequire(import.meta.url).resolve('n8n-core'));
const { Container } = fromCore('@n8n/di') as {
	Container: { set: (type: unknown, value: unknown) => void; get: <T>(type: abstract new (...args: never[]) => T) => T };
};
const { Logger } = fromCore('@n8n/backend-common') as { Logger: abstract new (...args: never[]) => unknown };

type InstanceSettingsConfig = ConstructorParameters<typeof InstanceSettings>[0];
type KeyProvider = NonNullable<Parameters<EncryptionKeyProxy['setProvider']>[0]>;

// InstanceSettings writes its settings file into the n8n folder (never ~/.n8n here) and reads it
// only while being constructed: a temporary folder, removed right after.
const n8nFolder = mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
const config = {
	n8nFolder,
	userHome: n8nFolder,
	encryptionKey: randomBytes(24).toString('base64'),
	enforceSettingsFilePermissions: false,
} as InstanceSettingsConfig;
try {
	Container.set(InstanceSettings, new InstanceSettings(config, Container.get(Logger) as never));
} finally {
	rmSync(n8nFolder, { recursive: true, force: true });
}

const cipher = Container.get(Cipher);
const instanceKey = {
	id: 'instance-key',
	value: cipher.encryptDEKWithInstanceKey(config.encryptionKey),
	algorithm: 'aes-256-cbc',
	format: 'no-prefix',
} as const;
const provider: KeyProvider = {
	getActiveKey: async () => instanceKey,
	getLegacyKey: async () => instanceKey,
	getKeyById: async () => null,
};
Container.get(EncryptionKeyProxy).setProvider(provider);
