import { db } from '@/services/db/client';
import { addDocument } from '@/services/knowledge/add-document';
import { setWidgetKeyInTx } from '@/services/chat/set-widget-key';
import { DEMO_FAQ_MARKDOWN, DEMO_FAQ_TITLE, DEMO_QA_PAIRS } from './demo-knowledge-base';

/**
 * The demo workspace's chatbot: the shop's help centre and a few Q&A pairs in the knowledge base
 * (queued for the worker's indexing job, which runs within seconds of `npm start`), and the
 * widget key, whose allowed origins include the dashboard's, so the Chat widget page shows a live
 * preview at once. Idempotent: skipped when the help centre is already there.
 */
export async function seedDemoChat(workspaceId: string): Promise<{ skipped: boolean; documents: number }> {
  const existing = await db().kbDocument.count({ where: { workspaceId, title: DEMO_FAQ_TITLE } });
  if (existing > 0) return { skipped: true, documents: 0 };
  await addDocument(workspaceId, { kind: 'markdown', title: DEMO_FAQ_TITLE, content: DEMO_FAQ_MARKDOWN });
  await addDocument(workspaceId, { kind: 'qa', title: 'Frequent questions', pairs: DEMO_QA_PAIRS });
  await db().$transaction((tx) => setWidgetKeyInTx(tx, workspaceId, []));
  return { skipped: false, documents: 2 };
}
