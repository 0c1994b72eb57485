import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, loadConfig } from './config';

/**
 * deploy/docker-entrypoint.sh, the Docker image's entrypoint, run with sh as the image runs it
 * (Docker itself is not needed): secrets left unset are generated once into SECRETS_DIR and kept.
 */
const ENTRYPOINT = path.join(REPO_ROOT, 'deploy', 'docker-entrypoint.sh');
const PRINT_ENV = ['node', '-e', 'console.log(JSON.stringify({ jwt: process.env.JWT_SECRET, key: process.env.RESULTS_ENCRYPTION_KEY ?? null }))'];

function entrypoint(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const { JWT_SECRET: _jwt, RESULTS_ENCRYPTION_KEY: _key, STORE_RESULTS: _store, ...inherited } = process.env;
    execFile('sh', [ENTRYPOINT, ...PRINT_ENV], { env: { ...inherited, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const secretsDir = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'vg-secrets-')), 'secrets');

describe('docker entrypoint', () => {
  it('generates a JWT_SECRET on first start, keeps it private and reuses it, and production accepts it', async () => {
    const dir = secretsDir();
    const first = await entrypoint({ SECRETS_DIR: dir });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const { jwt, key } = JSON.parse(first.stdout);
    expect(Buffer.from(jwt, 'base64url').length).toBe(48);
    expect(key).toBeNull(); // no stored results, no key
    expect(readFileSync(path.join(dir, 'jwt_secret'), 'utf8')).toBe(jwt);
    expect(statSync(path.join(dir, 'jwt_secret')).mode & 0o777).toBe(0o600);
    expect(JSON.parse((await entrypoint({ SECRETS_DIR: dir })).stdout).jwt).toBe(jwt);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: jwt, DATA_DIR: dir }).jwtSecret).toBe(jwt);
    // A second volume, a second secret.
    expect(JSON.parse((await entrypoint({ SECRETS_DIR: secretsDir() })).stdout).jwt).not.toBe(jwt);
  });

  it('uses a secret set in the environment as given and stores nothing', async () => {
    const dir = secretsDir();
    const given = await entrypoint({ SECRETS_DIR: dir, JWT_SECRET: 'set-by-the-operator' });
    expect(JSON.parse(given.stdout).jwt).toBe('set-by-the-operator');
    expect(() => statSync(dir)).toThrow();
  });

  it('gives two replicas starting at once the same secret', async () => {
    const dir = secretsDir();
    const runs = await Promise.all(Array.from({ length: 6 }, () => entrypoint({ SECRETS_DIR: dir })));
    expect(new Set(runs.map((run) => JSON.parse(run.stdout).jwt)).size).toBe(1);
  });

  it('generates a 32-byte RESULTS_ENCRYPTION_KEY when stored results are on', async () => {
    const dir = secretsDir();
    const run = await entrypoint({ SECRETS_DIR: dir, STORE_RESULTS: 'true' });
    const { jwt, key } = JSON.parse(run.stdout);
    expect(Buffer.from(key, 'base64').length).toBe(32);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: jwt, STORE_RESULTS: 'true', RESULTS_ENCRYPTION_KEY: key, DATA_DIR: dir });
    expect(config.storedResults.encryptionKey).toEqual(Buffer.from(key, 'base64'));
  });

  it('stops with one line saying how to set the secret when it cannot keep one', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'vg-secrets-')), 'a-file');
    writeFileSync(file, '');
    const run = await entrypoint({ SECRETS_DIR: path.join(file, 'secrets') });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^VisionGate failed to start: JWT_SECRET is not set and .+ cannot keep a generated one; set JWT_SECRET to at least 32 random bytes or mount a writable volume at /),
    ]);
  });
});
