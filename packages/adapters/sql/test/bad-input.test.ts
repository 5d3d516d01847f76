// Deterministic input is not an outage, on every database: each bad-input class of the core table
// comes back with its typed code and writes nothing. With the engine's limits lifted, what the
// database itself refuses (U+0000 in jsonb, a key over the column or index size) is
// INVALID_INPUT from the store, never STORE_UNAVAILABLE.
import { createEngine, isFengqiaoError, type Engine, type FengqiaoError } from '@fengqiao/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { badInputCases } from '../../../core/test/fixtures/bad-input.js'
import type { SqlStore } from '../src/index.js'
import { caseProcess, mediation, organ, orgUnits } from './case-process.js'
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js'
import { serverUrl, type ServerVariable } from './servers.js'

const cases = badInputCases({ processId: 'case', input: { title: 'bad input' }, actor: organ, orgUnit: 'town' })
const MB = 1024 * 1024

function describeOn(dialect: Dialect, variable?: ServerVariable): void {
  const server = variable === undefined ? '' : serverUrl(variable)
  describe.skipIf(server === undefined)(`${dialect}: bad input`, () => {
    let db: TestDatabase
    let store: SqlStore
    let engine: Engine
    let id: string
    beforeAll(async () => {
      db = await createTestDatabase(dialect, server)
      store = db.store('bad_')
      await store.migrate()
      engine = createEngine({ processes: [caseProcess, mediation], store, orgUnits, deliverAfterCommit: false })
      id = (await engine.start('case', { title: 'existing' }, { actor: organ, orgUnit: 'town' })).id
      await engine.send(id, { type: 'ACCEPT' }, { actor: organ })
    }, 120_000)
    afterAll(async () => {
      await engine?.close()
      await store?.close()
      await db?.drop()
    })

    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const error = await c.run(engine, id).then(
        () => 'no error',
        (e: unknown) => e,
      )
      expect(isFengqiaoError(error), String(error)).toBe(true)
      expect((error as FengqiaoError).code).toBe(c.code)
      if (c.names !== undefined) expect((error as FengqiaoError).message).toContain(c.names)
      expect((await store.findInstances({}, { limit: 10 })).items.map((i) => i.id)).toEqual([id])
      expect(await store.history(id)).toHaveLength(2)
    })

    // What only the database refuses, with the engine's own checks lifted out of the way.
    const lifted = { payloadBytes: 64 * MB, stringLength: 8 * MB, depth: 32, keyLength: 8 * MB }
    const refusedByDb: { name: string; run: (e: Engine) => Promise<unknown> }[] =
      dialect === 'postgres'
        ? [
            {
              name: 'U+0000 in a jsonb payload',
              run: (e) => e.start('case', { title: 'a\u0000b' }, { actor: organ, orgUnit: 'town' }),
            },
            {
              name: 'a 1 MB business key (index row too large)',
              run: (e) =>
                e.start('case', { title: 't' }, { actor: organ, orgUnit: 'town', businessKey: 'k'.repeat(MB) }),
            },
          ]
        : dialect === 'mysql'
          ? [
              {
                name: 'a 1 MB business key (longer than the column)',
                run: (e) =>
                  e.start('case', { title: 't' }, { actor: organ, orgUnit: 'town', businessKey: 'k'.repeat(MB) }),
              },
            ]
          : []
    it.runIf(refusedByDb.length > 0).each(refusedByDb.map((c) => [c.name, c] as const))(
      'refused by the database itself: %s is INVALID_INPUT',
      async (_name, c) => {
        const open = createEngine({
          processes: [caseProcess, mediation],
          store,
          deliverAfterCommit: false,
          limits: lifted,
        })
        const error = await c.run(open).then(
          () => 'no error',
          (e: unknown) => e,
        )
        expect(isFengqiaoError(error, 'INVALID_INPUT'), String(error)).toBe(true)
        expect((await store.findInstances({}, { limit: 10 })).items.map((i) => i.id)).toEqual([id])
      },
    )
  })
}

describeOn('sqlite')
describeOn('postgres', 'FENGQIAO_PG_URL')
describeOn('mysql', 'FENGQIAO_MYSQL_URL')
