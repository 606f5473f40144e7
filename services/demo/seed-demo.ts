import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { signUp } from '@/services/auth/sign-up';
import { seedDemoShop, type SeedDemoShopResult } from './generate-demo-shop';
import { seedDemoChat } from './seed-demo-chat';

export const DEMO_WORKSPACE_NAME = 'Demo Shop';

/**
 * The demo tenant `npm start` shows a new user: a demo login owning the "Demo Shop" workspace,
 * filled with a sample shop (catalog, end users, 60 days of behaviour with planted tastes; see
 * generate-demo-shop.ts) written through the public ingestion services. Idempotent: the login is
 * created once, and the shop's deterministic ids mean a re-run stores nothing twice (a finished
 * shop is detected and skipped in well under a second).
 */
export async function seedDemo(): Promise<{
  created: boolean;
  email: string;
  password: string;
  workspaceId: string;
  shop: SeedDemoShopResult | null;
  chat: { skipped: boolean; documents: number } | null;
}> {
  const { DEMO_EMAIL: email, DEMO_PASSWORD: password } = env();
  const existing = await db().user.findUnique({
    where: { email },
    include: { memberships: { orderBy: { createdAt: 'asc' }, take: 1 } },
  });
  let created = false;
  let workspaceId = existing?.memberships[0]?.workspaceId ?? '';
  if (!existing) {
    const { workspace } = await signUp({ email, password, name: 'Demo User', workspaceName: DEMO_WORKSPACE_NAME });
    created = true;
    workspaceId = workspace.id;
  }
  const shop = workspaceId ? await seedDemoShop(workspaceId) : null;
  const chat = workspaceId ? await seedDemoChat(workspaceId) : null;
  return { created, email, password, workspaceId, shop, chat };
}
