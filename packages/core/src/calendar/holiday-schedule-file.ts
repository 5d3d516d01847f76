/**
 * Reading a year's holiday schedule from a file. Kept apart from `holiday-schedule.ts`, which
 * touches no file system, so that the calendar itself stays usable wherever JavaScript runs.
 *
 * @module
 */
import { readFile } from 'node:fs/promises'
import { FengqiaoError, isFengqiaoError } from '../errors.js'
import { parseHolidaySchedule, type HolidaySchedule } from './holiday-schedule.js'

/**
 * Reads and validates a year's holiday schedule from a JSON file (UTF-8), the format of
 * `docs/operations.md` ("A new year's holiday schedule").
 *
 * @param path - the file
 * @returns the schedule, frozen; pass it to `chineseCalendar({ schedules })`
 * @throws {FengqiaoError} CALENDAR_DATA_INVALID when the file cannot be read (`details.path`,
 *   `details.reason`) or its content is not a valid schedule (`details.field`, `details.date`)
 * @example
 * ```ts
 * import { chineseCalendar, createEngine, readHolidaySchedule } from '@fengqiao/core'
 *
 * const calendar = chineseCalendar({
 *   outOfRange: 'weekends-only',
 *   schedules: [await readHolidaySchedule('/etc/fengqiao/holidays-2027.json')],
 * })
 * const engine = createEngine({ store, calendar })
 * ```
 */
export async function readHolidaySchedule(path: string): Promise<HolidaySchedule> {
  if (typeof path !== 'string' || path === '')
    throw new FengqiaoError('INVALID_OPTIONS', 'readHolidaySchedule() needs a file path.', { path: String(path) })
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    const code = (e as { code?: unknown }).code
    const reason = typeof code === 'string' ? code : e instanceof Error ? e.message : 'unreadable'
    throw new FengqiaoError(
      'CALENDAR_DATA_INVALID',
      `The holiday schedule ${path} cannot be read (${reason}). Check the path and the file's permissions; nothing was loaded.`,
      { path, reason, field: '(the whole file)' },
      { cause: e },
    )
  }
  try {
    return parseHolidaySchedule(text)
  } catch (e) {
    if (!isFengqiaoError(e, 'CALENDAR_DATA_INVALID')) throw e
    // The same error, saying which file: an operator may load several years.
    throw new FengqiaoError('CALENDAR_DATA_INVALID', `${path}: ${e.message.replace(/^\[[A-Z_]+\] /, '')}`, {
      ...e.details,
      path,
    })
  }
}
