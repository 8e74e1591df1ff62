import { groupsRule, modelOf, outputsOf, ownerRule } from './outputs-builder';

/**
 * A shop app (model_introspection as Amplify's own generator writes it for its Gen 2 schema):
 * Product with a list of images under products/* and a PDF manual under manuals/*; Employee
 * owner-only (allow.owner(), HR reads) with an avatar under avatars/{entity_id}/* that only the owner
 * reaches. Groups CATALOG_EDITORS, SALES, HR.
 */
export const EXAMPLE_OUTPUTS: Record<string, unknown> = outputsOf({
  groups: ['CATALOG_EDITORS', 'SALES', 'HR'],
  models: [
    modelOf(
      'Product',
      {
        name: { type: 'String', required: true },
        sku: 'String',
        price: 'Float',
        inStock: 'Boolean',
        category: { enum: 'ProductCategory' },
        imageKeys: { type: 'String', list: true },
        manualPath: 'String',
      },
      [groupsRule(['CATALOG_EDITORS'], ['create', 'read', 'update', 'delete']), groupsRule(['SALES'], ['read'])],
    ),
    modelOf(
      'Employee',
      { fullName: { type: 'String', required: true }, email: 'AWSEmail', startDate: 'AWSDate', avatarPath: 'String' },
      [ownerRule, groupsRule(['HR'], ['read'])],
    ),
  ],
  enums: { ProductCategory: ['TOOLS', 'GARDEN', 'KITCHEN'] },
  storage: {
    bucket: 'example-files',
    paths: {
      'products/*': { groupsCATALOG_EDITORS: ['get', 'list', 'write', 'delete'], groupsSALES: ['get', 'list'] },
      'manuals/*': { groupsCATALOG_EDITORS: ['get', 'list', 'write', 'delete'], groupsSALES: ['get', 'list'] },
      'avatars/${cognito-identity.amazonaws.com:sub}/*': { entityidentity: ['get', 'list', 'write', 'delete'] },
    },
  },
});
