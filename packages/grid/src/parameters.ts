/**
 * The service levels and scoring rules of grid management, each a named parameter carrying its
 * source and how far that source is verified. Almost none of them is law: grid service levels,
 * colour targets, urban-management time limits and the hotline's formulas are local practice or
 * unconfirmed (docs/domain-rules.md §§2–4 mark them [S] or [U]), so every one is configurable and
 * the generated tables say which are unverified.
 *
 * Two sets: {@link gridParameters} (the grid event and the urban-management case, printed in
 * docs/processes/grid.md) and {@link hotlineParameters} (the hotline ticket and its rates, printed
 * in docs/processes/hotline.md).
 *
 * @module
 */
import { defineParameters, type Labels } from '@fengqiao/core'
import { z } from 'zod'

const CAL = 'calendar days (日)'
const WORK = 'working days (工作日)'
const HOURS = 'hours (elapsed)'
const positiveInt = z
  .number({ error: 'must be a positive integer' })
  .int({ error: 'must be a positive integer' })
  .min(1, { error: 'must be a positive integer' })
const positive = z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' })
const share = z
  .number({ error: 'must be a number from 0 to 1' })
  .min(0, { error: 'must be a number from 0 to 1' })
  .max(1, { error: 'must be a number from 0 to 1' })
const d = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en })

/** The four rungs of the escalation ladder, bottom first (docs/domain-rules.md#21-escalation-ladder). */
export const gridLevels = ['grid', 'village', 'township', 'county'] as const
/** A rung of the ladder: L0 grid, L1 village, L2 township centre, L3 county centre (the ceiling). */
export type GridLevel = (typeof gridLevels)[number]

/**
 * The grid event's and the urban case's parameters. `resolve` checks overrides; `table()` is the
 * docs' parameter table.
 */
export const gridParameters = defineParameters(
  'grid',
  {
    whistle: {
      /** [U] Local service level: the centre whistles (routes) within 10 minutes of acceptance. */
      routeMinutes: {
        default: 10,
        article: 'docs/domain-rules.md#2-grid-closed-loop (grid.whistleSLA)',
        status: 'U',
        unit: 'minutes',
        schema: positive,
        description: d('受理后吹哨派单时限', 'Centre: whistle (route) after acceptance'),
      },
      /** [U] Local service level: a whistled department reports on site within one hour. */
      onSiteHours: {
        default: 1,
        article: 'docs/domain-rules.md#2-grid-closed-loop (grid.whistleSLA)',
        status: 'U',
        unit: HOURS,
        schema: positive,
        description: d('部门接哨后到场报到时限', 'Called departments: report for duty on site'),
      },
      /** [U] Local service level: first feedback within one working day of reporting for duty. */
      feedbackWorkingDays: {
        default: 1,
        article: 'docs/domain-rules.md#2-grid-closed-loop (grid.whistleSLA)',
        status: 'U',
        unit: WORK,
        schema: positiveInt,
        description: d('报到后首次反馈时限', 'Department: first feedback after reporting for duty'),
      },
    },
    /** design: the operator accepts or voids a report within a working day (no source gives a limit). */
    acceptWorkingDays: {
      default: 1,
      article: 'docs/domain-rules.md#2-grid-closed-loop',
      status: 'design',
      unit: WORK,
      schema: positiveInt,
      description: d('村（社区）或乡镇受理或作废时限', 'Operator: accept or void a report'),
    },
    colour: {
      /** [U] Green: owned by the village, 7 days; also the grid's own time for a micro matter. */
      greenDays: {
        default: 7,
        article: 'docs/domain-rules.md#22-colour-grading',
        status: 'U',
        unit: CAL,
        schema: positiveInt,
        description: d(
          '绿色（村级）办结目标；微事在网格的时限',
          'Green target (owner: village); also the grid’s time for a micro matter',
        ),
      },
      /** [U] Yellow: owned by the township with a named responsible leader, 15 days. */
      yellowDays: {
        default: 15,
        article: 'docs/domain-rules.md#22-colour-grading',
        status: 'U',
        unit: CAL,
        schema: positiveInt,
        description: d('黄色（乡镇，明确责任领导）办结目标', 'Yellow target (owner: township, named leader)'),
      },
      /** [U] Red: a county leader owns the case (包案), 30 days, reported daily. */
      redDays: {
        default: 30,
        article: 'docs/domain-rules.md#22-colour-grading',
        status: 'U',
        unit: CAL,
        schema: positiveInt,
        description: d('红色（县级领导包案）办结目标', 'Red target (owner: county leader, 包案)'),
      },
      /** [U] A red case is reported every 24 hours (日报). */
      redReportHours: {
        default: 24,
        article: 'docs/domain-rules.md#22-colour-grading',
        status: 'U',
        unit: HOURS,
        schema: positive,
        description: d('红色案件每日报告间隔', 'Hours between the daily reports of a red case'),
      },
      /** Proposed: a level's time running out also raises the colour one step. */
      autoUpgradeOnOverdue: {
        default: true,
        article: 'docs/domain-rules.md#9-configurable-parameters (proposed)',
        status: 'design',
        schema: z.boolean(),
        description: d('超期自动升一色', 'An overdue case also moves up one colour'),
      },
    },
    urban: {
      /** [U] CJ/T 315-2009: acceptance (check and file) within half a working day, kept as 4 hours. */
      fileHours: {
        default: 4,
        article: 'CJ/T 315-2009 (half a working day)',
        status: 'U',
        unit: HOURS,
        schema: positive,
        description: d('信息核实立案时限（半个工作日）', 'Supervision centre: check and file (half a working day)'),
      },
      /** [U] CJ/T 315-2009: an urgent case is handled within 2 hours of dispatch. */
      urgentHours: {
        default: 2,
        article: 'CJ/T 315-2009',
        status: 'U',
        unit: HOURS,
        schema: positive,
        description: d('紧急案件处置时限（自派遣起）', 'Urgent case: handled after dispatch'),
      },
      /** [U] CJ/T 315-2009: an ordinary case is handled within 1–3 working days; the upper bound. */
      handleWorkingDays: {
        default: 3,
        article: 'CJ/T 315-2009 (1–3 working days)',
        status: 'U',
        unit: WORK,
        schema: positiveInt,
        description: d('一般案件处置时限（自派遣起）', 'Ordinary case: handled after dispatch'),
      },
    },
  },
  {
    check: (v) =>
      v.colour.greenDays <= v.colour.yellowDays && v.colour.yellowDays <= v.colour.redDays
        ? []
        : [['colour.yellowDays', 'the colour targets grow with the colour: greenDays ≤ yellowDays ≤ redDays']],
  },
)

/** The grid and urban defaults. */
export const defaultGridParameters = gridParameters.defaults
/** Resolved grid and urban parameters. */
export type GridParameters = typeof defaultGridParameters

/** The weights of the hotline composite score, one per rate. */
export interface HotlineWeights {
  readonly response: number
  readonly resolution: number
  readonly satisfaction: number
}

/**
 * The hotline ticket's service levels and the formulas of its three rates (BJ Arts. 32–33 name
 * the rates but give no formulas: every scoring parameter is [U]).
 */
export const hotlineParameters = defineParameters(
  'hotline',
  {
    /** [U] The handling unit contacts the caller within 24 hours of dispatch (BJ Art. 15). */
    contactHours: {
      default: 24,
      article: 'BJ Art. 15 (limit: docs/domain-rules.md#4-hotline-handling-on-receipt)',
      status: 'U',
      unit: HOURS,
      schema: positive,
      description: d('承办单位签收并联系诉求人时限', 'Unit: sign for the ticket and contact the caller'),
    },
    /** [U] An urgent ticket: contact within 2 hours. */
    urgentContactHours: {
      default: 2,
      article: 'BJ Art. 15 (limit: docs/domain-rules.md#4-hotline-handling-on-receipt)',
      status: 'U',
      unit: HOURS,
      schema: positive,
      description: d('紧急诉求联系时限', 'Urgent ticket: contact the caller'),
    },
    /** [U] An ordinary ticket is handled within 7 working days (BJ Art. 13 sets a deadline per category). */
    handleWorkingDays: {
      default: 7,
      article: 'BJ Art. 13 (limit: docs/domain-rules.md#4-hotline-handling-on-receipt)',
      status: 'U',
      unit: WORK,
      schema: positiveInt,
      description: d('一般诉求办理时限', 'Ordinary ticket: handling period'),
    },
    /** design: the bureau settles a dispatch objection within a working day (BJ Art. 12 sets none). */
    objectionWorkingDays: {
      default: 1,
      article: 'BJ Art. 12',
      status: 'design',
      unit: WORK,
      schema: positiveInt,
      description: d('派单异议审核时限', 'Bureau: settle a dispatch objection'),
    },
    /** design: the longest extension a unit may take, explained to the caller (BJ Art. 15 sets none). */
    maxExtensionWorkingDays: {
      default: 7,
      article: 'BJ Art. 15',
      status: 'design',
      unit: WORK,
      schema: positiveInt,
      description: d('延期办理的最长期限（须向诉求人说明）', 'Longest extension (explained to the caller)'),
    },
    /** [U] The composite's weights: response, resolution, satisfaction. */
    weights: {
      default: { response: 0.1, resolution: 0.45, satisfaction: 0.45 },
      article: 'BJ Arts. 32–33 (weights: unverified recollection of Beijing practice)',
      status: 'U',
      schema: z.object({ response: share, resolution: share, satisfaction: share }),
      format: (w: HotlineWeights) =>
        `response ${w.response} / resolution ${w.resolution} / satisfaction ${w.satisfaction}`,
      description: d(
        '综合成绩权重（响应率/解决率/满意率）',
        'Composite weights (response / resolution / satisfaction)',
      ),
    },
    /** [U] How much a "basically satisfied" answer counts in the satisfaction rate. */
    basicallySatisfiedWeight: {
      default: 1,
      article: 'BJ Arts. 32–33 (formula: docs/domain-rules.md#4-hotline-handling-on-receipt)',
      status: 'U',
      schema: share,
      description: d('“基本满意”计入满意率的权重', 'Weight of “basically satisfied” in the satisfaction rate'),
    },
    /** [U] Reviewed unreasonable requests leave the resolution and satisfaction denominators. */
    excludeUnreasonable: {
      default: true,
      article: 'BJ Arts. 32–33 (formula: docs/domain-rules.md#4-hotline-handling-on-receipt)',
      status: 'U',
      schema: z.boolean(),
      description: d(
        '经审核的不合理诉求不计入解决率、满意率分母',
        'Reviewed unreasonable requests leave the resolution and satisfaction denominators',
      ),
    },
  },
  {
    check: (v) =>
      Math.abs(v.weights.response + v.weights.resolution + v.weights.satisfaction - 1) < 1e-9
        ? []
        : [['weights', 'the three weights add up to 1']],
  },
)

/** The hotline defaults. */
export const defaultHotlineParameters = hotlineParameters.defaults
/** Resolved hotline parameters. */
export type HotlineParameters = typeof defaultHotlineParameters
