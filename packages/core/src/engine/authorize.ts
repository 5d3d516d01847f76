/**
 * Who may do what: the actor's shape, and the start and event policies of a process (roles and
 * org-unit scope).
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '../errors.js'
import type { AnyProcessDefinition, EventPolicy } from '../process/define-process.js'
import type { Actor, StoredInstance } from '../store/types.js'
import type { OrgTree } from './org-tree.js'

/**
 * Checks that an actor is `{ id, roles, orgUnit? }`.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS
 */
export function checkActor(actor: unknown): asserts actor is Actor {
  const a = actor as Partial<Actor> | undefined
  if (
    typeof a !== 'object' ||
    a === null ||
    typeof a.id !== 'string' ||
    a.id === '' ||
    !Array.isArray(a.roles) ||
    a.roles.some((r) => typeof r !== 'string') ||
    (a.orgUnit !== undefined && typeof a.orgUnit !== 'string')
  ) {
    throw new FengqiaoError('INVALID_OPTIONS', 'options.actor must be { id: string, roles: string[], orgUnit?: string }.', { actor: a === undefined || a === null ? null : String(a.id) })
  }
}

/**
 * Whether an actor may start a case of `def` for an org unit.
 *
 * @throws {FengqiaoError} FORBIDDEN naming the roles needed or the scope
 */
export function authorizeStart(orgs: OrgTree, def: AnyProcessDefinition, actor: Actor, orgUnit: string | null): void {
  const policy = def.start ?? {}
  if (policy.roles !== undefined && !policy.roles.some((r) => actor.roles.includes(r))) {
    throw new FengqiaoError('FORBIDDEN', `Starting "${def.id}" needs one of the roles ${policy.roles.join(', ')}; actor ${actor.id} has ${actor.roles.join(', ') || 'none'}.`, { processId: def.id, required: [...policy.roles], actorRoles: [...actor.roles] })
  }
  if (!orgs.allows(policy.scope ?? 'any', actor.orgUnit, orgUnit)) {
    throw new FengqiaoError('FORBIDDEN', `Actor ${actor.id} (org unit ${actor.orgUnit ?? 'none'}) may not start a case for org unit ${orgUnit ?? 'none'}.`, { processId: def.id, orgUnit })
  }
}

/**
 * Why an actor may not send an event to a case, or undefined when it may.
 *
 * @returns the refusal as an error, not thrown
 */
export function eventRefusal(orgs: OrgTree, def: AnyProcessDefinition, type: string, actor: Actor, row: StoredInstance): FengqiaoError | undefined {
  const policy = def.events[type] as EventPolicy
  if (!policy.roles.some((r) => actor.roles.includes(r))) {
    return new FengqiaoError('FORBIDDEN', `Event ${type} of "${def.id}" needs one of the roles ${policy.roles.join(', ')}; actor ${actor.id} has ${actor.roles.join(', ') || 'none'}.`, {
      instanceId: row.id,
      type,
      required: [...policy.roles],
      actorRoles: [...actor.roles],
    })
  }
  if (!orgs.allows(policy.scope ?? 'subtree', actor.orgUnit, row.orgUnit)) {
    return new FengqiaoError('FORBIDDEN', `Actor ${actor.id} (org unit ${actor.orgUnit ?? 'none'}) is outside the scope of case ${row.id} (org unit ${row.orgUnit ?? 'none'}) for event ${type}.`, {
      instanceId: row.id,
      type,
      orgUnit: row.orgUnit,
      actorOrgUnit: actor.orgUnit ?? null,
    })
  }
  return undefined
}

/**
 * Whether an actor may send an event to a case.
 *
 * @throws {FengqiaoError} FORBIDDEN
 */
export function authorizeEvent(orgs: OrgTree, def: AnyProcessDefinition, type: string, actor: Actor, row: StoredInstance): void {
  const refusal = eventRefusal(orgs, def, type, actor, row)
  if (refusal !== undefined) throw refusal
}
