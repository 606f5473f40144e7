// The two lists of jobs agree: every contract (queues `cairn migrate` installs) has a handler in
// the worker's registry, and each handler runs its own contract unchanged.
import { describe, expect, it } from 'vitest';
import { JOB_CONTRACTS } from '@/services/jobs/job-contracts';
import { JOBS } from '@/services/worker/registry';

describe('job contracts and handlers', () => {
  it('name the same jobs, once each', () => {
    const contracts = JOB_CONTRACTS.map((j) => j.name);
    expect(new Set(contracts).size).toBe(contracts.length);
    expect(JOBS.map((j) => j.name).sort()).toEqual([...contracts].sort());
  });

  it("each handler carries its contract's payload schema and retry policy", () => {
    for (const contract of JOB_CONTRACTS) {
      const job = JOBS.find((j) => j.name === contract.name)!;
      expect(job.payload).toBe(contract.payload);
      expect(job.retry).toEqual(contract.retry);
      expect(job.cron).toBe(contract.cron);
      expect(typeof job.handler).toBe('function');
    }
  });
});
