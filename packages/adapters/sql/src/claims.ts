/**
 * Claims: leasing due timers and outbox messages to one worker at a time, and removing or
 * rescheduling what a worker is done with.
 *
 * @module
 * @internal
 */
import type { Store } from '@fengqiao/core/store'
import { sql, type Kysely, type RawBuilder, type Selectable, type SqlBool } from 'kysely'
import { runStatements } from './commit.js'
import type { StoreContext } from './context.js'
import type { CommitStatement } from './dialect.js'
import { CLAIM_INDEX } from './schema.js'
import type { Db, OutboxTable, TimersTable } from './tables.js'
import { chunks, deleteStatements } from './write-statements.js'

/** How claims pick rows: ready by which column, in which order. */
const CLAIM_ORDER = {
  timers: { readyAt: 'due_at', order: ['due_at', 'id'] },
  outbox: { readyAt: 'available_at', order: ['available_at', 'created_at', 'id'] },
} as const

type ClaimTable = keyof typeof CLAIM_ORDER

/** Rounds an optimistic claim (without SKIP LOCKED) takes at most in one call. */
const OPTIMISTIC_ROUNDS = 5

/**
 * Leases up to `limit` claimable rows of `timers` or `outbox` to `owner`, oldest first: rows
 * ready at `now` whose lease (if any) has run out. Concurrent claimers get disjoint rows.
 */
async function claim(
  ctx: StoreContext,
  table: ClaimTable,
  now: number,
  limit: number,
  owner: string,
  leaseMs: number,
): Promise<Record<string, unknown>[]> {
  if (!Number.isInteger(limit) || limit < 1) return []
  const { db, dialect } = ctx
  const until = now + leaseMs
  const { readyAt, order } = CLAIM_ORDER[table]
  const lockedUntil = sql.ref('locked_until')
  const ready = sql<SqlBool>`${sql.ref(readyAt)} <= ${now} and (${lockedUntil} is null or ${lockedUntil} <= ${now})`
  const orderBy = sql.join(order.map((c) => sql.ref(c)))
  const skipLocked = dialect.supports.skipLocked ? sql` for update skip locked` : sql``
  // Both tables have `id`, `locked_by` and `locked_until`; Kysely is told it is `timers`.
  const t = table as 'timers'
  let rows: Record<string, unknown>[]
  if (dialect.supports.updateReturning && !dialect.supports.optimisticClaims) {
    // One statement: lease what the subquery picks (PostgreSQL: skipping rows others are leasing).
    const build = (w: Kysely<Db>) =>
      w
        .updateTable(t)
        .set({ locked_by: owner, locked_until: until })
        .where(
          'id',
          'in',
          sql<string>`(select ${sql.ref('id')} from ${sql.table(table)} where ${ready} order by ${orderBy} limit ${limit}${skipLocked})`,
        )
        // Checked again on the row written: without SKIP LOCKED (the compatibility fallback)
        // a concurrent claimer may have leased it since the subquery picked it.
        .where(ready)
        .returningAll()
    rows = await dialect.write(
      db,
      async (w) =>
        (
          await ctx.statements.execute<Record<string, unknown>>(w, `claim-${table}`, () => build(w), [
            owner,
            until,
            now,
            now,
            limit,
            now,
            now,
          ])
        ).rows,
    )
  } else {
    // One round: pick, lease, and (optimistic claims) find out which of the picked rows this
    // claimer leased. A round that lost rows to another claimer is followed by another, so that
    // concurrent claimers end up with disjoint rows and none comes back empty-handed while rows
    // are free.
    const round = (want: number) =>
      dialect.transaction(
        db,
        async (trx): Promise<{ picked: number; leased: Record<string, unknown>[] }> => {
          // Without FORCE INDEX (MySQL), on a small table, both statements may walk every row,
          // and what they walk they lock — hiding rows from concurrent claimers that SKIP LOCKED.
          const force = (index: RawBuilder<unknown>) =>
            dialect.supports.forceIndex ? sql` force index (${index})` : sql``
          const { rows: found } = await sql<
            Record<string, unknown>
          >`select * from ${sql.table(table)}${force(sql.id(ctx.tablePrefix + CLAIM_INDEX[table]))} where ${ready} order by ${orderBy} limit ${want}${skipLocked}`.execute(
            trx,
          )
          if (found.length === 0) return { picked: 0, leased: [] }
          const ids = sql.join(found.map((r) => String(r.id)))
          // Checked again on the row written (see the PostgreSQL branch).
          await sql`update ${sql.table(table)}${force(sql`primary`)} set ${sql.ref('locked_by')} = ${owner}, ${sql.ref('locked_until')} = ${until} where ${sql.ref('id')} in (${ids}) and ${ready}`.execute(
            trx,
          )
          let leased = found
          if (dialect.supports.optimisticClaims) {
            // The rows were not locked when picked: keep those this UPDATE leased.
            const { rows: mine } = await sql<{
              id: string
            }>`select ${sql.ref('id')} from ${sql.table(table)} where ${sql.ref('id')} in (${ids}) and ${sql.ref('locked_by')} = ${owner} and ${sql.ref('locked_until')} = ${until}`.execute(
              trx,
            )
            const ours = new Set(mine.map((r) => String(r.id)))
            leased = found.filter((r) => ours.has(String(r.id)))
          }
          return { picked: found.length, leased: leased.map((r) => ({ ...r, locked_by: owner, locked_until: until })) }
        },
        { readCommitted: true },
      )
    rows = []
    for (let n = 0; n < OPTIMISTIC_ROUNDS && rows.length < limit; n++) {
      const { picked, leased } = await round(limit - rows.length)
      rows.push(...leased)
      if (leased.length === picked) break // nothing lost to another claimer
    }
  }
  // RETURNING gives no order: restore the claim order.
  return rows.sort((a, b) => {
    for (const c of order) {
      const x = a[c]
      const y = b[c]
      if (c === 'id') {
        if (x !== y) return String(x) < String(y) ? -1 : 1
      } else if (Number(x) !== Number(y)) return Number(x) - Number(y)
    }
    return 0
  })
}

/** Deletes claimed rows by id, a chunk per write. */
async function removeClaimed(ctx: StoreContext, table: ClaimTable, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids)) {
    await ctx.dialect.write(ctx.db, (w) => {
      const statements: CommitStatement[] = []
      deleteStatements(ctx, statements, table, part)
      return runStatements(w, statements)
    })
  }
}

/**
 * A claim that lost a race at commit claimed nothing. On a Galera cluster row locks are not
 * replicated: two nodes may lease the same due row at once, and the second commit fails
 * certification with a deadlock error, rolled back — the other node holds the lease. (A plain
 * InnoDB deadlock between two claimers means the same.) The next pass claims what is left.
 */
async function unlessLostRace<T>(ctx: StoreContext, fn: () => Promise<T[]>): Promise<T[]> {
  try {
    return await fn()
  } catch (e) {
    if (ctx.dialect.classify(e) === 'conflict') return []
    throw e
  }
}

/** Attempts of a removal that keeps losing races (a row leased anew by another node meanwhile). */
const REMOVE_ATTEMPTS = 5

/**
 * Retries a removal or reschedule that lost a race at commit (see {@link unlessLostRace}): it
 * was rolled back whole, and deleting or updating by id again is harmless.
 */
async function retryLostRace<T>(ctx: StoreContext, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (e) {
      if (attempt >= REMOVE_ATTEMPTS || ctx.dialect.classify(e) !== 'conflict') throw e
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt))
    }
  }
}

/** The claim side of the store port. @internal */
export type ClaimOperations = Pick<
  Store,
  'claimDueTimers' | 'deleteTimers' | 'claimOutbox' | 'ackOutbox' | 'retryOutbox'
>

/** The claim operations of a store. @internal */
export function claimOperations(ctx: StoreContext): ClaimOperations {
  const { rows } = ctx
  return {
    async claimDueTimers(now, limit, owner, leaseMs) {
      const claimed = await ctx.run('claim timers', () =>
        unlessLostRace(ctx, () => claim(ctx, 'timers', now, limit, owner, leaseMs)),
      )
      return claimed.map((r) => rows.timer(r as Selectable<TimersTable>))
    },

    async deleteTimers(ids) {
      if (ids.length === 0) return
      await ctx.run('delete timers', () => retryLostRace(ctx, () => removeClaimed(ctx, 'timers', ids)))
    },

    async claimOutbox(now, limit, owner, leaseMs) {
      const claimed = await ctx.run('claim outbox messages', () =>
        unlessLostRace(ctx, () => claim(ctx, 'outbox', now, limit, owner, leaseMs)),
      )
      return claimed.map((r) => rows.message(r as Selectable<OutboxTable>))
    },

    async ackOutbox(ids) {
      if (ids.length === 0) return
      await ctx.run('acknowledge outbox messages', () => retryLostRace(ctx, () => removeClaimed(ctx, 'outbox', ids)))
    },

    async retryOutbox(id, availableAt, error) {
      await ctx.run('retry an outbox message', () =>
        retryLostRace(ctx, () =>
          ctx.dialect.write(ctx.db, (w) =>
            w
              .updateTable('outbox')
              .set({
                attempts: sql<number>`${sql.ref('attempts')} + 1`,
                available_at: availableAt,
                last_error: error,
                locked_by: null,
                locked_until: null,
              })
              .where('id', '=', id)
              .execute(),
          ),
        ),
      )
    },
  }
}
