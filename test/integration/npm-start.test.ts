import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatSummary } from '../../functions/contracts/frames';
import type { CreateSessionResponse } from '../../functions/contracts/http';
import type { LocalRuntime } from '../../lib/local';
import { DEMO_USERS } from '../../lib/local/demo-users';
import { Client, connectVisitor, newId, openSocket, resume } from './harness';

const ROOT = resolve(__dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'parley-data-'));
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** A base port with the five ports above it free, in a range ephemeral ports rarely use. */
async function freeBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 8_000);
    const free = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => portIsFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('No six free ports in a row');
}

/** Runs bin/local.ts as `npm start` does (after the web build), until it prints its banner. */
async function startCli(base: number): Promise<{ child: ChildProcess; output: () => string }> {
  const args = ['--import', 'tsx', 'bin/local.ts', '--port', String(base), '--data-dir', dataDir];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'pipe' });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`No banner within 40 s:\n${output}`)), 40_000);
    const check = (): void => {
      if (!output.includes('Press Ctrl-C to stop.')) return;
      clearTimeout(timer);
      done();
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => fail(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output };
}

async function freedWithin(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await portIsFree(port)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function stopCli(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill(signal);
  });
}

/** The slice of a runtime the harness needs, for a runtime running in another process. */
function remote(base: number): LocalRuntime {
  const at = (offset: number) => `127.0.0.1:${base + offset}`;
  const urls = {
    web: `http://${at(0)}`,
    http: `http://${at(1)}`,
    websocket: `ws://${at(2)}`,
    connections: `http://${at(2)}/local`,
    aws: `http://${at(3)}`,
    dynamodb: `http://${at(4)}`,
    objects: `http://${at(5)}`,
  };
  return { urls, tableName: 'parley-local', demoUsers: DEMO_USERS, identitySecret: '', idle: async () => undefined, broadcast: async () => [], stop: async () => undefined };
}

/** Runs bin/local.ts with `args` until it exits (bounded); its exit code and everything it printed. */
function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts', ...args], { cwd: ROOT, stdio: 'pipe' });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`still running after 40 s:\n${output}`)), 40_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe('npm start with an invalid deployment config', () => {
  it('exits 1 before starting anything, naming the bad SLA and business-hours fields', async () => {
    // Arrange
    const file = join(dataDir, 'bad.config.json');
    const bad = { departments: [{ id: 'support', name: 'Support', hours: { timezone: 'Mars/Olympus', weekly: {} } }], sla: { firstResponseSeconds: 0 } };
    writeFileSync(file, JSON.stringify(bad));
    const base = await freeBase();

    // Act
    const { code, output } = await runCli(['--port', String(base), '--config', file]);

    // Assert
    expect(code).toBe(1);
    expect(output).toContain('parley.config.json is invalid');
    expect(output).toContain('departments.0.hours.timezone');
    expect(output).toContain('sla.firstResponseSeconds');
    expect(await portIsFree(base + 4)).toBe(true);
  });
});

describe('npm start (bin/local.ts)', () => {
  let session: CreateSessionResponse;
  let chatId: string;

  it('prints the URLs and logins, serves the platform, and stops on SIGTERM leaving no Java behind', async () => {
    // Arrange
    const base = await freeBase();
    const { child, output } = await startCli(base);
    const local = remote(base);

    // Act
    const visitor = await connectVisitor(local);
    session = visitor.session;
    const startedChat = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Kept on disk?', clientMessageId: newId('m') });
    chatId = startedChat.chat.chatId;
    await visitor.client.close();
    const code = await stopCli(child, 'SIGTERM');

    // Assert
    expect(output()).toContain(`Agent console  http://127.0.0.1:${base}/console/`);
    expect(output()).toContain('alice@demo.parley');
    expect(output()).toContain('password: parley-demo');
    expect(code).toBe(0);
    expect(await portIsFree(base + 4)).toBe(true);
  });

  it('keeps chats and visitor sessions in --data-dir across a restart, and stops on SIGINT', async () => {
    // Arrange
    const base = await freeBase();
    const { child } = await startCli(base);

    // Act
    const client = new Client(await openSocket(remote(base), session.token));
    const history = await resume(client, chatId, 0);
    await client.close();
    const code = await stopCli(child, 'SIGINT');

    // Assert
    expect(history.messages.map((m) => m.text)).toContain('Kept on disk?');
    expect(code).toBe(0);
    expect(await portIsFree(base + 4)).toBe(true);
  });

  it('takes DynamoDB Local down even when Node is killed outright', async () => {
    // Arrange
    const base = await freeBase();
    const { child } = await startCli(base);

    // Act
    await stopCli(child, 'SIGKILL');

    // Assert
    expect(await freedWithin(base + 4, 5_000)).toBe(true);
  });
});
