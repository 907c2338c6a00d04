// The Plan screen's requests: the SES quota to start from (plan:quota), and a
// send plan of a finished check's send list (plan:create). The request is
// checked with the CLI's readers (shared/plan/parameters.ts), the quota read from
// SES when asked, and the plan made in the job's engine worker: createPlan writes
// files synchronously, which must never block this thread.
import type { AccountCardRequest, PlanQuotaReading, PlanResult } from '../../shared/ipc/contract';
import { isUserError, appSentence } from '../../shared/model/errors';
import { resolvePlanRequest } from '../../shared/plan/parameters';
import type { PlanRequest } from '../../shared/plan/parameters';
import type { PlanQuota } from '../../shared/plan/schedule';
import type { Emit, JobManager } from './jobs';

export interface PlanRequests {
  quota(request: AccountCardRequest): Promise<PlanQuotaReading>;
  create(jobId: string, request: PlanRequest): Promise<PlanResult>;
}

export function createPlanRequests(deps: { jobs: JobManager; emit: Emit; now?: () => number }): PlanRequests {
  const now = deps.now ?? Date.now;
  return {
    async quota({ profile, region }) {
      // Loaded on first use: the AWS SDK is large and a plan with a typed quota never needs it.
      const { readSesAccountQuota, refuseUnplannable } = await import('../services/plan/quota');
      const read = await readSesAccountQuota({ profile, region });
      let refusal: string | null = null;
      try {
        refuseUnplannable(read.account);
      } catch (error) {
        if (!isUserError(error)) throw error;
        refusal = appSentence(error);
      }
      return { quota: read.quota, readAt: new Date(read.readAt).toISOString(), account: read.account, refusal };
    },

    async create(jobId, request) {
      const resolved = resolvePlanRequest(request, now());
      let quota: PlanQuota;
      let quotaReadAt = now();
      if (resolved.quota.source === 'ses') {
        // Read when planning, not when the screen opened: SentLast24Hours counts from this moment.
        const { readSesQuota } = await import('../services/plan/quota');
        const read = await readSesQuota({ profile: resolved.quota.profile, region: resolved.quota.region });
        quota = read.quota;
        quotaReadAt = read.readAt;
      } else {
        const { max24HourSend, maxSendRate, sentLast24Hours } = resolved.quota;
        quota = { max24HourSend, maxSendRate, sentLast24Hours, source: 'manual' };
      }
      return deps.jobs.plan(
        jobId,
        {
          quota,
          quotaReadAt,
          headroom: resolved.headroom,
          policy: resolved.policy,
          timeZone: resolved.timeZone,
          window: resolved.window,
          weekdaysOnly: resolved.weekdaysOnly,
          start: Math.max(resolved.start, quotaReadAt),
          ...(resolved.accountTarget !== undefined ? { accountTarget: resolved.accountTarget } : {}),
        },
        (progress) => deps.emit('plan:progress', { jobId, progress }),
      );
    },
  };
}
