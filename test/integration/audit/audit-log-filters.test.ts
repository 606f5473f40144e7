// Issue 16, item 6: the audit log page's filters (action or category, member, date range), each
// scoped to the workspace; bad filters are validation errors naming the field.
import { describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { listAuditLog, parseAuditLogFilter } from '@/services/audit/list-audit-log';
import { recordMemberChange } from '@/services/audit/record-member-change';
import { buildOwner } from '@/test/support/builders';

describe('audit log filters', () => {
  it('filters by action, category, member and days, never outside the workspace', async () => {
    const owner = await buildOwner();
    const other = await buildOwner();
    const ws = owner.workspace.id;
    await recordMemberChange({ workspaceId: ws, action: 'kb_document.added', targetType: 'kb_document', targetId: 'kb_1', actorUserId: owner.user.id });
    await recordMemberChange({ workspaceId: ws, action: 'kb_document.deleted', targetType: 'kb_document', targetId: 'kb_1', actorUserId: other.user.id });
    await recordMemberChange({ workspaceId: ws, action: 'rec_settings.updated', targetType: 'workspace', targetId: ws, actorUserId: owner.user.id });
    await recordMemberChange({ workspaceId: other.workspace.id, action: 'kb_document.added', targetType: 'kb_document', actorUserId: other.user.id });
    // An old entry, for the date range.
    await db().auditLog.create({ data: { workspaceId: ws, action: 'kb_document.added', targetType: 'kb_document', actorUserId: owner.user.id, createdAt: new Date('2026-01-15T12:00:00Z') } });

    const actions = async (params: Record<string, string>) => (await listAuditLog(ws, { filter: parseAuditLogFilter(params) })).map((e) => e.action);
    expect(await actions({ action: 'kb_document' })).toEqual(['kb_document.added', 'kb_document.deleted', 'kb_document.added']);
    expect(await actions({ action: 'kb_document.added' })).toEqual(['kb_document.added', 'kb_document.added']);
    expect(await actions({ action: 'kb_document', actor: other.user.id })).toEqual(['kb_document.deleted']);
    expect(await actions({ from: '2026-01-15', to: '2026-01-15' })).toEqual(['kb_document.added']);
    expect(await actions({ from: '2026-01-16', to: '2026-01-31' })).toEqual([]);
    expect(await actions({ action: 'rec_settings', actor: owner.user.id })).toEqual(['rec_settings.updated']);
    // `kb` is not a prefix of `kb_document.*`: a category matches whole.
    expect(await actions({ action: 'kb' })).toEqual([]);
    // Empty fields are no filter (a submitted form sends them).
    expect((await actions({ action: '', actor: '', from: '', to: '' })).length).toBeGreaterThanOrEqual(5);
  });

  it('names the failing field', () => {
    const fails = (params: Record<string, string>, path: string, message: RegExp) => {
      try {
        parseAuditLogFilter(params);
      } catch (err) {
        expect(err).toMatchObject({ code: 'validation_failed', details: [{ path, message: expect.stringMatching(message) }] });
        return;
      }
      throw new Error('no error');
    };
    fails({ from: 'yesterday' }, 'from', /YYYY-MM-DD/);
    fails({ to: '2026-02-30x' }, 'to', /YYYY-MM-DD/);
    fails({ from: '2026-99-99' }, 'from', /real start date/);
    fails({ from: '2026-02-01', to: '2026-01-01' }, 'to', /not be before the start date/);
    fails({ action: "'; DROP TABLE" }, 'action', /must be an action/);
    fails({ actor: 'a b' }, 'actor', /member id/);
    fails({ before: '-1' }, 'before', /entry id/);
  });
});
