// Every tenant table can be distributed by workspaceId (issue 17; Citus: docs/operations.md,
// "Citus plan"): read from the migrated test database's catalogs, every table with a workspaceId
// column has it in its primary key, in every unique key and in every foreign key to another tenant
// table; the exceptions are listed here with their reason, and every table without workspaceId is
// listed as not per-tenant. A new table or key fails this test until it is classified.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Unique keys without workspaceId: a global lookup by a secret or a Stripe id, before the workspace is known. */
const UNIQUE_EXEMPT: Record<string, string> = {
  'ApiKey.ApiKey_keyHash_key': 'the api authenticates a request by the key hash alone; Citus: a reference lookup table keyHash -> (workspaceId, keyId)',
  'Invitation.Invitation_tokenHash_key': 'an invitation link carries only its token; Citus: the same reference lookup table as keys',
  'BillingAccount.BillingAccount_stripeCustomerId_key': 'Stripe webhooks name the customer, not the workspace; Citus: BillingAccount becomes a reference table',
  'BillingAccount.BillingAccount_stripeSubscriptionId_key': 'Stripe webhooks name the subscription; BillingAccount becomes a reference table',
};
/** Tables without workspaceId: accounts and global state, not per tenant (Citus: reference tables or local). */
const NOT_TENANT: Record<string, string> = {
  Workspace: 'the tenant itself: distributed by its id, colocated with the tenant tables',
  User: 'a person may belong to several workspaces: reference table',
  AccountAuditLog: 'per user (sign-ins, password changes): reference table with User',
  EmailVerification: 'per user: reference table with User',
  PasswordReset: 'per user: reference table with User',
  StripeEvent: 'webhook idempotency by Stripe event id, global: reference table',
  _prisma_migrations: 'migration bookkeeping, on the coordinator',
};

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

const TENANT = `select c.oid, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
  and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'workspaceId' and not a.attisdropped)`;
const HAS_WS = (keys: string, rel: string) =>
  `exists (select 1 from unnest(${keys}) k(n) join pg_attribute a on a.attrelid = ${rel} and a.attnum = k.n where a.attname = 'workspaceId')`;

describe('tenant tables are keyed by workspaceId', () => {
  it('has workspaceId in every primary key of a tenant table', async () => {
    const { rows } = await client.query<{ relname: string }>(
      `with t as (${TENANT}) select t.relname from t where not exists (
         select 1 from pg_index ix where ix.indrelid = t.oid and ix.indisprimary and ${HAS_WS('ix.indkey', 't.oid')})`,
    );
    expect(rows.map((r) => r.relname)).toEqual([]);
    expect((await client.query(TENANT)).rowCount).toBeGreaterThan(20);
  });

  it('has workspaceId in every unique key but the listed global lookups', async () => {
    const { rows } = await client.query<{ key: string }>(
      `with t as (${TENANT}) select t.relname || '.' || i.relname as key from t
         join pg_index ix on ix.indrelid = t.oid and ix.indisunique and not ix.indisprimary
         join pg_class i on i.oid = ix.indexrelid
       where not ${HAS_WS('ix.indkey', 't.oid')} order by 1`,
    );
    expect(rows.map((r) => r.key).sort()).toEqual(Object.keys(UNIQUE_EXEMPT).sort());
  });

  it('has workspaceId in every foreign key between tenant tables', async () => {
    const { rows } = await client.query<{ conname: string }>(
      `with t as (${TENANT}) select con.conname from pg_constraint con
       where con.contype = 'f' and con.conrelid in (select oid from t) and con.confrelid in (select oid from t)
         and not ${HAS_WS('con.conkey', 'con.conrelid')}`,
    );
    expect(rows.map((r) => r.conname)).toEqual([]);
  });

  it('lists every table without workspaceId as not per tenant', async () => {
    const { rows } = await client.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
         and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'workspaceId' and not a.attisdropped)
       order by 1`,
    );
    expect(rows.map((r) => r.relname).sort()).toEqual(Object.keys(NOT_TENANT).sort());
  });
});
