// An ambiguous commit is not a failure: a TCP proxy drops the reply to a commit and cuts the
// connection. Whether the commit was written (the reply to PostgreSQL's one-statement commit, or
// to MySQL's COMMIT) or not (the reply to a statement inside MySQL's transaction), the engine
// settles it from the history: the send succeeds and the event is there exactly once.
import { createEngine, type Engine } from '@fengqiao/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mysqlStore, postgresStore, type SqlStore } from '../src/index.js'
import { caseProcess, mediation, organ, orgUnits } from './case-process.js'
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js'
import { serverUrl, type ServerVariable } from './servers.js'
import { startProxy, type DropRule, type TcpProxy } from './tcp-proxy.js'

function describeOn(
  dialect: Dialect,
  variable: ServerVariable,
  rules: { name: string; rule: (marker: string) => DropRule }[],
): void {
  const server = serverUrl(variable)
  describe.skipIf(server === undefined)(`${dialect}: a lost commit reply`, () => {
    let db: TestDatabase
    let proxy: TcpProxy
    let store: SqlStore
    let engine: Engine
    beforeAll(async () => {
      db = await createTestDatabase(dialect, server)
      const url = new URL(db.url)
      proxy = await startProxy(url.hostname, Number(url.port))
      url.port = String(proxy.port)
      // Plain statements (not named prepared ones) on PostgreSQL, so that each commit carries its text.
      store =
        dialect === 'postgres'
          ? postgresStore({ connectionString: url.toString() }, { tablePrefix: 'lr_', preparedStatements: false })
          : mysqlStore({ uri: url.toString() }, { tablePrefix: 'lr_' })
      await store.migrate()
      engine = createEngine({
        processes: [caseProcess, mediation],
        store,
        orgUnits,
        deliverAfterCommit: false,
        commitResolution: { withinMs: 20_000 },
      })
    }, 120_000)
    afterAll(async () => {
      await engine?.close()
      await store?.close()
      await proxy?.close()
      await db?.drop()
    })

    it.each(rules.map((r) => [r.name, r] as const))(
      '%s: applied exactly once, and the caller gets success',
      async (_name, r) => {
        const { id } = await engine.start('case', { title: 'lost reply' }, { actor: organ, orgUnit: 'town' })
        await engine.send(id, { type: 'ACCEPT' }, { actor: organ })
        const marker = `marker-${Math.random().toString(36).slice(2)}`
        const before = proxy.dropped
        proxy.drop(r.rule(marker))
        const result = await engine.send(id, { type: 'COMMENT', text: marker }, { actor: organ })
        expect(proxy.dropped).toBe(before + 1)
        expect(result.version).toBe(3)
        const view = await engine.system.get(id)
        expect((view.context as { comments: string[] }).comments).toEqual([marker])
        expect((await engine.system.history(id)).map((h) => h.seq)).toEqual([1, 2, 3])
        expect(await engine.system.verify(id)).toEqual({ ok: true, entries: 3 })
      },
    )
  })
}

describeOn('postgres', 'FENGQIAO_PG_URL', [
  { name: 'the reply to the one-statement commit (written)', rule: (marker) => ({ marker }) },
])
describeOn('mysql', 'FENGQIAO_MYSQL_URL', [
  { name: 'the reply to COMMIT (written)', rule: (marker) => ({ marker, then: /commit/i }) },
  { name: 'the reply to a statement inside the transaction (not written)', rule: (marker) => ({ marker }) },
])
