// The ONE place that says how to start the `plrf` CLI from another process (a Slurm array task,
// a test): argv to exec. From source that is `node src-main/cli/plrf.mjs` (tsx loader); a built
// bundle replaces this function's body (or sets $PLRF_CLI). $PLRF_CLI overrides: a
// whitespace-separated argv (the compute nodes must see these paths), e.g. "/opt/node/bin/node /shared/plrf/out/cli/plrf.js".
import { fileURLToPath } from 'node:url';

export function plrfInvocation(env: NodeJS.ProcessEnv = process.env): string[] {
  const override = env.PLRF_CLI?.trim();
  if (override) return override.split(/\s+/);
  // inside Electron process.execPath is the app binary, not Node: use `node` from the task's PATH
  const node = process.versions.electron ? 'node' : process.execPath;
  return [node, fileURLToPath(new URL('../cli/plrf.mjs', import.meta.url))];
}
