// Runs the grid closed loop once: a report whistled to a department, reworked once, then closed.
import { createEngine, manualClock } from '@fengqiao/core'
import { gridPlugin } from './grid-event.js'

const notices: string[] = []
const engine = createEngine({
  clock: manualClock('2026-05-11T09:00:00+08:00'),
  orgUnits: [
    { id: '枫桥镇', level: 'township' },
    { id: '枫源村', parent: '枫桥镇', level: 'village' },
    { id: '一网格', parent: '枫源村', level: 'grid' },
  ],
  plugins: [
    gridPlugin({
      notifyDepartment: (d, id) => void notices.push(`通知${d} (${id})`),
      strikeOffLedger: (id) => void notices.push(`台账销号 (${id})`),
    }),
  ],
})
const member = { id: '网格员小李', roles: ['gridMember', 'reporter'], orgUnit: '一网格' }
const centre = { id: '镇综治中心', roles: ['centre', 'operator'], orgUnit: '枫桥镇' }
const dept = { id: '镇城建办', roles: ['department'], orgUnit: '枫桥镇' }
const { id } = await engine.start(
  'gridEvent',
  { location: '枫源村3组', grid: '一网格', category: '道路破损', text: '村道塌陷约2平方米', reporter: '网格员小李' },
  { actor: member, orgUnit: '一网格' },
)
await engine.send(id, { type: 'ACCEPT' }, { actor: centre })
await engine.send(
  id,
  { type: 'WHISTLE', department: '镇城建办', leadLeader: '王副镇长', measures: '设置警示，三日内修复' },
  { actor: centre },
)
await engine.send(id, { type: 'REPORT_FOR_DUTY', arrivedAt: '2026-05-11T09:40:00+08:00' }, { actor: dept })
await engine.send(id, { type: 'FEEDBACK', result: '已设置警示', photos: [] }, { actor: dept })
await engine.send(id, { type: 'VERIFY', ok: false, note: '尚未修复' }, { actor: member })
await engine.send(id, { type: 'FEEDBACK', result: '已修复路面', photos: ['after.jpg'] }, { actor: dept })
const done = await engine.send(id, { type: 'VERIFY', ok: true }, { actor: member })
await engine.runOutbox()
const view = await engine.get(id, { actor: centre })
console.log(done.state, `reworks=${(view.context as { reworks: number }).reworks}`)
console.log(notices.join('\n'))
await engine.close()
