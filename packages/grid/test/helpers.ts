// Shared fixtures for the grid package's tests: the org-unit ladder, actors, inputs and a test
// engine with every effect recorded.
import type { Actor, EffectMessage, OrgUnit } from '@fengqiao/core'
import { createTestEngine, type TestEngine } from '@fengqiao/core/testing'
import { expect } from 'vitest'
import { gridPlugin, type GridEventContext, type GridEventInputArg, type GridPluginOptions } from '../src/index.js'

/** County › township › village › grid: the ladder's four rungs as org units. */
export const orgUnits: OrgUnit[] = [
  { id: 'county', level: 'county' },
  { id: 'town', parent: 'county', level: 'township' },
  { id: 'village', parent: 'town', level: 'village' },
  { id: 'grid-3', parent: 'village', level: 'grid' },
  { id: 'street', parent: 'county', level: 'township' },
]

export const member: Actor = { id: 'wang', roles: ['gridMember'], orgUnit: 'grid-3' }
export const resident: Actor = { id: 'li', roles: ['resident', 'reporter'] }
export const stranger: Actor = { id: 'zhao', roles: ['reporter'] }
export const operator: Actor = { id: 'op-1', roles: ['operator'], orgUnit: 'village' }
export const centre: Actor = { id: 'centre-1', roles: ['centre'], orgUnit: 'town' }
export const water: Actor = { id: 'water', roles: ['department'], orgUnit: 'county' }
export const police: Actor = { id: 'police', roles: ['department'], orgUnit: 'county' }
export const supervisor: Actor = { id: 'sup-1', roles: ['supervisor'], orgUnit: 'county' }
export const command: Actor = { id: 'cmd-1', roles: ['commandCentre'], orgUnit: 'county' }
export const hotline: Actor = { id: 'hl-1', roles: ['hotline'], orgUnit: 'county' }
export const unit: Actor = { id: 'unit-housing', roles: ['unit'], orgUnit: 'county' }
export const district: Actor = { id: 'district-1', roles: ['district'], orgUnit: 'county' }
export const bureau: Actor = { id: 'bureau-1', roles: ['bureau'], orgUnit: 'county' }
export const street: Actor = { id: 'street-1', roles: ['street'], orgUnit: 'street' }

/** A report by a resident in grid 3, green unless overridden. */
export function report(overrides: Partial<GridEventInputArg> = {}): GridEventInputArg {
  return {
    location: '幸福村3组12号旁',
    grid: 'grid-3',
    category: 'neighbourDispute',
    text: '邻里因排水沟堵塞发生争执',
    source: 'resident',
    reporter: { id: 'li', name: '李四', contact: '13900000000' },
    ...overrides,
  }
}

/** Effects the tests observe. */
export interface Recorded {
  readonly effects: EffectMessage[]
}

const EFFECTS = [
  'notifyDepartments',
  'issueBulletin',
  'notifyPolice',
  'redDailyReport',
  'strikeOffLedger',
  'notifyCaller',
  'transferEmergency',
  'callBack',
  'notifyDistrict',
]

/** A test engine with the grid plugin and every effect recorded. */
export function gridEngine(
  options: { start?: string; plugin?: GridPluginOptions } = {},
): TestEngine & Recorded & { plugin: ReturnType<typeof gridPlugin> } {
  const effects: EffectMessage[] = []
  const record = (m: EffectMessage) => {
    effects.push(m)
  }
  const plugin = gridPlugin({ effects: Object.fromEntries(EFFECTS.map((e) => [e, record])), ...options.plugin })
  const t = createTestEngine({ plugins: [plugin], orgUnits, start: options.start ?? '2026-03-02T09:00:00+08:00' })
  return Object.assign(t, { effects, plugin })
}

/** The grid event context of an instance. */
export async function context(t: TestEngine, id: string): Promise<GridEventContext> {
  return (await t.system.get(id)).context as GridEventContext
}

/** The effects of one kind, as `params`. */
export function effectsOf(r: Recorded, type: string): unknown[] {
  return r.effects.filter((m) => m.type === type).map((m) => m.params)
}

/** Asserts a command is refused with a Fengqiao error code (and optionally a message fragment). */
export async function refused(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await expect(p).rejects.toMatchObject({ code })
  if (message !== undefined) await expect(p).rejects.toThrow(message)
}

/** Reports an event in grid 3 and has the operator accept it. */
export async function accepted(t: TestEngine, overrides: Partial<GridEventInputArg> = {}): Promise<string> {
  const { id } = await t.start('grid-event', report(overrides), { actor: resident, orgUnit: 'grid-3' })
  await t.send(id, { type: 'ACCEPT' }, { actor: operator })
  return id
}

/** Asserts a command is refused by the named rule (EVENT_NOT_ACCEPTED, `details.rule`). */
export async function refusedBy(p: Promise<unknown>, rule: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED', details: { rule } })
}

/** The grid event's state: `{ procedure, ladder }`. */
export async function where(t: TestEngine, id: string): Promise<unknown> {
  return (await t.system.get(id)).state
}
