/**
 * Who may do what. Every door of the engine asks here: starting a case, sending an event,
 * reading a case or a list, and administrative operations. The table of doors and who is trusted
 * with each is in `docs/security.md`.
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '../errors.js'
import type { AnyProcessDefinition, EventPolicy } from '../process/define-process.js'
import type { Actor, StoredInstance } from '../store/types.js'
import type { OrgTree } from './org-tree.js'

/** The id and role reserved for the engine's own commands (timers, linked cases' results). */
export const SYSTEM = 'system'

/**
 * Checks that an actor is `{ id, roles, orgUnit? }` and not the system: callers cannot act as
 * the engine, whatever they claim.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for a malformed actor; FORBIDDEN (details.rule
 *   `'system-actor'`) for the id or role `system`
 */
export function checkCaller(actor: unknown, op: string): asserts actor is Actor {
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
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `options.actor must be { id: string, roles: string[], orgUnit?: string } (in ${op}()).`,
      { actor: a === undefined || a === null ? null : String(a.id) },
    )
  }
  if (a.id === SYSTEM || a.roles.includes(SYSTEM)) {
    throw new FengqiaoError(
      'FORBIDDEN',
      `The id and role "${SYSTEM}" belong to the engine's own commands (timers, linked cases); a caller cannot act as the system. Use a real actor.`,
      { rule: 'system-actor', actorId: a.id },
    )
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
    throw new FengqiaoError(
      'FORBIDDEN',
      `Starting "${def.id}" needs one of the roles ${policy.roles.join(', ')}; actor ${actor.id} has ${actor.roles.join(', ') || 'none'}.`,
      { processId: def.id, rule: 'roles', required: [...policy.roles], actorRoles: [...actor.roles] },
    )
  }
  if (!orgs.allows(policy.scope ?? 'any', actor.orgUnit, orgUnit)) {
    throw new FengqiaoError(
      'FORBIDDEN',
      `Actor ${actor.id} (org unit ${actor.orgUnit ?? 'none'}) may not start a case for org unit ${orgUnit ?? 'none'}.`,
      { processId: def.id, rule: 'scope', orgUnit },
    )
  }
}

// The case's parties under a binding, read from its context. A binding that throws is a bug in
// the process definition, reported as such rather than as a refusal.
function partyIds(
  def: AnyProcessDefinition,
  ids: (context: unknown) => readonly string[],
  row: StoredInstance,
): readonly string[] {
  const context = (row.snapshot as { context?: unknown } | null)?.context
  try {
    const out: unknown = ids(context)
    return Array.isArray(out) ? out.filter((x): x is string => typeof x === 'string') : []
  } catch (cause) {
    throw new FengqiaoError(
      'INVALID_DEFINITION',
      `Process "${def.id}": a parties binding threw on case ${row.id}.`,
      { processId: def.id, instanceId: row.id },
      { cause },
    )
  }
}

/** Whether the actor is a party of the case under any of the process's party bindings. */
export function isParty(def: AnyProcessDefinition, actor: Actor, row: StoredInstance): boolean {
  for (const policy of Object.values(def.events)) {
    const p = policy.parties
    if (p !== undefined && p.roles.some((r) => actor.roles.includes(r)) && partyIds(def, p.ids, row).includes(actor.id))
      return true
  }
  return false
}

/**
 * Why an actor may not send an event to a case, or undefined when it may. Checked in order:
 * engine-only events, roles, org-unit scope, parties.
 *
 * @returns the refusal as an error, not thrown
 */
export function eventRefusal(
  orgs: OrgTree,
  def: AnyProcessDefinition,
  type: string,
  actor: Actor,
  row: StoredInstance,
): FengqiaoError | undefined {
  const policy = def.events[type] as EventPolicy
  const base = { instanceId: row.id, type }
  if (policy.system === true) {
    return new FengqiaoError(
      'FORBIDDEN',
      `Event ${type} of "${def.id}" is sent only by the engine itself (a deadline, a timer or a linked case); no caller may send it.`,
      { ...base, rule: 'system' },
    )
  }
  const allowing = policy.roles.filter((r) => actor.roles.includes(r))
  if (allowing.length === 0) {
    return new FengqiaoError(
      'FORBIDDEN',
      `Event ${type} of "${def.id}" needs one of the roles ${policy.roles.join(', ')}; actor ${actor.id} has ${actor.roles.join(', ') || 'none'}.`,
      {
        ...base,
        rule: 'roles',
        required: [...policy.roles],
        actorRoles: [...actor.roles],
      },
    )
  }
  if (!orgs.allows(policy.scope ?? 'subtree', actor.orgUnit, row.orgUnit)) {
    return new FengqiaoError(
      'FORBIDDEN',
      `Actor ${actor.id} (org unit ${actor.orgUnit ?? 'none'}) is outside the scope of case ${row.id} (org unit ${row.orgUnit ?? 'none'}) for event ${type}.`,
      {
        ...base,
        rule: 'scope',
        orgUnit: row.orgUnit,
        actorOrgUnit: actor.orgUnit ?? null,
      },
    )
  }
  const parties = policy.parties
  // Bound only when every role that allows the event is a party role: an official allowed
  // through another role is not a party.
  if (
    parties !== undefined &&
    allowing.every((r) => parties.roles.includes(r)) &&
    !partyIds(def, parties.ids, row).includes(actor.id)
  ) {
    return new FengqiaoError(
      'FORBIDDEN',
      `Event ${type} of "${def.id}" may be sent through the role ${allowing.join(', ')} only by a party of case ${row.id}; actor ${actor.id} is not one.`,
      {
        ...base,
        rule: 'parties',
        actorId: actor.id,
        partyRoles: [...parties.roles],
      },
    )
  }
  return undefined
}

/**
 * Whether an actor may send an event to a case.
 *
 * @throws {FengqiaoError} FORBIDDEN with details.rule `'system'`, `'roles'`, `'scope'` or `'parties'`
 */
export function authorizeEvent(
  orgs: OrgTree,
  def: AnyProcessDefinition,
  type: string,
  actor: Actor,
  row: StoredInstance,
): void {
  const refusal = eventRefusal(orgs, def, type, actor, row)
  if (refusal !== undefined) throw refusal
}

/** Whether an actor may read a case: a party of it, or in the read policy's roles and scope. */
export function mayRead(orgs: OrgTree, def: AnyProcessDefinition, actor: Actor, row: StoredInstance): boolean {
  return mayReadAsOfficial(orgs, def, actor, row) || isParty(def, actor, row)
}

/**
 * Whether an actor may read a case through the read policy's roles and scope alone — as an
 * official, not as a party (what a case's incidents are read with).
 */
export function mayReadAsOfficial(
  orgs: OrgTree,
  def: AnyProcessDefinition,
  actor: Actor,
  row: StoredInstance,
): boolean {
  const policy = def.read ?? {}
  const roleOk = policy.roles === undefined || policy.roles.some((r) => actor.roles.includes(r))
  return roleOk && orgs.allows(policy.scope ?? 'subtree', actor.orgUnit, row.orgUnit)
}

/**
 * Whether an actor may read a case.
 *
 * @throws {FengqiaoError} FORBIDDEN (details.rule `'read'`)
 */
export function authorizeRead(orgs: OrgTree, def: AnyProcessDefinition, actor: Actor, row: StoredInstance): void {
  if (!mayRead(orgs, def, actor, row)) {
    throw new FengqiaoError(
      'FORBIDDEN',
      `Actor ${actor.id} (org unit ${actor.orgUnit ?? 'none'}) may not read case ${row.id} (org unit ${row.orgUnit ?? 'none'}): outside their roles or scope, and not a party of it.`,
      {
        instanceId: row.id,
        rule: 'read',
        orgUnit: row.orgUnit,
        actorOrgUnit: actor.orgUnit ?? null,
      },
    )
  }
}

/**
 * Whether an actor may run an administrative operation.
 *
 * @throws {FengqiaoError} FORBIDDEN (details.rule `'admin'`) without one of the admin roles, or
 *   when the engine has none configured
 */
export function authorizeAdmin(adminRoles: readonly string[], actor: Actor, operation: string): void {
  if (adminRoles.length === 0) {
    throw new FengqiaoError(
      'FORBIDDEN',
      `${operation}() is an administrative operation and this engine has no admin roles. Configure createEngine({ adminRoles: [...] }) and give an administrator one of them.`,
      { rule: 'admin', operation, required: [] },
    )
  }
  if (!adminRoles.some((r) => actor.roles.includes(r))) {
    throw new FengqiaoError(
      'FORBIDDEN',
      `${operation}() needs one of the admin roles ${adminRoles.join(', ')}; actor ${actor.id} has ${actor.roles.join(', ') || 'none'}.`,
      { rule: 'admin', operation, required: [...adminRoles], actorRoles: [...actor.roles] },
    )
  }
}

/**
 * Checks the reason an administrative operation must give.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for a reason that is not a non-empty string
 */
export function checkReason(reason: unknown, operation: string): asserts reason is string {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `${operation}() needs a reason (a non-empty string): it is recorded with the operation.`,
      { operation },
    )
  }
}
