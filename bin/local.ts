/**
 * `npm start`: the whole of Parley on this machine (see lib/local/index.ts for the ports).
 *   --port <base>     first port (default 4000); the services take base … base+5
 *   --data-dir <dir>  keep DynamoDB data (and the visitor secret) on disk instead of memory
 *   --config <file>   the deployment config (default parley.config.json); an invalid one stops here
 * Ctrl-C / SIGTERM stops every service, DynamoDB Local's Java process included.
 */
import { parseArgs } from 'node:util';
import { startLocal, type LocalRuntime } from '../lib/local';

function options(): { basePort: number; dataDir?: string; configFile?: string } {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '4000' }, 'data-dir': { type: 'string' }, config: { type: 'string' } },
    strict: true,
  });
  const basePort = Number(values.port);
  if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65_530) {
    throw new Error(`--port must be a port number between 1 and 65530, got "${values.port ?? ''}"`);
  }
  return { basePort, dataDir: values['data-dir'], ...(values.config ? { configFile: values.config } : {}) };
}

function banner(runtime: LocalRuntime, dataDir: string | undefined): string {
  const { urls } = runtime;
  const logins = runtime.demoUsers.map((u) => `    ${u.username.padEnd(20)} ${u.role.padEnd(11)} ${u.departments.join(', ')}`);
  return [
    '',
    'Parley is running on this machine.',
    '',
    `  Demo website   ${urls.web}/`,
    `  Agent console  ${urls.web}/console/`,
    `  Widget         <script async src="${urls.web}/widget/loader.js"></script>`,
    `  WebSocket      ${urls.websocket}`,
    `  HTTP API       ${urls.http}`,
    `  AWS endpoint   ${urls.aws}   (EventBridge, Secrets Manager, sign-in)`,
    `  DynamoDB Local ${urls.dynamodb}   table ${runtime.tableName}, ${dataDir ? `data in ${dataDir}` : 'in memory'}`,
    `  Object store   ${urls.objects}   (attachments, S3-compatible) ${dataDir ? `files in ${dataDir}/objects` : 'in memory'}`,
    '',
    `  Console logins (password: ${runtime.demoUsers[0]?.password ?? '-'}):`,
    ...logins,
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const { basePort, dataDir, configFile } = options();
  const runtime = await startLocal({ basePort, dataDir, configFile });
  console.log(banner(runtime, dataDir));
  let signals = 0;
  const shutdown = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) process.exit(130); // a second Ctrl-C: the exit hook still kills Java
    console.log(`\n${signal}: stopping Parley…`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
