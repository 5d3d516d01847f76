/**
 * The timers one commit creates and removes, numbered in the order the planner's parts ask for
 * them (deadlines first, then `after` timers), so that ids are the same on every node.
 *
 * @module
 * @internal
 */
import type { Json, PendingTimer, TimerRow } from '../../store/types.js'

/** Collects the timer rows of one commit. */
export class TimerBook {
  readonly inserts: TimerRow[] = []
  readonly deletes: string[] = []
  #next = 0

  /**
   * @param instanceId - the instance the timers belong to
   * @param seq - the history sequence number of the commit (part of every new timer's id)
   */
  constructor(
    readonly instanceId: string,
    readonly seq: number,
  ) {}

  /** Creates a timer in this commit and returns its reference for the instance row. */
  create(key: string, event: Json, dueAt: number): PendingTimer {
    const row: TimerRow = {
      id: `${this.instanceId}.${this.seq}.t${this.#next++}`,
      instanceId: this.instanceId,
      key,
      dueAt,
      event,
    }
    this.inserts.push(row)
    return { id: row.id, key, dueAt, event }
  }

  /** Removes a timer (once, however often it is asked). */
  drop(id: string): void {
    if (!this.deletes.includes(id)) this.deletes.push(id)
  }
}
