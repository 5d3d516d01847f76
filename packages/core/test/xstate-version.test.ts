import * as xstate from 'xstate'
import { describe, expect, it } from 'vitest'

// The `core-xstate-lowest` project runs the engine's tests on xstate 5.23.0 (the floor of core's
// dependency range); `core` on the newest in the lockfile. `getNextTransitions` only exists in the
// newer one, so this proves each project runs the xstate it says it does.
describe('the xstate this project runs on', () => {
  it(
    process.env.FENGQIAO_XSTATE === 'lowest' ? 'is the lowest supported (5.23)' : 'is the newest in the lockfile',
    () => {
      expect('getNextTransitions' in xstate).toBe(process.env.FENGQIAO_XSTATE !== 'lowest')
    },
  )
})
