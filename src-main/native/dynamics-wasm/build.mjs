// Compiles assembly/closed-form.ts + assembly/sgd.ts (AssemblyScript, WebAssembly SIMD; one module) into src-shared/dynamics/dynamics-wasm.generated.ts
// (committed, so no build step is needed to run). Usage: node src-main/native/dynamics-wasm/build.mjs
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm } from '../build-wasm.mjs';

const here = dirname(fileURLToPath(import.meta.url));
buildWasm({
  script: fileURLToPath(import.meta.url),
  source: [join(here, 'assembly', 'closed-form.ts'), join(here, 'assembly', 'sgd.ts')],
  output: join(here, '..', '..', '..', 'src-shared', 'dynamics/dynamics-wasm.generated.ts'),
  constPrefix: 'DYNAMICS_WASM',
  label: 'dynamics wasm kernels',
});
