/**
 * Context updates through immer: the one way process machines should change their context.
 *
 * @module
 */
import { produce, type Draft } from 'immer'
import {
  assign,
  type ActionFunction,
  type AnyEventObject,
  type EventObject,
  type MachineContext,
  type ParameterizedObject,
  type ProvidedActor,
} from 'xstate'

/** What an {@link update} recipe receives. */
export interface UpdateArgs<TContext extends MachineContext, TEvent extends EventObject, TParams> {
  /** A mutable draft of the context; change it in place. */
  draft: Draft<TContext>
  /** The context before the update (frozen). */
  context: TContext
  /** The event being processed. */
  event: TEvent
  /** The action's params, when used as a parameterized action. */
  params: TParams
}

/**
 * An XState `assign` action whose recipe mutates an immer draft of the context. Context stays
 * plain JSON and immutable; the recipe reads like ordinary code.
 *
 * @param recipe - mutates `draft`; its return value is ignored
 * @returns an assign action to use in a machine's `actions`
 * @example
 * ```ts
 * on: { SIGN: { actions: update(({ draft, event }) => { draft.signatures.push(event.userId) }) } }
 * ```
 */
export function update<
  TContext extends MachineContext,
  TExpressionEvent extends AnyEventObject,
  TParams extends ParameterizedObject['params'] | undefined,
  TEvent extends EventObject,
  TActor extends ProvidedActor,
>(
  recipe: (args: UpdateArgs<TContext, TExpressionEvent, TParams>) => void,
): ActionFunction<TContext, TExpressionEvent, TEvent, TParams, TActor, never, never, never, never> {
  return assign<TContext, TExpressionEvent, TParams, TEvent, TActor>(({ context, event }, params) =>
    produce(context, (draft) => {
      recipe({ draft, context, event, params })
    }),
  )
}
