// The ONE place that says how to start the `plrf` CLI from another process (a Slurm array task,
// a test): argv to exec — `node <project>/src-main/cli/plrf.mjs`, the package's "bin", which runs
// the built plain-JavaScript CLI (src-main/builder/build-node.mjs). The project root is found from
// this module's location, so it works from the sources and from the bundle in out/node/<id>/.
// $PLRF_CLI overrides: a whitespace-separated argv (the compute nodes must see these paths), e.g.
// "/opt/node/bin/node /shared/plrf/src-main/cli/plrf.mjs".
import { join } from 'node:path';
import { findRoot } from '../services/version';

export function plrfInvocation(env: NodeJS.ProcessEnv = process.env): string[] {
  const override = env.PLRF_CLI?.trim();
  if (override) return override.split(/\s+/);
  // inside Electron process.execPath is the app binary, not Node: use `node` from the task's PATH
  const node = process.versions.electron ? 'node' : process.execPath;
  const root = findRoot();
  if (!root) throw new Error('plrf: cannot find the project root (package.json) to start the CLI; set PLRF_CLI');
  return [node, join(root, 'src-main', 'cli', 'plrf.mjs')];
}
