/**
 * Observation events: what a commit tells its listeners, after it is durable. Listeners cannot
 * change state, and their errors are contained (reported as `error` events).
 *
 * @module
 * @internal
 */
import { EventEmitter } from 'eventemitter3'
import { colourOf } from '../store/memory-store.js'
import type { Actor, TaskRow, TimerRow } from '../store/types.js'
import { summaryOf, type Plan } from './plan/index.js'
import type { EngineEvents, TaskView } from './types.js'

/** A task row as worklists see it, coloured at `now`. */
export function taskView(t: TaskRow, now: number): TaskView {
  const colour = colourOf(t, now)
  return {
    id: t.id,
    instanceId: t.instanceId,
    processId: t.processId,
    stateNode: t.stateNode,
    role: t.role,
    orgUnit: t.orgUnit,
    assignee: t.assignee,
    title: t.title,
    dueAt: t.dueAt === null ? null : new Date(t.dueAt),
    warnAt: t.warnAt === null ? null : new Date(t.warnAt),
    createdAt: new Date(t.createdAt),
    colour,
    overdue: colour === 'red',
  }
}

/** The engine's observation events. */
export class Publisher {
  readonly #emitter = new EventEmitter<EngineEvents>()

  /** Emits an event; a throwing listener becomes an `error` event. */
  emit<K extends keyof EngineEvents>(event: K, ...args: EngineEvents[K]): void {
    try {
      ;(this.#emitter.emit as (e: K, ...a: EngineEvents[K]) => boolean)(event, ...args)
    } catch (error) {
      if (event !== 'error') this.emit('error', { source: `listener:${event}`, error })
    }
  }

  /** Tells listeners what a commit did, in order: the case, its children, tasks, completions. */
  published(planned: Plan, actor: Actor, now: number, timer?: TimerRow): void {
    const { summary, entry } = planned
    if (entry.kind === 'started') this.emit('started', { instance: summary, actor })
    else {
      if (timer !== undefined)
        this.emit('timerFired', { instanceId: summary.id, timerId: timer.id, event: timer.event })
      this.emit('transitioned', { instance: summary, from: planned.from ?? '', event: entry.event, actor })
    }
    for (const child of planned.rows.slice(1)) this.emit('started', { instance: summaryOf(child), actor })
    for (const closed of planned.closedTasks) this.emit('taskClosed', closed)
    for (const t of planned.openedTasks) this.emit('taskOpened', taskView(t, now))
    for (const r of planned.rows) if (r.status === 'completed') this.emit('completed', { instance: summaryOf(r) })
  }

  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof EngineEvents>(event: K, listener: (...args: EngineEvents[K]) => void): () => void {
    const l = listener as (...args: unknown[]) => void
    ;(this.#emitter.on as (e: K, l: (...a: unknown[]) => void) => unknown)(event, l)
    return () => {
      ;(this.#emitter.off as (e: K, l: (...a: unknown[]) => void) => unknown)(event, l)
    }
  }

  /** Drops every listener. */
  clear(): void {
    this.#emitter.removeAllListeners()
  }
}
