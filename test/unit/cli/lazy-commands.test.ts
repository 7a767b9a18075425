// The CLI loads a command's module only when it runs (src-main/cli/commands/index.ts), so
// `plrf theory` and `plrf --help` start without SQLite, zod or the job system. Checked on the
// built CLI through a module-resolution hook that refuses those packages; the negative control
// (`plrf runs list`, which needs SQLite) must fail under the same hook.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { commands, loadCommand } from '../../../src-main/cli/commands/index';

const PLRF = resolve(__dirname, '../../../src-main/cli/plrf.mjs');
const HOOK =
  'data:text/javascript,' +
  encodeURIComponent(
    `import { register } from 'node:module';
     register('data:text/javascript,' + encodeURIComponent(\`
       export async function resolve(spec, ctx, next) {
         if (/^(zod|better-sqlite3|echarts|vue|plrf-linalg-native)(\\\\/|$)/.test(spec)) throw new Error('forbidden import: ' + spec);
         return next(spec, ctx);
       }\`));`,
  );

function plrf(args: string[]) {
  return spawnSync(process.execPath, ['--import', HOOK, PLRF, ...args], { encoding: 'utf8', env: { ...process.env, PLRF_NO_REBUILD: '1', PLRF_DB: ':memory:' } });
}

describe('lazy CLI commands', () => {
  it('the registry summaries are the modules’ own', async () => {
    for (const entry of commands) {
      const cmd = await loadCommand(entry);
      expect(cmd.name).toBe(entry.name);
      expect(cmd.summary).toBe(entry.summary);
    }
  });

  it('theory and --help load no SQLite, zod, ECharts or Vue; runs list does', () => {
    const theory = plrf(['theory', '--alpha', '0.6', '--beta', '0.2', '--json']);
    expect(theory.stderr).toBe('');
    expect(theory.status).toBe(0);
    expect(JSON.parse(theory.stdout)).toMatchObject({ phase: 'Ia' });
    const help = plrf(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: plrf <command>/);
    // negative control: the hook does bite
    const list = plrf(['runs', 'list']);
    expect(list.status).not.toBe(0);
    expect(list.stderr).toMatch(/forbidden import: (better-sqlite3|zod)/);
  });
});
