/**
 * Witnesses: where checkpoints go, outside the database the engine writes to. The point of a
 * witness is that the people who administer the database cannot rewrite it: a file on another
 * host or append-only storage, a transparency log, a notary service, the auditor's mailbox.
 *
 * @module
 */
import { appendFile, readFile } from 'node:fs/promises'
import { FengqiaoError } from '../errors.js'
import type { Checkpoint } from './checkpoint.js'

/** A place checkpoints are published to and read back from. Implement it for your witness. */
export interface Witness {
  /** Stores a checkpoint after the earlier ones; resolves once it is durable. */
  publish(checkpoint: Checkpoint): Promise<void>
  /** The last checkpoint published, or `undefined` before the first. */
  latest(): Promise<Checkpoint | undefined>
}

/**
 * A witness appending one JSON line per checkpoint to a file (created when missing). Put the
 * file where the database's administrators cannot write: another host's mount, append-only
 * (`chattr +a`) or WORM storage.
 *
 * @param path - the file
 * @returns the witness
 */
export function fileWitness(path: string): Witness {
  if (typeof path !== 'string' || path === '')
    throw new FengqiaoError('INVALID_OPTIONS', 'fileWitness() needs a file path.')
  return {
    async publish(checkpoint) {
      await appendFile(path, `${JSON.stringify(checkpoint)}\n`, { encoding: 'utf8', flush: true })
    },
    async latest() {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (e) {
        if ((e as { code?: unknown }).code === 'ENOENT') return undefined
        throw new FengqiaoError('STORE_UNAVAILABLE', `Cannot read the witness file ${path}.`, { path }, { cause: e })
      }
      const lines = text.split('\n').filter((l) => l.trim() !== '')
      const last = lines.at(-1)
      if (last === undefined) return undefined
      try {
        return JSON.parse(last) as Checkpoint
      } catch (e) {
        throw new FengqiaoError(
          'CHECKPOINT_INVALID',
          `The last line of the witness file ${path} is not JSON: the file was damaged.`,
          { path },
          { cause: e },
        )
      }
    },
  }
}

/** A witness kept in memory, for tests. */
export interface MemoryWitness extends Witness {
  /** Every checkpoint published, oldest first (tests may tamper with it). */
  readonly checkpoints: Checkpoint[]
}

/**
 * A witness in process memory, for tests and examples.
 *
 * @returns the witness
 */
export function memoryWitness(): MemoryWitness {
  const checkpoints: Checkpoint[] = []
  return {
    checkpoints,
    async publish(checkpoint) {
      checkpoints.push(structuredClone(checkpoint))
    },
    async latest() {
      const last = checkpoints.at(-1)
      return last === undefined ? undefined : structuredClone(last)
    },
  }
}
