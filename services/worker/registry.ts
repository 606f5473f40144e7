// Every job the worker runs: add a file under jobs/ and list it here.
import type { JobDefinition } from '@/services/jobs/define-job';
import { sendEmailJob } from './jobs/send-email';
import { purgeExpiredInvitationsJob } from './jobs/purge-expired-invitations';
import { embedItemsJob } from './jobs/embed-items';
import { trainRecommenderJob } from './jobs/train-recommender';
import { scheduleTrainingJob } from './jobs/schedule-training';
import { backfillItemEmbeddingsJob } from './jobs/backfill-item-embeddings';
import { reportUsageJob } from './jobs/report-usage';
import { indexDocumentJob } from './jobs/index-document';
import { reembedPassagesJob } from './jobs/reembed-passages';
import { backfillPassageEmbeddingsJob } from './jobs/backfill-passage-embeddings';
import { applyRetentionJob } from './jobs/apply-retention';
import { runBotTestsJob } from './jobs/run-bot-tests';
import { crawlSiteJob } from './jobs/crawl-site';
import { resyncCrawlSourcesJob } from './jobs/resync-crawl-sources';
import { notifyNeedsPersonJob } from './jobs/notify-needs-person';
import { deliverHandoffWebhookJob } from './jobs/deliver-handoff-webhook';

export const JOBS: readonly JobDefinition[] = [
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
] as JobDefinition[];
