// Scripts for disputes: people's mediation with the five-heart steps, and the police and court
// mediation cases a transfer opens (三调联动).
import type { CourtContext, PeoplesContext, PoliceContext } from '@fengqiao/mediation'
import { peoplesStage } from '@fengqiao/mediation'
import { iso } from '../calendar.js'
import { caseRandom, type DisputePlan, type PetitionPlan } from '../plans.js'
import { COUNTY, court, courtPresident, officials, party, police, TOWN } from '../town.js'
import type { World } from '../world.js'
import { step, type CaseView, type Script, type Step } from './script.js'

type V = CaseView<PeoplesContext>

const heart = [
  ['patientListening', '分别听取双方陈述，耐心倾听'],
  ['impartialReasoning', '现场察看，讲清法律和政策'],
  ['heartToHeart', '邀请亲友乡贤参与，交心沟通'],
  ['goodFaith', '双方互谅互让，诚信化解'],
] as const

const stage = (v: V) => peoplesStage(v.stateKey).stage
const accepted = (v: V) => !['applied', 'initiated'].includes(stage(v))
const mediatorOf = (v: V) => v.context.mediators[0]?.id

/** The dispute script for a plan (and, for a petition handed over, the petition's plan). */
export function peoplesScript(w: World, plan: DisputePlan | PetitionPlan): Script<PeoplesContext> {
  const r = caseRandom(plan.key)
  const p = w.peoples
  const [a, b] = plan.process === 'mediation' ? plan.parties : ([plan.petitioner, plan.respondent] as const)
  const terms = plan.process === 'mediation' ? plan.terms : '三个月内分期付清欠薪，企业出具书面承诺'
  const o = (v: V) => officials(v.orgUnit)
  const s: Array<Step<PeoplesContext>> = []
  const kind = plan.process === 'mediation' ? plan.kind : 'petition'

  // Registration → consent → acceptance → a mediator (RT Arts. 17, 19).
  const a0 = kind === 'petition' ? 1 : r.int(0, 1)
  if (kind === 'refused') {
    s.push(
      step(
        'REFUSE',
        r.int(1, 2),
        () => false,
        (v) => p.send(v.id, { type: 'REFUSE', party: b, reason: '不同意调解，准备直接起诉' }, { actor: party(b) }),
      ),
    )
    return s
  }
  const initiated = plan.process === 'petition' || plan.initiative
  if (initiated)
    s.push(
      step(
        `CONSENT ${a}`,
        0,
        (v) => accepted(v) || v.context.consents.includes(a),
        (v) => p.send(v.id, { type: 'CONSENT', party: a }, { actor: party(a) }),
      ),
    )
  s.push(
    step(
      `CONSENT ${b}`,
      a0,
      (v) => accepted(v) || v.context.consents.includes(b),
      (v) => p.send(v.id, { type: 'CONSENT', party: b }, { actor: party(b) }),
    ),
  )
  s.push(
    step('ACCEPT', a0, accepted, (v) =>
      p.send(v.id, { type: 'ACCEPT', note: '符合受理条件' }, { actor: o(v).committee }),
    ),
  )
  s.push(
    step(
      'ASSIGN_MEDIATOR',
      a0,
      (v) => v.context.mediators.length > 0 || v.context.transfer !== null,
      (v) => p.send(v.id, { type: 'ASSIGN_MEDIATOR', mediators: [o(v).mediatorRef] }, { actor: o(v).committee }),
    ),
  )
  const heartStep = (i: number, at: number) => {
    const [key, notes] = heart[i] ?? heart[0]
    s.push(
      step(
        `HEART_STEP ${key}`,
        at,
        (v) => v.context.checklist.length > i || v.context.agreement !== null,
        (v) =>
          p.send(
            v.id,
            { type: 'HEART_STEP', step: key, by: mediatorOf(v) ?? o(v).mediatorRef.id, at: iso(v.now), notes },
            { actor: o(v).mediator },
          ),
      ),
    )
  }
  // Moving up the ladder: the new owner names a leader and a mediator of its own (docs/domain-rules.md#22-colour-grading).
  const takeOver = (at: number, unit: string, colour: 'yellow' | 'red', leader: string) => {
    const here = (v: V) => v.orgUnit === unit && v.context.grade.colour === colour
    s.push(
      step(
        `ASSIGN_LEADER ${leader}`,
        at,
        (v) =>
          v.context.agreement !== null ||
          (colour === 'yellow' && v.context.grade.colour === 'red') ||
          (here(v) && v.context.grade.leader !== null),
        (v) => p.send(v.id, { type: 'ASSIGN_LEADER', leader }, { actor: o(v).leader }),
        here,
      ),
    )
    s.push(
      step(
        `ASSIGN_MEDIATOR ${unit}`,
        at,
        (v) =>
          v.context.agreement !== null ||
          mediatorOf(v) === officials(unit).mediatorRef.id ||
          (colour === 'yellow' && mediatorOf(v) === officials(COUNTY).mediatorRef.id),
        (v) => p.send(v.id, { type: 'ASSIGN_MEDIATOR', mediators: [o(v).mediatorRef] }, { actor: o(v).committee }),
        here,
      ),
    )
  }
  const written = (at: number) => {
    const deadline = (v: V) => iso(v.now + 30 * 86_400_000).slice(0, 10)
    const agreement = (v: V) => v.context.agreement
    const effective = (v: V) => agreement(v)?.effective === true
    s.push(
      step(
        'DRAFT_AGREEMENT',
        at,
        (v) => agreement(v) !== null,
        (v) =>
          p.send(
            v.id,
            {
              type: 'DRAFT_AGREEMENT',
              contents: {
                parties: [a, b],
                facts: v.context.facts,
                issues: v.context.request || '争议事项',
                responsibilities: '双方各有过错，互谅互让',
                terms,
                performance: { method: '当面履行，调解员见证', deadline: deadline(v) },
              },
            },
            { actor: o(v).mediator },
          ),
      ),
    )
    for (const x of [a, b])
      s.push(
        step(
          `SIGN_AGREEMENT ${x}`,
          at,
          (v) => effective(v) || (agreement(v)?.signatures.some((g) => g.party === x) ?? false),
          (v) =>
            p.send(
              v.id,
              { type: 'SIGN_AGREEMENT', party: x, mark: x === a ? 'signature' : 'fingerprint' },
              { actor: party(x) },
            ),
        ),
      )
    s.push(
      step(
        'MEDIATOR_SIGN',
        at,
        (v) => effective(v) || agreement(v)?.mediatorSignature != null,
        (v) => p.send(v.id, { type: 'MEDIATOR_SIGN', mediatorId: mediatorOf(v) ?? '' }, { actor: o(v).mediator }),
      ),
    )
    s.push(
      step('COMMITTEE_SEAL', at, effective, (v) => p.send(v.id, { type: 'COMMITTEE_SEAL' }, { actor: o(v).committee })),
    )
  }
  const oral = (at: number) =>
    s.push(
      step(
        'RECORD_ORAL_AGREEMENT',
        at,
        (v) => v.context.agreement !== null,
        (v) =>
          p.send(
            v.id,
            { type: 'RECORD_ORAL_AGREEMENT', terms, record: '调解员当场记录，双方确认', agreedBy: [a, b] },
            { actor: o(v).mediator },
          ),
      ),
    )
  const performed = (record: number, done: number) => {
    s.push(
      step(
        'RECORD_PERFORMANCE',
        record,
        (v) => v.context.performance.length > 0,
        (v) =>
          p.send(
            v.id,
            { type: 'RECORD_PERFORMANCE', by: o(v).committee.id, note: '回访：正在履行' },
            { actor: o(v).committee },
          ),
      ),
    )
    s.push(
      step(
        'PERFORMED',
        done,
        () => false,
        (v) => p.send(v.id, { type: 'PERFORMED', note: '协议已履行完毕' }, { actor: o(v).committee }),
      ),
    )
  }
  const confirmation = (at: number, extend: boolean) => {
    const c = (v: V) => v.context.confirmation
    for (const x of [a, b])
      s.push(
        step(
          `APPLY_CONFIRMATION ${x}`,
          at,
          (v) => (c(v).status !== 'none' && c(v).status !== 'applying') || c(v).applications.some((y) => y.party === x),
          (v) =>
            p.send(
              v.id,
              { type: 'APPLY_CONFIRMATION', party: x, court: court.id, venue: 'committeeLocation' },
              { actor: party(x) },
            ),
        ),
      )
    s.push(
      step(
        'COURT_ACCEPT',
        at + r.int(1, 2),
        (v) => !['none', 'applying', 'accepting'].includes(c(v).status),
        (v) =>
          p.send(
            v.id,
            {
              type: 'COURT_ACCEPT',
              caseNo: `（${iso(v.now).slice(0, 4)}）浙0681民特${String(plan.seq).padStart(3, '0')}号`,
            },
            { actor: court },
          ),
      ),
    )
    if (extend)
      s.push(
        step(
          'COURT_EXTEND',
          at + 8,
          (v) => c(v).extendedDays > 0 || c(v).status === 'confirmed',
          (v) =>
            p.send(v.id, { type: 'COURT_EXTEND', days: 10, reason: '需通知当事人补充材料' }, { actor: courtPresident }),
        ),
      )
    s.push(
      step(
        'COURT_CONFIRM',
        at + (extend ? 18 : r.int(4, 10)),
        (v) => c(v).status === 'confirmed',
        (v) => p.send(v.id, { type: 'COURT_CONFIRM', ruling: '调解协议有效，当事人应当履行' }, { actor: court }),
      ),
    )
  }

  const h = a0 + 1
  switch (kind) {
    case 'oral':
    case 'micro':
      ;[h, h, h + 1, h + 1].forEach((at, i) => heartStep(i, at))
      oral(h + 1)
      performed(h + 2, h + r.int(3, 6))
      break
    case 'written':
    case 'petition':
      ;[h, h, h + 1, h + 2].forEach((at, i) => heartStep(i, at))
      written(h + 2)
      performed(h + r.int(3, 4), h + r.int(5, 10))
      break
    case 'confirm':
    case 'confirmExtended':
    case 'enforce': {
      ;[h, h, h + 1, h + 2].forEach((at, i) => heartStep(i, at))
      written(h + 2)
      const apply = h + r.int(3, 5)
      const extend = kind === 'confirmExtended'
      confirmation(apply, extend)
      if (kind === 'enforce')
        s.push(
          step(
            'APPLY_ENFORCEMENT',
            apply + 16,
            () => false,
            (v) => p.send(v.id, { type: 'APPLY_ENFORCEMENT', party: a, note: '对方逾期未履行' }, { actor: party(a) }),
          ),
        )
      else performed(apply + (extend ? 19 : 8), apply + (extend ? 21 : r.int(9, 12)))
      break
    }
    case 'slow':
      heartStep(0, h)
      heartStep(1, h + 3)
      takeOver(8, TOWN, 'yellow', '枫桥镇副镇长何建新')
      heartStep(2, 10)
      heartStep(3, 12)
      written(13)
      performed(15, r.int(16, 20))
      break
    case 'red':
      heartStep(0, h)
      heartStep(1, h + 4)
      takeOver(9, TOWN, 'yellow', '枫桥镇副镇长何建新')
      heartStep(2, 14)
      takeOver(24, COUNTY, 'red', '诸暨市副市长（包案）')
      // Past the one-month target (RT02 Art. 33): overdue until the agreement.
      heartStep(3, 30)
      written(34)
      performed(37, 42)
      break
    case 'criminal':
      heartStep(0, h)
      s.push(
        step(
          'FLAG_CRIMINAL_RISK',
          h + 1,
          (v) => v.context.criminalRisk.length > 0,
          (v) =>
            p.send(
              v.id,
              {
                type: 'FLAG_CRIMINAL_RISK',
                by: mediatorOf(v) ?? o(v).mediatorRef.id,
                note: '一方扬言报复，矛盾有激化风险',
              },
              { actor: o(v).mediator },
            ),
        ),
      )
      takeOver(h + 2, COUNTY, 'red', '诸暨市政法委副书记（包案）')
      heartStep(1, h + 4)
      heartStep(2, h + 7)
      heartStep(3, h + 9)
      written(h + 10)
      performed(h + 14, h + 18)
      break
    case 'police':
    case 'policeFail':
    case 'court':
    case 'courtFiled':
      heartStep(0, h)
      heartStep(1, h + 1)
      s.push(
        step(
          'TRANSFER',
          h + 2,
          (v) => v.context.transfer !== null,
          (v) =>
            p.send(
              v.id,
              kind.startsWith('police')
                ? { type: 'TRANSFER', to: 'police', reason: '涉及治安违法行为，移交公安调解' }
                : { type: 'TRANSFER', to: 'court', reason: '当事人要求通过诉讼途径解决' },
              { actor: o(v).mediator },
            ),
        ),
      )
      break
    case 'terminated':
      ;[h, h + 1, h + 3].forEach((at, i) => heartStep(i, at))
      s.push(
        step(
          'END_MEDIATION',
          h + 4,
          () => false,
          (v) => p.send(v.id, { type: 'END_MEDIATION', reason: '双方分歧较大，调解不成' }, { actor: o(v).mediator }),
        ),
      )
      break
  }
  return s
}

/** Police mediation of a transferred fight or damage (ZA Art. 9). */
export function policeScript(w: World, plan: DisputePlan): Script<PoliceContext> {
  const r = caseRandom(`${plan.key} police`)
  const state = (v: CaseView<PoliceContext>) => String(v.state)
  if (plan.kind === 'policeFail') {
    return [
      step(
        'NO_AGREEMENT',
        r.int(1, 3),
        (v) => state(v) !== 'mediating',
        (v) => w.police.send(v.id, { type: 'NO_AGREEMENT', reason: '赔偿数额分歧过大' }, { actor: police }),
      ),
      step(
        'PENALIZE',
        r.int(4, 6),
        () => false,
        (v) => w.police.send(v.id, { type: 'PENALIZE', decision: '对过错方处以警告' }, { actor: police }),
      ),
    ]
  }
  return [
    step(
      'AGREE',
      r.int(1, 2),
      (v) => state(v) !== 'mediating',
      (v) => w.police.send(v.id, { type: 'AGREE', terms: plan.terms }, { actor: police }),
    ),
    step(
      'PERFORMED',
      r.int(3, 5),
      () => false,
      (v) => w.police.send(v.id, { type: 'PERFORMED', note: '已当场履行' }, { actor: police }),
    ),
  ]
}

const courtOrder = ['received', 'preFiling', 'filing', 'filed', 'judicialMediation', 'statement', 'statementEffective']

/** Court mediation of a transferred contract or debt dispute (MS Arts. 96–102, 125–126). */
export function courtScript(w: World, plan: DisputePlan): Script<CourtContext> {
  const r = caseRandom(`${plan.key} court`)
  const past = (v: CaseView<CourtContext>, s: string) => courtOrder.indexOf(String(v.state)) > courtOrder.indexOf(s)
  const s: Array<Step<CourtContext>> = [
    step(
      'START_PREFILING_MEDIATION',
      1,
      (v) => past(v, 'received'),
      (v) => w.court.send(v.id, { type: 'START_PREFILING_MEDIATION' }, { actor: court }),
    ),
  ]
  if (plan.kind === 'court') {
    s.push(
      step(
        'AGREE',
        r.int(5, 12),
        () => false,
        (v) => w.court.send(v.id, { type: 'AGREE', terms: plan.terms }, { actor: court }),
      ),
    )
    return s
  }
  s.push(
    step(
      'NO_AGREEMENT',
      8,
      (v) => past(v, 'preFiling'),
      (v) => w.court.send(v.id, { type: 'NO_AGREEMENT', reason: '诉前调解未达成协议' }, { actor: court }),
    ),
    step(
      'FILE',
      10,
      (v) => past(v, 'filing'),
      (v) =>
        w.court.send(
          v.id,
          {
            type: 'FILE',
            caseNo: `（${iso(v.now).slice(0, 4)}）浙0681民初${String(plan.seq).padStart(4, '0')}号`,
            procedure: 'simple',
          },
          { actor: court },
        ),
    ),
    step(
      'MEDIATE',
      13,
      (v) => past(v, 'filed'),
      (v) => w.court.send(v.id, { type: 'MEDIATE' }, { actor: court }),
    ),
    step(
      'AGREE',
      17,
      (v) => past(v, 'judicialMediation'),
      (v) => w.court.send(v.id, { type: 'AGREE', terms: plan.terms }, { actor: court }),
    ),
    ...plan.parties.map((x) =>
      step<CourtContext>(
        `SIGN_FOR ${x}`,
        19,
        (v) => v.context.signedFor.includes(x),
        (v) => w.court.send(v.id, { type: 'SIGN_FOR', party: x }, { actor: party(x) }),
      ),
    ),
  )
  return s
}
