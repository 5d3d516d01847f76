// Runs the county's variation of @fengqiao/grid once: a grid event whose photo-less feedback is
// refused by the county's rule, then settled in the grid; two hotline tickets, one contacted after
// the county's 12 hours; and the hotline figures scored with the county's own metric set.
import { createEngine, formatRate, isFengqiaoError, manualClock } from '@fengqiao/core'
import { figureValue as v, hotlineReport } from '@fengqiao/grid'
import { countyGrid, countyRates } from './county.js'

const notices: string[] = []
const county = countyGrid({ strikeOffLedger: (m) => void notices.push(`台账销号 ${JSON.stringify(m.params)}`) })
const clock = manualClock('2026-05-11T09:00:00+08:00')
const engine = createEngine({
  clock,
  orgUnits: [
    { id: '诸暨市', level: 'county' },
    { id: '枫桥镇', parent: '诸暨市', level: 'township' },
    { id: '枫源村', parent: '枫桥镇', level: 'village' },
    { id: '一网格', parent: '枫源村', level: 'grid' },
  ],
  plugins: county.plugins,
  deliverAfterCommit: false,
})
const events = engine.process(county.grid.definitions.gridEvent)
const tickets = engine.process(county.grid.definitions.hotlineTicket)
const member = { id: '网格员小李', roles: ['gridMember'], orgUnit: '一网格' }
const operator = { id: '枫源村受理员', roles: ['operator'], orgUnit: '枫源村' }
const centre = { id: '镇网格中心', roles: ['centre'], orgUnit: '枫桥镇' }
const resident = { id: '李四', roles: ['resident', 'reporter'] }

const { id } = await events.start(
  {
    location: '枫源村3组',
    grid: '一网格',
    category: 'roadDamage',
    text: '村道塌陷约2平方米',
    source: 'resident',
    reporter: { id: '李四', name: '李四' },
  },
  { actor: resident, orgUnit: '一网格' },
)
await events.send(id, { type: 'ACCEPT' }, { actor: operator })
await events.send(id, { type: 'CLAIM', member: member.id }, { actor: member })
try {
  await events.send(id, { type: 'FEEDBACK', result: '已修复路面' }, { actor: member })
} catch (e) {
  if (!isFengqiaoError(e, 'EVENT_NOT_ACCEPTED')) throw e
  console.log(`refused: ${e.message}`)
}
await events.send(id, { type: 'FEEDBACK', result: '已修复路面', photos: ['after.jpg'] }, { actor: member })
await events.send(id, { type: 'VERIFY', ok: true }, { actor: resident })
const done = await events.send(id, { type: 'STRIKE_OFF', ledgerRef: 'TZ-2026-05-001' }, { actor: centre })
await engine.runOutbox()
console.log(`grid event: ${done.status}; ${notices.join('; ')}`)

const hotline = { id: '诸暨市12345', roles: ['hotline'], orgUnit: '诸暨市' }
const town = { id: '枫桥镇人民政府', roles: ['unit'], orgUnit: '枫桥镇' }
const now = () => new Date(clock.now()).toISOString()
for (const hours of [2, 13]) {
  const t = await tickets.start(
    {
      receivedAt: now(),
      kind: 'complaint',
      matter: '夜间施工噪音扰民',
      category: 'noise',
      caller: { phone: '13505750000' },
    },
    { actor: hotline, orgUnit: '枫源村' },
  )
  await tickets.send(t.id, { type: 'DISPATCH', unit: town.id }, { actor: hotline })
  clock.set(clock.now() + hours * 3_600_000)
  await engine.runDueTimers()
  await tickets.send(t.id, { type: 'SIGN_FOR', contactedAt: now() }, { actor: town })
  await tickets.send(t.id, { type: 'FEED_BACK', result: 'resolved', reply: '已停工整改' }, { actor: town })
  await tickets.send(
    t.id,
    { type: 'CALLBACK', reached: true, resolved: true, satisfaction: 'satisfied' },
    { actor: hotline },
  )
}
const may = await hotlineReport(engine.system, {
  from: Date.parse('2026-05-01T00:00:00+08:00'),
  to: Date.parse('2026-06-01T00:00:00+08:00'),
  set: countyRates,
  parameters: county.grid.parameters.hotline,
})
const f = may.total.scores.figures
console.log(
  `hotline (${may.set}): 签收率 ${formatRate(v(f.signFor))} · 响应率 ${formatRate(v(f.response))} · 满意率 ${formatRate(v(f.satisfaction))} · 综合 ${formatRate(may.total.scores.composite)}; not in time: ${may.total.cases.dispatched.filter((x) => !may.total.cases.respondedInTime.includes(x)).length}`,
)
await engine.close()
