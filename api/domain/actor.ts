// Who is calling, as the services see it, and the ladder of roles (each includes the ones before).

const ROLE_RANK = { VIEWER: 0, ANALYST: 1, AR: 2, ADMIN: 3 } as const;
export type Role = keyof typeof ROLE_RANK;

export interface Actor {
  /** Token name (or "admin-token" for LEDGERLINE_ADMIN_TOKEN); recorded in audit records. */
  name: string;
  role: Role;
  /** Scopes idempotency keys: one token's keys never collide with another's. */
  idempotencyScope: string;
}

export function hasRole(actor: Actor, required: Role): boolean {
  return ROLE_RANK[actor.role] >= ROLE_RANK[required];
}
