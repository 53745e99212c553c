/**
 * The long fuzz run for the bench: the same property tests `npm test` runs (test/unit/fuzz,
 * every socket and HTTP route, the local gateway), with FUZZ_RUNS cases per property instead of
 * 200, in a vitest child process. Each property fails on a crash (a throw, a 500 or an
 * `internal` error) or a partial write (a refused request that changed the store or the event
 * log), so "failed properties" counts both; cases are counted from each property's run count.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface FuzzRun {
  readonly properties: number;
  readonly cases: number;
  readonly failed: number;
  readonly seconds: number;
  readonly failures: readonly string[];
}

interface VitestJson {
  testResults: { name: string; assertionResults: { title: string; fullName: string; status: string; failureMessages: string[] }[] }[];
}

/** Cases one passed test ran, by how test/unit/fuzz sizes each property (0 for the coverage checks). */
function casesOf(file: string, title: string, runs: number): number {
  if (title.startsWith('covers every')) return 0;
  if (file.includes('gateway-route-selection')) return title.startsWith('picks the named') ? runs * 5 : Math.min(runs, 500);
  return runs;
}

export function fuzzRun(runs: number): FuzzRun {
  const dir = mkdtempSync(join(tmpdir(), 'parley-fuzz-'));
  const out = join(dir, 'fuzz.json');
  const started = performance.now();
  try {
    spawnSync('npx', ['vitest', 'run', '--project', 'unit', 'test/unit/fuzz', '--reporter=json', `--outputFile=${out}`], {
      cwd: ROOT,
      env: { ...process.env, FUZZ_RUNS: String(runs) },
      stdio: 'ignore',
      timeout: 30 * 60 * 1000,
    });
    const report = JSON.parse(readFileSync(out, 'utf8')) as VitestJson;
    const tests = report.testResults.flatMap((file) => file.assertionResults.map((t) => ({ file: file.name, ...t })));
    const passed = tests.filter((t) => t.status === 'passed');
    const failed = tests.filter((t) => t.status !== 'passed');
    return {
      properties: tests.filter((t) => !t.title.startsWith('covers every')).length,
      cases: passed.reduce((total, t) => total + casesOf(t.file, t.title, runs), 0),
      failed: failed.length,
      seconds: (performance.now() - started) / 1000,
      failures: failed.map((t) => `${t.fullName}: ${(t.failureMessages[0] ?? '').split('\n')[0]}`),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
