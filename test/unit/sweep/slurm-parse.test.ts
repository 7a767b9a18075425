// Parsing Slurm's own outputs (src-main/sweep/slurm.ts) — formats captured from Slurm 22.05 on
// the single-node test cluster: squeue -r with a throttled pending remainder, scontrol -o records
// of array tasks (and the meta record of the pending ones), sacct lines.
import { describe, expect, it } from 'vitest';
import { expandTaskRange, parseSacct, parseScontrol, parseSqueue, sbatch, type Runner } from '../../../src-main/sweep/slurm';

describe('Slurm output parsing', () => {
  it('expands array task ranges with steps and throttles', () => {
    expect(expandTaskRange('4-5%2')).toEqual([4, 5]);
    expect(expandTaskRange('1,4-6')).toEqual([1, 4, 5, 6]);
    expect(expandTaskRange('0-8:4')).toEqual([0, 4, 8]);
    expect(expandTaskRange('7')).toEqual([7]);
  });

  it('reads squeue, scontrol and sacct into JOB_TASK → state, ignoring other jobs', () => {
    expect([...parseSqueue('1_[4-5%2]|PENDING\n1_2|RUNNING\n1_3|RUNNING\n2_0|RUNNING\n', '1')]).toEqual([
      ['1_4', 'PENDING'],
      ['1_5', 'PENDING'],
      ['1_2', 'RUNNING'],
      ['1_3', 'RUNNING'],
    ]);
    const sc =
      'JobId=1 ArrayJobId=1 ArrayTaskId=4 ArrayTaskThrottle=2 JobName=plrf-sweep-2 UserId=root(0) JobState=COMPLETED Reason=None\n' +
      'JobId=5 ArrayJobId=1 ArrayTaskId=3 ArrayTaskThrottle=2 JobName=plrf-sweep-2 UserId=root(0) JobState=CANCELLED Reason=None\n' +
      'JobId=9 JobName=other UserId=root(0) JobState=RUNNING Reason=None\n';
    expect([...parseScontrol(sc, '1')]).toEqual([
      ['1_4', 'COMPLETED'],
      ['1_3', 'CANCELLED'],
    ]);
    expect([...parseSacct('12_0|COMPLETED\n12_1|CANCELLED by 0\n12_[2-3]|PENDING\n13_0|FAILED\n', '12')]).toEqual([
      ['12_0', 'COMPLETED'],
      ['12_1', 'CANCELLED'],
      ['12_2', 'PENDING'],
      ['12_3', 'PENDING'],
    ]);
  });

  it('sbatch --parsable: job id (with or without a cluster suffix), or the error line', () => {
    const ok = (out: string): Runner => () => ({ code: 0, stdout: out, stderr: '' });
    expect(sbatch('/x.sbatch', ok('42\n'))).toBe('42');
    expect(sbatch('/x.sbatch', ok('43;cluster\n'))).toBe('43');
    expect(() => sbatch('/x.sbatch', () => ({ code: 1, stdout: '', stderr: 'sbatch: error: Batch job submission failed: Invalid partition name specified\n' }))).toThrow(/Invalid partition/);
    expect(() => sbatch('/x.sbatch', ok('Submitted\n'))).toThrow(/no job id/);
  });
});

describe('plrf invocation for array tasks', () => {
  it('is node + the CLI entry by default, or $PLRF_CLI split on white space', async () => {
    const { plrfInvocation } = await import('../../../src-main/sweep/cli-entry');
    const def = plrfInvocation({});
    expect(def[0]).toBe(process.execPath);
    expect(def[1]).toMatch(/src-main\/cli\/plrf\.mjs$/);
    expect(plrfInvocation({ PLRF_CLI: ' /opt/node  /shared/plrf.js ' })).toEqual(['/opt/node', '/shared/plrf.js']);
  });
});
