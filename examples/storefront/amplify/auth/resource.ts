import { defineAuth } from '@aws-amplify/backend';

/** Email sign-in; Managers run the store, Staff keep the catalogue, Auditors look. */
export const auth = defineAuth({
  loginWith: { email: true },
  groups: ['Managers', 'Staff', 'Auditors'],
});
