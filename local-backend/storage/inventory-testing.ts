import {
  INVENTORY_FIELDS,
  INVENTORY_ID,
  INVENTORY_PREFIX,
  INVENTORY_SOURCE_PREFIX,
} from '../../amplify/storage/inventory.ts';
import type { InventoryConfiguration } from './inventory-config.ts';

/** Test helper: the daily inventory `backend.ts` configures (amplify/storage/inventory.ts), with a test's changes. */
export function appInventory(changes: Partial<InventoryConfiguration> = {}): InventoryConfiguration {
  return {
    id: INVENTORY_ID,
    enabled: true,
    prefix: INVENTORY_SOURCE_PREFIX,
    includedVersions: 'Current',
    frequency: 'Daily',
    fields: INVENTORY_FIELDS,
    format: 'CSV',
    toThisBucket: true,
    destinationPrefix: INVENTORY_PREFIX,
    ...changes,
  };
}
