// Personal API tokens of the signed-in user: list, create (shown once), revoke. Audited.
import type { Db } from '../../db/client';
import { transaction } from '../../db/tx';
import type { CreateApiTokenBody } from '../../../shared/schemas/auth';
import { audit } from '../audit';
import type { Actor } from '../context';
import { AppError } from '../errors';
import { apiTokenIdOf, createApiToken, revokeApiToken, selectApiToken, selectLiveApiTokens } from './api-tokens';
import { presentApiToken } from './auth.presenter';
import type { SessionInfo } from './sessions';

export async function listApiTokens(db: Db, actor: Actor) {
  return { items: (await selectLiveApiTokens(db, actor.userId)).map(presentApiToken) };
}

/** A new token of the actor, from a signed-in session only; its secret is in this answer and nowhere else. */
export async function createToken(db: Db, actor: Actor, session: SessionInfo | null, body: CreateApiTokenBody) {
  // A token must not mint tokens: a leaked one could otherwise outlive its own revocation or expiry.
  if (apiTokenIdOf(session)) throw AppError.forbidden('API tokens can only be created from a signed-in session, not with an API token');
  const { token, row } = await transaction(db, async (tx) => {
    const created = await createApiToken(tx, { id: actor.userId, orgId: actor.orgId }, body.name, body.expires_in_days);
    await audit(tx, actor, { action: 'create', table: 'api_tokens', recordId: created.row.id, newValues: { name: body.name } });
    return created;
  });
  const saved = await selectApiToken(db, row.id);
  return { ...presentApiToken(saved!), token };
}

/** Revokes one of the actor's own live tokens; another user's token, or a revoked one, is a 404. */
export async function revokeToken(db: Db, actor: Actor, id: string) {
  await transaction(db, async (tx) => {
    if (!(await revokeApiToken(tx, actor.userId, id))) throw AppError.notFound('Token');
    await audit(tx, actor, { action: 'delete', table: 'api_tokens', recordId: id });
  });
  return { ok: true as const };
}
