// Import a BPMN drawing, run a case through the engine (the review deadline counts working days on
// the Chinese business calendar), then export the process back to BPMN.
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine, manualClock } from '@fengqiao/core'
import { exportBpmn } from '@fengqiao/bpmn'
import { licenceProcess } from './licence.js'

const licence = await licenceProcess()
// Friday 2026-09-25: the National Day holiday (Oct 1–7) falls inside the review period.
const clock = manualClock('2026-09-25T09:00:00+08:00')
const engine = createEngine({ processes: [licence], clock })
const cases = engine.process(licence)
const clerk = { id: 'c1', roles: ['clerk'] }
const { id } = await cases.start(undefined, { actor: clerk })
await cases.send(id, { type: 'ACCEPT' }, { actor: clerk })
const [task] = (await engine.tasks({ role: 'reviewer', actor: clerk })).items
console.log('review due', task?.dueAt?.toISOString(), 'state', (await engine.get(id, { actor: clerk })).state)

clock.advance('40d')
await engine.runDueTimers()
console.log('after 40 days:', (await engine.get(id, { actor: clerk })).state)
const done = await cases.send(id, { type: 'DECIDE', approved: true }, { actor: { id: 'd1', roles: ['director'] } })
console.log('decided:', done.state, done.status)

const { xml, counts } = await exportBpmn(licence)
const out = join(mkdtempSync(join(tmpdir(), 'fengqiao-bpmn-')), 'licence.exported.bpmn')
writeFileSync(out, xml)
console.log('exported', out, counts)
await engine.close()
