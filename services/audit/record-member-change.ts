// Audit lines for dashboard changes whose services are shared with the public API and so take no
// actor (addDocument, updateRecSettings, createCase, ...): the server action records who made the
// change once the service has made it. Its own transaction, after the change's: a crash between
// the two loses the line, never the change; services that know the actor record inside theirs.
import { db } from '@/services/db/client';
import { recordAudit, type AuditEntry } from './record-audit';

export async function recordMemberChange(entry: AuditEntry & { actorUserId: string }): Promise<void> {
  await db().$transaction((tx) => recordAudit(tx, entry));
}
