// `plrf theory --alpha A --beta B [--json]`: the compute-optimal phase of (α, β) and its
// exponents R* ≍ C^{−η}, d* ≍ C^{ξ} (src-shared/theory/phases.ts; DESIGN.md §3, §6).
// JSON: { phase, boundary: [..], eta, xi, dominant: [..], tradeoff }.
import type { Command } from '../command';
import { helpText, parseArgs, type OptSpecs } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { phaseOf } from '../../../src-shared/theory/phases';

const specs: OptSpecs = {
  alpha: { type: 'number', help: 'data exponent α > 0 (D = diag(j^{-2α}))' },
  beta: { type: 'number', help: 'target exponent β (b_j = j^{-β}), 2α + 2β > 1' },
  json: { type: 'bool', help: 'print one JSON document on stdout' },
  help: { type: 'bool', help: 'show this help' },
};
const usage = 'usage: plrf theory --alpha A --beta B [--json]';
const extra =
  'Phases (PPXP24, seed 000): Ia 2β<1,2α>1 · Ib 2β<1,2α<1 · Ic 2β>1,α<1/4 · II 2α>1,2β>1,β<α · III 2α>1,2β>1,β>α ·\n' +
  'IVa 2β>1, 1−1/√2<α<1/2 · IVb 2β>1, 1/4<α<1−1/√2. "boundary" lists the regions a point on a boundary touches.';

export const theoryCommand: Command = {
  name: 'theory',
  summary: 'phase of (α, β) and compute-optimal exponents η, ξ',
  async run(argv, io) {
    const { opts } = parseArgs(argv, specs);
    if (opts.help) {
      io.stdout(helpText(usage, specs, extra));
      return 0;
    }
    if (opts.alpha === undefined) throw new ParamError('alpha', 'required: a number > 0');
    if (opts.beta === undefined) throw new ParamError('beta', 'required: a number with 2α + 2β > 1');
    const r = phaseOf(opts.alpha as number, opts.beta as number);
    if (opts.json) {
      io.stdout(JSON.stringify(r) + '\n');
      return 0;
    }
    io.stdout(
      [
        `phase ${r.phase}${r.boundary.length ? ` (on the boundary of ${r.boundary.join(', ')})` : ''}`,
        `eta = ${r.eta.toPrecision(6)}   (R* ≍ C^-eta)`,
        `xi  = ${r.xi.toPrecision(6)}   (d* ≍ C^xi)`,
        `dominant terms: ${r.dominant.join(' + ')}; trade-off ${r.tradeoff}`,
      ].join('\n') + '\n',
    );
    return 0;
  },
};
