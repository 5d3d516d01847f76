/**
 * Public types of personal-data protection: what a process declares personal, and how the
 * engine is given its keys.
 *
 * @module
 */
import type { Actor } from '../store/types.js'

/**
 * The personal fields of a process (个人信息保护法): names, id numbers, phone numbers, addresses.
 * Each is a dot path; `*` steps into every element of an array (`parties.*.phone`).
 *
 * With the engine's `privacy` option set, these values are stored encrypted, handed decrypted only
 * to authorized readers, covered by the history chain through a keyed digest, and can be erased.
 */
export interface PersonalFields {
  /** Paths into the case's context, for example `'petitioner.idNumber'`. */
  readonly context?: readonly string[]
  /** Paths into the start input (recorded in the first history entry). */
  readonly input?: readonly string[]
  /** Paths into an event's payload, per event type. */
  readonly events?: Readonly<Record<string, readonly string[]>>
  /**
   * Roles that read personal values in clear. Other readers of the case (and its parties, who
   * always read their own case in clear) see `{ $fq: 'redacted' }` in their place.
   * @defaultValue every actor the process's read policy lets read the case
   */
  readonly readers?: readonly string[]
}

/** Which cipher seals personal values. */
export type PrivacyCipher = 'aes-256-gcm' | 'sm4'

/**
 * The engine's `privacy` option: master keys that never reach the database.
 *
 * Each personal value is sealed with its own random data key, which the current master key wraps.
 * Rotation: add a new key and make it `current`; new values are sealed with it, old values stay
 * readable while their key is still listed, and `engine.rekey()` re-seals them under the new one.
 */
export interface PrivacyOptions {
  readonly keys: {
    /** The id of the key new values are sealed with. */
    readonly current: string
    /** Master keys by id: at least 32 bytes, as bytes or hex/base64 text. */
    readonly keys: Readonly<Record<string, Uint8Array | string>>
  }
  /**
   * `'aes-256-gcm'`, or `'sm4'` (国密: SM4-CTR with HMAC-SM3, from the platform's OpenSSL) where
   * required. Values sealed with either stay readable whatever the option says now.
   * @defaultValue `'aes-256-gcm'`
   */
  readonly cipher?: PrivacyCipher
  /**
   * How long closed cases are kept before `engine.purge` may remove them: a duration like `'5y'`…
   * in milliseconds or as text (`'3650d'`). Without it, `purge` needs an explicit `closedBefore`.
   */
  readonly retention?: number | string
  /** Roles allowed to erase, purge and rekey. @defaultValue the engine's `adminRoles` */
  readonly adminRoles?: readonly string[]
}

/** A sealed personal value, as the database holds it. */
export interface SealedValue {
  readonly $fq: 'enc'
  /** Master key id. */
  readonly k: string
  /** Cipher. */
  readonly c: PrivacyCipher
  /** The data key wrapped by the master key: iv.ciphertext.tag, base64. */
  readonly w: string
  /** The value sealed by the data key: iv.ciphertext.tag, base64. */
  readonly v: string
  /** Keyed digest of the value: what the history chain covers. */
  readonly d: string
}

/** An erased personal value: only the digest the chain covers remains. */
export interface ErasedValue {
  readonly $fq: 'erased'
  readonly d: string
}

/** What an unauthorized reader sees in place of a personal value. */
export interface RedactedValue {
  readonly $fq: 'redacted'
}

/** Options of `engine.erase`. */
export interface EraseOptions {
  /** Who erases; needs a privacy admin role. */
  readonly actor: Actor
  /** Why (a request of the person, a court order…), recorded in the history entry. */
  readonly reason: string
  /**
   * Personal context paths to erase; the same paths in the start input and event payloads go too.
   * @defaultValue every personal value of the case, in the context and the whole history
   */
  readonly fields?: readonly string[]
}

/** Options of `engine.rekey`. */
export interface RekeyOptions {
  /** Who rekeys; needs a privacy admin role. */
  readonly actor: Actor
  /** Why (a key retired, a suspected leak), reported in the `admin` observation event. */
  readonly reason: string
  /** Cases read per page, 1 to 1000. @defaultValue 100 */
  readonly batchSize?: number
}

/** Options of `engine.purge`. */
export interface PurgeOptions {
  /** Who purges; needs a privacy admin role. */
  readonly actor: Actor
  /** Why, reported in the `admin` observation event. */
  readonly reason: string
  /**
   * Remove cases completed before this time (a Date or epoch ms). It may not be later than the
   * configured retention allows. @defaultValue now minus `privacy.retention`
   */
  readonly closedBefore?: Date | number
  /** Cases removed per store call, 1 to 1000. @defaultValue 100 */
  readonly batchSize?: number
}
