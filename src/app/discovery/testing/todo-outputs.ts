import { modelOf, outputsOf, plainRule } from './outputs-builder';

/**
 * Amplify's quick-start app: one Todo model with a `content` string, public API key access, no
 * storage at all.
 */
export const TODO_OUTPUTS: Record<string, unknown> = outputsOf({
  models: [modelOf('Todo', { content: 'String' }, [plainRule('public', ['create', 'update', 'delete', 'read'])])],
});
