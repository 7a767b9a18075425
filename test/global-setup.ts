// vitest globalSetup (unit and e2e projects): build the plain-JavaScript CLI / worker bundle
// (out/node, src-main/builder/build-node.mjs) once before the tests that spawn `plrf`, so that
// parallel test files never race to rebuild it.
import { buildNode } from '../src-main/builder/build-node.mjs';

export default async function setup(): Promise<void> {
  await buildNode({ quiet: true });
}
