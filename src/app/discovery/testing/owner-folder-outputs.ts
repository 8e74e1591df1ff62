import { modelOf, outputsOf, ownerRule, plainRule } from './outputs-builder';

/**
 * An app built like Amplify's storage tutorial: Post keeps only the file *name* in `photo` while
 * the file goes to media/{entity_id}/<name>; Note is guarded by a custom (Lambda) authorizer.
 */
export const OWNER_FOLDER_OUTPUTS: Record<string, unknown> = outputsOf({
  groups: ['MODERATORS'],
  models: [
    modelOf('Post', { caption: 'String', photo: 'String' }, [ownerRule, plainRule('private', ['read'])]),
    modelOf('Note', { text: 'String' }, [plainRule('custom')]),
  ],
  storage: {
    bucket: 'media',
    paths: {
      'media/${cognito-identity.amazonaws.com:sub}/*': { entityidentity: ['get', 'list', 'write', 'delete'] },
    },
  },
});
