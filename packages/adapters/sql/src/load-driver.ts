/**
 * Loads a database driver on first use, so that installing the one driver you use is enough.
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '@fengqiao/core/store'

/**
 * Loads a database driver on first use, so that installing one driver is enough.
 *
 * @throws {FengqiaoError} STORE_UNAVAILABLE naming the package to install when it is missing
 * @internal
 */
export async function loadDriver<T>(packageName: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (e) {
    throw new FengqiaoError(
      'STORE_UNAVAILABLE',
      `Cannot load the database driver '${packageName}': install it next to @fengqiao/adapter-sql (pnpm add ${packageName}).`,
      { driver: packageName },
      { cause: e },
    )
  }
}
