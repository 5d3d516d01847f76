/**
 * The personal-data suite: what the engine's `privacy` option must guarantee on a store — values
 * sealed at rest, clear only to authorized readers, erasure and retention that leave `verify`
 * passing, key rotation, a missing key refused with `KEY_UNAVAILABLE`, effects given only what
 * they need. An adapter's test file calls {@link describePersonalData} with a factory for fresh
 * stores and a way to read everything the store holds as text.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { manualClock } from '../clock.js'
import { createEngine } from '../engine/create-engine.js'
import type { Engine, EffectMessage } from '../engine/types.js'
import { isFengqiaoError } from '../errors.js'
import { defineProcess } from '../process/define-process.js'
import { update } from '../process/update.js'
import type { IntegrityOptions } from '../integrity/engine-integrity.js'
import { hmacSha256Chain } from '../integrity/chain.js'
import type { PrivacyOptions } from '../privacy/types.js'
import type { Actor, Store } from '../store/types.js'

/** Options of {@link describePersonalData}; `S` is the adapter's store type. */
export interface PersonalDataSuiteOptions<S extends Store = Store> {
  /** Makes a fresh, empty, ready-to-use store. */
  readonly create: () => Promise<S>
  /** Everything the store holds, as text (for example every row of every table as JSON). */
  readonly dump: (store: S) => Promise<string>
  /** Cleans up after a test, while the store is still open; the suite closes it afterwards. */
  readonly destroy?: (store: S) => Promise<void>
}

interface Person {
  id: string
  name: string
  idNumber: string
  phone: string
  address: string
}
type Ctx = { petitioner: Person; notes: string[] }
const events = {
  NEW_PHONE: { schema: z.object({ phone: z.string() }), roles: ['officer'] },
  NOTE: { schema: z.object({ text: z.string() }), roles: ['officer', 'clerk'] },
  CLOSE: { schema: z.object({}), roles: ['officer'] },
  WITHDRAW: {
    schema: z.object({}),
    roles: ['petitioner'],
    scope: 'any',
    parties: { roles: ['petitioner'], ids: (c: Ctx) => [c.petitioner.id] },
  },
} as const
const machine = setup({
  types: {
    context: {} as Ctx,
    input: {} as { petitioner: Person },
    events: {} as
      { type: 'NEW_PHONE'; phone: string } | { type: 'NOTE'; text: string } | { type: 'CLOSE' } | { type: 'WITHDRAW' },
  },
  // Effects: delivered by plugins after commit.
  actions: { callPetitioner: () => undefined, logClosure: () => undefined },
}).createMachine({
  id: 'complaint',
  context: ({ input }) => ({ petitioner: input.petitioner, notes: [] }),
  initial: 'open',
  states: {
    open: {
      on: {
        NEW_PHONE: {
          actions: update(({ draft, event }) => {
            draft.petitioner.phone = event.phone
          }),
        },
        NOTE: {
          actions: update(({ draft, event }) => {
            draft.notes.push(event.text)
          }),
        },
        CLOSE: { target: 'closed', actions: ['callPetitioner', 'logClosure'] },
        WITHDRAW: 'closed',
      },
    },
    closed: { type: 'final', meta: { outcome: 'resolved' } },
  },
})
const person = z.object({
  id: z.string(),
  name: z.string(),
  idNumber: z.string(),
  phone: z.string(),
  address: z.string(),
})
const complaint = defineProcess({
  id: 'complaint',
  version: 1,
  machine,
  events,
  input: z.object({ petitioner: person }),
  personal: {
    context: ['petitioner.id', 'petitioner.name', 'petitioner.idNumber', 'petitioner.phone', 'petitioner.address'],
    input: ['petitioner.id', 'petitioner.name', 'petitioner.idNumber', 'petitioner.phone', 'petitioner.address'],
    events: { NEW_PHONE: ['phone'] },
    readers: ['officer'],
  },
})

const SECRETS = {
  name: '张三丰',
  idNumber: '330681199001011234',
  phone: '13912345678',
  address: '浙江省诸暨市枫桥镇枫源村8号',
}
const NEW_PHONE = '13787654321'
const officer: Actor = { id: 'o1', roles: ['officer'], orgUnit: 'county' }
const clerk: Actor = { id: 'c1', roles: ['clerk'], orgUnit: 'county' }
const petitioner: Actor = { id: 'p1', roles: ['petitioner'] }
const dpo: Actor = { id: 'dpo', roles: ['privacy-admin'] }
const key = (): string => randomBytes(32).toString('hex')
const REDACTED = { $fq: 'redacted' }

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (isFengqiaoError(e)) return e.code
    throw e
  }
  return 'resolved'
}

/**
 * Registers the personal-data tests for a store.
 *
 * @param name - the describe block's name
 * @param opts - store factory, dump and clean-up
 */
export function describePersonalData<S extends Store>(name: string, opts: PersonalDataSuiteOptions<S>): void {
  describe(name, () => {
    const open: { store: S }[] = []
    afterEach(async () => {
      for (const o of open.splice(0)) {
        try {
          await opts.destroy?.(o.store)
        } finally {
          await o.store.close()
        }
      }
    })
    const world = async (privacy: Partial<PrivacyOptions> = {}, effects: EffectMessage[] = []) => {
      const store = await opts.create()
      open.push({ store })
      const clock = manualClock('2026-03-02T09:00:00+08:00')
      const keys = privacy.keys ?? { current: 'k1', keys: { k1: key() } }
      const make = (p: Partial<PrivacyOptions> = {}, integrity?: IntegrityOptions): Engine =>
        createEngine({
          ...(integrity === undefined ? {} : { integrity }),
          processes: [complaint],
          store,
          clock,
          adminRoles: ['admin'],
          deliverAfterCommit: false,
          privacy: { keys, adminRoles: ['privacy-admin'], retention: '365d', ...privacy, ...p },
          plugins: [
            {
              name: 'notify',
              effects: {
                callPetitioner: { needs: ['petitioner.phone'], handle: (m) => void effects.push(m) },
                logClosure: (m) => void effects.push(m),
              },
            },
          ],
        })
      return { store, clock, engine: make(), make, keys }
    }
    const startCase = (engine: Engine) =>
      engine.start('complaint', { petitioner: { id: 'p1', ...SECRETS } }, { actor: petitioner, orgUnit: 'county' })

    it('stores personal values sealed: the clear text is nowhere in the store', async () => {
      const { store, engine } = await world()
      const { id } = await startCase(engine)
      await engine.send(id, { type: 'NEW_PHONE', phone: NEW_PHONE }, { actor: officer })
      await engine.send(id, { type: 'CLOSE' }, { actor: officer })
      const text = await opts.dump(store)
      for (const secret of [...Object.values(SECRETS), NEW_PHONE]) expect(text).not.toContain(secret)
      expect(text).toContain('"$fq":"enc"')
      // Not personal: stored as it is.
      expect(text).toContain('complaint')
      expect(await engine.system.verify(id)).toEqual({ ok: true, entries: 3 })
    })

    it('gives personal values in clear to readers, parties and the host; redacted to other readers', async () => {
      const { engine } = await world()
      const { id } = await startCase(engine)
      await engine.send(id, { type: 'NEW_PHONE', phone: NEW_PHONE }, { actor: officer })
      const clear = { id: 'p1', ...SECRETS, phone: NEW_PHONE }
      expect((await engine.get(id, { actor: officer })).context).toEqual({ petitioner: clear, notes: [] })
      expect((await engine.get(id, { actor: petitioner })).context).toEqual({ petitioner: clear, notes: [] })
      expect((await engine.system.get(id)).context).toEqual({ petitioner: clear, notes: [] })
      expect((await engine.get(id, { actor: clerk })).context).toEqual({
        petitioner: { id: REDACTED, name: REDACTED, idNumber: REDACTED, phone: REDACTED, address: REDACTED },
        notes: [],
      })
      const forOfficer = await engine.history(id, { actor: officer })
      expect(forOfficer[0]?.event).toEqual({ type: 'xstate.init', input: { petitioner: { id: 'p1', ...SECRETS } } })
      expect(forOfficer[1]?.event).toEqual({ type: 'NEW_PHONE', phone: NEW_PHONE })
      const forClerk = await engine.history(id, { actor: clerk })
      expect(forClerk[0]?.event).toEqual({
        type: 'xstate.init',
        input: { petitioner: { id: REDACTED, name: REDACTED, idNumber: REDACTED, phone: REDACTED, address: REDACTED } },
      })
      expect(forClerk[1]?.event).toEqual({ type: 'NEW_PHONE', phone: REDACTED })
      // The party's id is sealed too: lists still find the party's own case.
      expect((await engine.instances({ actor: petitioner })).items.map((c) => c.id)).toEqual([id])
      expect((await engine.instances({ actor: { id: 'p2', roles: ['petitioner'] } })).items).toEqual([])
      // The machine itself works on clear values.
      await engine.send(id, { type: 'NOTE', text: 'called back' }, { actor: clerk })
      expect((await engine.get(id, { actor: officer })).context).toMatchObject({
        petitioner: clear,
        notes: ['called back'],
      })
    })

    it("erases a case's personal values from its context and history; verify still passes", async () => {
      const { store, engine } = await world()
      const { id } = await startCase(engine)
      await engine.send(id, { type: 'NEW_PHONE', phone: NEW_PHONE }, { actor: officer })
      await engine.send(id, { type: 'NOTE', text: 'kept' }, { actor: officer })
      expect(await codeOf(engine.erase(id, { actor: officer, reason: 'request' }))).toBe('FORBIDDEN')
      expect(await codeOf(engine.erase(id, { actor: dpo, reason: 'request', fields: ['notes'] }))).toBe(
        'INVALID_OPTIONS',
      )
      expect(await codeOf(engine.erase(id, { actor: dpo, reason: '' }))).toBe('INVALID_OPTIONS')
      const summary = await engine.erase(id, { actor: dpo, reason: '个人信息删除请求 2026-001' })
      expect(summary.version).toBe(4)
      const erased = { $fq: 'erased' }
      expect((await engine.get(id, { actor: officer })).context).toEqual({
        petitioner: { id: erased, name: erased, idNumber: erased, phone: erased, address: erased },
        notes: ['kept'],
      })
      const h = await engine.history(id, { actor: officer })
      expect(h[0]?.event).toEqual({
        type: 'xstate.init',
        input: { petitioner: { id: erased, name: erased, idNumber: erased, phone: erased, address: erased } },
      })
      expect(h[1]?.event).toEqual({ type: 'NEW_PHONE', phone: erased })
      expect(h[3]).toMatchObject({
        kind: 'erased',
        actor: { id: 'dpo' },
        detail: { reason: '个人信息删除请求 2026-001', entries: [1, 2] },
      })
      expect(await engine.system.verify(id)).toEqual({ ok: true, entries: 4 })
      const text = await opts.dump(store)
      expect(text).not.toContain('"$fq":"enc"')
      for (const secret of [...Object.values(SECRETS), NEW_PHONE]) expect(text).not.toContain(secret)
      // The case goes on.
      await engine.send(id, { type: 'CLOSE' }, { actor: officer })
      expect(await engine.system.verify(id)).toEqual({ ok: true, entries: 5 })
    })

    it('erases only the fields named', async () => {
      const { engine } = await world()
      const { id } = await startCase(engine)
      await engine.erase(id, { actor: dpo, reason: 'wrong number recorded', fields: ['petitioner.phone'] })
      const ctx = (await engine.get(id, { actor: officer })).context as Ctx
      expect(ctx.petitioner).toEqual({ id: 'p1', ...SECRETS, phone: { $fq: 'erased' } })
      expect(await engine.system.verify(id)).toEqual({ ok: true, entries: 2 })
    })

    it('purges closed cases past retention, and nothing within it', async () => {
      const { engine, clock } = await world()
      const old = (await startCase(engine)).id
      await engine.send(old, { type: 'CLOSE' }, { actor: officer })
      const running = (await startCase(engine)).id
      clock.advance('200d')
      const recent = (await startCase(engine)).id
      await engine.send(recent, { type: 'WITHDRAW' }, { actor: petitioner })
      expect(await codeOf(engine.purge({ actor: officer, reason: 'retention' }))).toBe('FORBIDDEN')
      expect(await engine.purge({ actor: dpo, reason: 'retention' })).toBe(0)
      // Not earlier than retention allows.
      expect(await codeOf(engine.purge({ actor: dpo, reason: 'retention', closedBefore: clock.now() }))).toBe(
        'INVALID_OPTIONS',
      )
      clock.advance('200d')
      expect(await engine.purge({ actor: dpo, reason: 'retention' })).toBe(1)
      expect(await codeOf(engine.system.get(old))).toBe('NOT_FOUND')
      expect(await engine.system.verify(running)).toEqual({ ok: true, entries: 1 })
      expect(await engine.system.verify(recent)).toEqual({ ok: true, entries: 2 })
      clock.advance('200d')
      expect(await engine.purge({ actor: dpo, reason: 'retention', batchSize: 1 })).toBe(1)
      expect(await codeOf(engine.system.get(recent))).toBe('NOT_FOUND')
      expect((await engine.system.get(running)).status).toBe('active')
    })

    it('rotates keys: old values stay readable, new ones are sealed with the new key; a missing key is KEY_UNAVAILABLE', async () => {
      const { store, engine, make, keys } = await world()
      const { id } = await startCase(engine)
      const k2 = key()
      const rotated = make({ keys: { current: 'k2', keys: { ...keys.keys, k2 } } })
      await rotated.send(id, { type: 'NEW_PHONE', phone: NEW_PHONE }, { actor: officer })
      expect((await rotated.get(id, { actor: officer })).context).toMatchObject({
        petitioner: { name: SECRETS.name, phone: NEW_PHONE },
      })
      const text = await opts.dump(store)
      expect(text).toContain('"k":"k1"')
      expect(text).toContain('"k":"k2"')
      expect(await rotated.system.verify(id)).toEqual({ ok: true, entries: 2 })
      // Without k1: the history sealed under it does not open, and verify, which replays the
      // history as the engine saw it, cannot run either.
      const withoutOld = make({ keys: { current: 'k2', keys: { k2 } } })
      expect(await codeOf(withoutOld.history(id, { actor: officer }))).toBe('KEY_UNAVAILABLE')
      expect(await codeOf(withoutOld.system.verify(id))).toBe('KEY_UNAVAILABLE')
      // A different key under the same id does not open it either.
      const wrong = make({ keys: { current: 'k2', keys: { k1: key(), k2 } } })
      expect(await codeOf(wrong.history(id, { actor: officer }))).toBe('KEY_UNAVAILABLE')
      expect(await codeOf(wrong.send(id, { type: 'NOTE', text: 'x' }, { actor: officer }))).toBe('resolved')
    })

    it('rekeys: every value re-sealed under the current key, so the old key can go', async () => {
      const { store, engine, make, keys } = await world()
      const { id } = await startCase(engine)
      await engine.send(id, { type: 'NEW_PHONE', phone: NEW_PHONE }, { actor: officer })
      const other = (await startCase(engine)).id
      const k2 = key()
      const rotated = make({ keys: { current: 'k2', keys: { ...keys.keys, k2 } } })
      expect(await codeOf(rotated.rekey({ actor: officer, reason: 'k1 retired' }))).toBe('FORBIDDEN')
      expect(await rotated.rekey({ actor: dpo, reason: 'k1 retired', batchSize: 1 })).toBe(2)
      expect(await rotated.rekey({ actor: dpo, reason: 'again: nothing left' })).toBe(0)
      expect(await opts.dump(store)).not.toContain('"k":"k1"')
      const withoutOld = make({ keys: { current: 'k2', keys: { k2 } } })
      expect((await withoutOld.get(id, { actor: officer })).context).toMatchObject({
        petitioner: { name: SECRETS.name, phone: NEW_PHONE },
      })
      expect((await withoutOld.history(id, { actor: officer }))[1]?.event).toEqual({
        type: 'NEW_PHONE',
        phone: NEW_PHONE,
      })
      for (const c of [id, other]) expect((await withoutOld.system.verify(c)).ok).toBe(true)
    })

    it('keeps a keyed chain verifiable through sealing, erasure, purge and rekey', async () => {
      const chain = hmacSha256Chain({ currentKeyId: 'c1', keys: { c1: randomBytes(32) } })
      const { clock, make, keys } = await world()
      const keyed = make({}, { chain })
      const { id } = await startCase(keyed)
      await keyed.send(id, { type: 'NEW_PHONE', phone: NEW_PHONE }, { actor: officer })
      expect(await keyed.system.verify(id)).toEqual({ ok: true, entries: 2 })
      await keyed.erase(id, { actor: dpo, reason: 'request' })
      await keyed.send(id, { type: 'CLOSE' }, { actor: officer })
      expect(await keyed.system.verify(id)).toEqual({ ok: true, entries: 4 })
      const other = (await startCase(keyed)).id
      const rotated = make({ keys: { current: 'k2', keys: { ...keys.keys, k2: key() } } }, { chain })
      expect(await rotated.rekey({ actor: dpo, reason: 'k1 retired' })).toBe(1)
      expect((await rotated.verifyAll()).ok).toBe(true)
      clock.advance('400d')
      expect(await rotated.purge({ actor: dpo, reason: 'retention' })).toBe(1)
      expect(await rotated.verifyAll()).toMatchObject({ ok: true, cases: 1 })
      expect(await rotated.system.verify(other)).toEqual({ ok: true, entries: 1 })
    })

    it('seals with SM4 (SM4-CTR and HMAC-SM3) when asked', async () => {
      const { store, engine } = await world({ cipher: 'sm4' })
      const { id } = await startCase(engine)
      await engine.send(id, { type: 'NEW_PHONE', phone: NEW_PHONE }, { actor: officer })
      const text = await opts.dump(store)
      expect(text).toContain('"c":"sm4"')
      for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret)
      expect((await engine.get(id, { actor: officer })).context).toMatchObject({
        petitioner: { idNumber: SECRETS.idNumber, phone: NEW_PHONE },
      })
      await engine.erase(id, { actor: dpo, reason: 'request' })
      expect(await engine.system.verify(id)).toEqual({ ok: true, entries: 3 })
    })

    it('hands an effect only what it declared it needs', async () => {
      const effects: EffectMessage[] = []
      const { engine } = await world({}, effects)
      const { id } = await startCase(engine)
      await engine.send(id, { type: 'CLOSE' }, { actor: officer })
      expect(await engine.runOutbox()).toBe(2)
      const byType = Object.fromEntries(effects.map((m) => [m.type, m]))
      expect(byType.callPetitioner?.context).toEqual({ petitioner: { phone: SECRETS.phone } })
      expect(byType.logClosure?.context).toEqual({
        petitioner: { id: REDACTED, name: REDACTED, idNumber: REDACTED, phone: REDACTED, address: REDACTED },
        notes: [],
      })
    })
  })
}
