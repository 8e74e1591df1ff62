import { validateConsoleConfig, type ConsoleConfig } from './console-config';
import { EXAMPLE_OUTPUTS } from './testing/example-outputs';

describe('validateConsoleConfig', () => {
  it('accepts a config that settles files, naming field and columns', () => {
    const raw: ConsoleConfig = {
      models: {
        Product: {
          nameField: 'name',
          columns: ['name', 'price'],
          files: {
            imageKeys: {
              kind: 'many',
              accept: ['image/*'],
              maxBytes: 5_000_000,
              keyTemplate: 'products/{id}/{uuid}-{name}',
            },
            manualPath: { accept: ['application/pdf', '.pdf'] },
            sku: false,
          },
        },
        Employee: { files: { avatarPath: { keyTemplate: 'avatars/{entity_id}/{uuid}-{name}' } } },
      },
    };
    expect(validateConsoleConfig(raw, EXAMPLE_OUTPUTS)).toEqual({ config: raw, problems: [] });
  });

  it('refuses what is not an object, and unknown settings, by name', () => {
    expect(validateConsoleConfig([], EXAMPLE_OUTPUTS).problems).toEqual([
      'console.config.json must hold a JSON object.',
    ]);
    const { config, problems } = validateConsoleConfig(
      { model: {}, models: { Product: { colums: [] } } },
      EXAMPLE_OUTPUTS,
    );
    expect(config).toBeUndefined();
    expect(problems).toEqual([
      'console.config.json: unknown setting "model" (known: models).',
      'console.config.json: models.Product: unknown setting "colums" (known: files, nameField, columns).',
    ]);
  });

  it('refuses a template outside every storage path, without {uuid}, or outside the owner folder', () => {
    const files = {
      imageKeys: { keyTemplate: 'pictures/{id}/{uuid}-{name}' },
      manualPath: { keyTemplate: 'manuals/{id}/{name}' },
    };
    const employee = { files: { avatarPath: { keyTemplate: 'avatars/{id}/{uuid}-{name}' } } };
    const { problems } = validateConsoleConfig({ models: { Product: { files }, Employee: employee } }, EXAMPLE_OUTPUTS);
    expect(problems).toEqual([
      'console.config.json: models.Product.files.imageKeys.keyTemplate: "pictures/{id}/{uuid}-{name}" lies under no storage path (paths: products/*, manuals/*, avatars/{entity_id}/*).',
      'console.config.json: models.Product.files.manualPath.keyTemplate needs {uuid}: without it a second upload of the same name would overwrite the first.',
      "console.config.json: models.Employee.files.avatarPath.keyTemplate: files under avatars/{entity_id}/* go in their owner's folder: start the template with avatars/{entity_id}/.",
    ]);
  });

  it('refuses unknown placeholders, bad accept lists and columns that are not fields', () => {
    const raw = {
      models: {
        Product: {
          columns: ['name', 'colour'],
          files: { imageKeys: { keyTemplate: 'products/{sku}/{uuid}', accept: ['images'] } },
        },
      },
    };
    expect(validateConsoleConfig(raw, EXAMPLE_OUTPUTS).problems).toEqual([
      'console.config.json: models.Product.columns[1]: Product has no field colour.',
      'console.config.json: models.Product.files.imageKeys.accept must be a list of MIME types (image/png, image/*) or extensions (.pdf).',
      'console.config.json: models.Product.files.imageKeys.keyTemplate: unknown placeholder {sku} (known: {id}, {uuid}, {name}, {ext}, {field}, {entity_id}).',
    ]);
  });
});
