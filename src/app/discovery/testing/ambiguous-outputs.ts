import { modelOf, outputsOf, plainRule } from './outputs-builder';

/**
 * A bookmarks app whose Link has `url` and `icon` strings that may or may not be storage paths;
 * storage has one path, public/*.
 */
export const AMBIGUOUS_OUTPUTS: Record<string, unknown> = outputsOf({
  models: [
    modelOf('Link', { title: { type: 'String', required: true }, url: 'String', icon: 'String', notes: 'String' }, [
      plainRule('private'),
    ]),
  ],
  storage: {
    bucket: 'links',
    paths: { 'public/*': { authenticated: ['get', 'list', 'write', 'delete'], guest: ['get', 'list'] } },
  },
});
