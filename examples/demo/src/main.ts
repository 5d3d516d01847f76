// `pnpm demo`: one dispute mediated over a simulated month on the in-memory store, printed as
// a timeline. Time is a manual clock: nothing waits.
import { createEngine, manualClock, type HistoryEntry } from '@fengqiao/core'
import { dispute } from './dispute.js'

const clock = manualClock('2026-09-01T09:00:00+08:00')
const reminders: string[] = []
const engine = createEngine({
  processes: [dispute],
  clock,
  orgUnits: [{ id: '枫桥镇' }, { id: '枫源村', parent: '枫桥镇' }],
  plugins: [{ name: 'reminders', effects: { remindMediator: (m) => { reminders.push(`${fmt(clock.now())} 提醒调解员 (message ${m.id})`) } } }],
})
const committee = { id: '村调委会', roles: ['committee'], orgUnit: '枫源村' }
const mediator = { id: '王调解员', roles: ['mediator'], orgUnit: '枫源村' }

function fmt(ms: number): string {
  return new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })
}

const cases = engine.process(dispute)
const { id } = await cases.start(
  { parties: ['张三', '李四'], facts: '宅基地边界围墙纠纷' },
  { actor: committee, orgUnit: '枫源村', businessKey: '枫源调〔2026〕17号' },
)
clock.advance('1d')
await cases.send(id, { type: 'ACCEPT', mediator: '王调解员' }, { actor: committee })
for (const [days, step, note] of [
  [2, '耐心倾听', '分别听取双方陈述'],
  [5, '公心说理', '现场勘查，讲解相邻关系法律规定'],
  [9, '交心沟通', '邀请双方亲属参与（经当事人同意）'],
] as const) {
  clock.advance(`${days}d`)
  await cases.send(id, { type: 'STEP', step, note }, { actor: mediator })
}
clock.advance('6d') // day 23: the 20-day reminder is due
await engine.runDueTimers()
await engine.runOutbox()
await cases.send(id, { type: 'STEP', step: '诚信化解', note: '双方让步，达成一致' }, { actor: mediator })
clock.advance('2d')
await cases.send(id, { type: 'AGREE', terms: '围墙后移0.3米，费用各半' }, { actor: mediator })
clock.advance('14d')
await cases.send(id, { type: 'PERFORMED' }, { actor: mediator })

const view = await engine.get(id)
console.log(`枫桥 demo — ${view.businessKey}: ${(view.context as { facts: string }).facts}\n`)
const describe = (h: HistoryEntry): string => {
  const e = h.event as { type: string; [k: string]: unknown }
  const { type, ...payload } = e
  const detail = type === 'xstate.init' ? '' : Object.values(payload).join(' / ')
  const after = /^xstate\.after\.(\d+)\./.exec(type)
  const label = after ? `timer: ${Number(after[1]) / 86_400_000}d` : type === 'xstate.init' ? 'start' : type
  return `${fmt(h.at).padEnd(20)} ${String((h.actor as { id: string }).id).padEnd(6)} ${label.padEnd(11)} ${(h.from ?? '∅').padEnd(10)} → ${h.to.padEnd(10)} ${detail}`
}
for (const h of await engine.history(id)) console.log(describe(h))
console.log(`\n${reminders.join('\n')}`)
console.log(`\nstatus: ${view.status}, state: ${view.stateKey}, version ${view.version}`)
console.log(`open tasks: ${(await engine.tasks()).items.length}`)
console.log(`history verified: ${JSON.stringify(await engine.verify(id))}`)
await engine.close()
