import type { Role } from '@/generated/prisma/client';

export const ROLES = ['owner', 'admin', 'member'] as const satisfies readonly Role[];
const RANK: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

export const hasRole = (actual: Role, required: Role) => RANK[actual] >= RANK[required];
export type { Role };
