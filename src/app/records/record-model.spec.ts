import { discoverFileFields } from '../discovery/discover-file-fields';
import { readIntrospection } from '../discovery/model-introspection';
import { EXAMPLE_OUTPUTS } from '../discovery/testing/example-outputs';
import { TODO_OUTPUTS } from '../discovery/testing/todo-outputs';
import { resolvedTemplate, selectionOf } from './model-records';
import { labelOf, recordModelOf } from './record-model';

function modelOf(outputs: Record<string, unknown>, name: string) {
  const found = discoverFileFields(outputs).models.find((m) => m.name === name)!;
  return recordModelOf(found, readIntrospection(outputs)!)!;
}

describe('recordModelOf', () => {
  it('describes a discovered model: scalar fields by kind, what the dialogs ask for, its file fields', () => {
    const product = modelOf(EXAMPLE_OUTPUTS, 'Product');
    expect(product.fields.map((f) => [f.name, f.kind, f.readOnly])).toEqual([
      ['id', 'id', true],
      ['name', 'text', false],
      ['sku', 'text', false],
      ['price', 'float', false],
      ['inStock', 'boolean', false],
      ['category', 'enum', false],
      ['createdAt', 'datetime', true],
      ['updatedAt', 'datetime', true],
    ]);
    expect(product.editable.map((f) => f.name)).toEqual(['name', 'sku', 'price', 'inStock', 'category']);
    expect(product.editable.find((f) => f.name === 'category')?.enumValues).toEqual(['TOOLS', 'GARDEN', 'KITCHEN']);
    expect(product.fileFields.map((f) => [f.discovered.field, f.field.kind, f.managed])).toEqual([
      ['imageKeys', 'many', true],
      ['manualPath', 'one', true],
    ]);
    expect(selectionOf(product)).toBe('id name sku price inStock category createdAt updatedAt imageKeys manualPath');
  });

  it('describes a model without file fields (the quick-start Todo) with none', () => {
    const todo = modelOf(TODO_OUTPUTS, 'Todo');
    expect(todo.fileFields).toEqual([]);
    expect(todo.editable.map((f) => f.name)).toContain('content');
  });

  it('names fields for people', () => {
    expect(labelOf('imageKeys')).toBe('Image keys');
    expect(labelOf('publishedOn')).toBe('Published on');
    expect(labelOf('first_name')).toBe('First name');
  });
});

describe('resolvedTemplate', () => {
  it("fills an owner folder with the signed-in user's identity id, and has none without it", () => {
    expect(resolvedTemplate('avatars/{entity_id}/{id}/{uuid}-{name}', 'avatarPath', 'us-east-1:me')).toBe(
      'avatars/us-east-1:me/{id}/{uuid}-{name}',
    );
    expect(resolvedTemplate('avatars/{entity_id}/{uuid}-{name}', 'avatarPath')).toBeUndefined();
    expect(resolvedTemplate('media/{field}/{id}/{uuid}-{name}', 'cover')).toBe('media/cover/{id}/{uuid}-{name}');
  });
});
