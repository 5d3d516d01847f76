/**
 * The org-unit tree and scope checks.
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '../errors.js'
import type { ScopeRule } from '../process/define-process.js'
import type { OrgUnit } from './types.js'

/** Parent links of the org-unit tree, checked for unknown parents and cycles. */
export class OrgTree {
  readonly #parent = new Map<string, string | null>()
  readonly #level = new Map<string, string | undefined>()

  /**
   * @param units - the tree's nodes
   * @throws {FengqiaoError} INVALID_OPTIONS on duplicates, unknown parents or cycles
   */
  constructor(units: readonly OrgUnit[]) {
    for (const u of units) {
      if (typeof u?.id !== 'string' || u.id === '')
        throw new FengqiaoError('INVALID_OPTIONS', 'Every org unit needs a non-empty string id.', { unit: u })
      if (this.#parent.has(u.id))
        throw new FengqiaoError('INVALID_OPTIONS', `Org unit "${u.id}" is listed twice.`, { unit: u.id })
      this.#parent.set(u.id, u.parent ?? null)
      this.#level.set(u.id, u.level)
    }
    for (const [id, parent] of this.#parent) {
      if (parent !== null && !this.#parent.has(parent)) {
        throw new FengqiaoError('INVALID_OPTIONS', `Org unit "${id}" names an unknown parent "${parent}".`, {
          unit: id,
          parent,
        })
      }
      const seen = new Set([id])
      for (let p = parent; p !== null; p = this.#parent.get(p) ?? null) {
        if (seen.has(p))
          throw new FengqiaoError('INVALID_OPTIONS', `The org-unit tree has a cycle through "${p}".`, { unit: p })
        seen.add(p)
      }
    }
  }

  /** Whether the tree has any unit (an empty tree places no constraint on org units). */
  get isEmpty(): boolean {
    return this.#parent.size === 0
  }

  /** Whether `id` is a unit of the tree. */
  has(id: string): boolean {
    return this.#parent.has(id)
  }

  /** The unit and its ancestors, nearest first (just the unit when it is not in the tree). */
  lineage(id: string): string[] {
    const out = [id]
    for (let p = this.#parent.get(id) ?? null; p !== null; p = this.#parent.get(p) ?? null) out.push(p)
    return out
  }

  /** Every unit id in the tree. */
  get units(): string[] {
    return [...this.#parent.keys()]
  }

  /** The parent of a unit (`null` for a root or an unknown unit). */
  parentOf(id: string): string | null {
    return this.#parent.get(id) ?? null
  }

  /** The level name of a unit, if given. */
  levelOf(id: string): string | undefined {
    return this.#level.get(id)
  }

  /**
   * The nearest ancestor of `id` (the unit itself excluded) whose level is `target` or whose id is
   * `target`; `undefined` when there is none.
   */
  ancestorAt(id: string, target: string): string | undefined {
    return this.lineage(id)
      .slice(1)
      .find((u) => u === target || this.#level.get(u) === target)
  }

  /** The unit and all its descendants. */
  subtree(id: string): string[] {
    return [...this.#parent.keys()].filter((u) => this.lineage(u).includes(id)).concat(this.#parent.has(id) ? [] : [id])
  }

  /**
   * Whether an actor in `actorUnit` may act on a case owned by `caseUnit` under `rule`.
   * Cases without an org unit are in everyone's scope.
   */
  allows(rule: ScopeRule, actorUnit: string | undefined, caseUnit: string | null): boolean {
    if (rule === 'any' || caseUnit === null) return true
    if (actorUnit === undefined) return false
    if (rule === 'unit') return actorUnit === caseUnit
    return this.lineage(caseUnit).includes(actorUnit)
  }
}
