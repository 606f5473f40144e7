// Every job's contract, for what needs the queues but not the work: `cairn migrate` installs a
// queue per contract. The worker's registry (services/worker/registry.ts) pairs each with its
// handler; a unit test checks the two lists name the same jobs.
import type { JobContract } from './define-job';
import { sendEmailJob } from '@/services/mail/jobs';
import { purgeExpiredInvitationsJob } from '@/services/members/jobs';
import { backfillItemEmbeddingsJob, embedItemsJob } from '@/services/embeddings/jobs';
import { scheduleTrainingJob, trainRecommenderJob } from '@/services/recommend/jobs';
import { reportUsageJob } from '@/services/billing/jobs';
import { backfillPassageEmbeddingsJob, crawlSiteJob, indexDocumentJob, reembedPassagesJob, resyncCrawlSourcesJob } from '@/services/knowledge/jobs';
import { applyRetentionJob } from '@/services/privacy/jobs';
import { runBotTestsJob } from '@/services/bot-tests/jobs';
import { deliverHandoffWebhookJob, notifyNeedsPersonJob } from '@/services/chat/jobs';
import { maintainEventPartitionsJob } from '@/services/event-partitions/jobs';

export const JOB_CONTRACTS: readonly JobContract[] = [
  sendEmailJob,
  purgeExpiredInvitationsJob,
  embedItemsJob,
  backfillItemEmbeddingsJob,
  trainRecommenderJob,
  scheduleTrainingJob,
  reportUsageJob,
  indexDocumentJob,
  reembedPassagesJob,
  backfillPassageEmbeddingsJob,
  applyRetentionJob,
  runBotTestsJob,
  crawlSiteJob,
  resyncCrawlSourcesJob,
  notifyNeedsPersonJob,
  deliverHandoffWebhookJob,
  maintainEventPartitionsJob,
] as JobContract[];
