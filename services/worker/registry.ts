// Every job the worker runs: its contract lives beside its domain (services/<domain>/jobs.ts), its
// handler under jobs/; add the handler here.
import type { JobDefinition } from '@/services/jobs/define-job';
import { sendEmailHandler } from './jobs/send-email';
import { purgeExpiredInvitationsHandler } from './jobs/purge-expired-invitations';
import { embedItemsHandler } from './jobs/embed-items';
import { trainRecommenderHandler } from './jobs/train-recommender';
import { scheduleTrainingHandler } from './jobs/schedule-training';
import { backfillItemEmbeddingsHandler } from './jobs/backfill-item-embeddings';
import { reportUsageHandler } from './jobs/report-usage';
import { indexDocumentHandler } from './jobs/index-document';
import { reembedPassagesHandler } from './jobs/reembed-passages';
import { backfillPassageEmbeddingsHandler } from './jobs/backfill-passage-embeddings';
import { applyRetentionHandler } from './jobs/apply-retention';
import { runBotTestsHandler } from './jobs/run-bot-tests';
import { crawlSiteHandler } from './jobs/crawl-site';
import { resyncCrawlSourcesHandler } from './jobs/resync-crawl-sources';
import { notifyNeedsPersonHandler } from './jobs/notify-needs-person';
import { deliverHandoffWebhookHandler } from './jobs/deliver-handoff-webhook';
import { maintainEventPartitionsHandler } from './jobs/maintain-event-partitions';

export const JOBS: readonly JobDefinition[] = [
  sendEmailHandler,
  purgeExpiredInvitationsHandler,
  embedItemsHandler,
  backfillItemEmbeddingsHandler,
  trainRecommenderHandler,
  scheduleTrainingHandler,
  reportUsageHandler,
  indexDocumentHandler,
  reembedPassagesHandler,
  backfillPassageEmbeddingsHandler,
  applyRetentionHandler,
  runBotTestsHandler,
  crawlSiteHandler,
  resyncCrawlSourcesHandler,
  notifyNeedsPersonHandler,
  deliverHandoffWebhookHandler,
  maintainEventPartitionsHandler,
] as JobDefinition[];
