import { defineAuth } from '@aws-amplify/backend';

/** Email sign-in; the three operator roles of the console are Cognito groups. */
export const auth = defineAuth({
  loginWith: {
    email: true,
  },
  groups: ['ADMINS', 'OPERATORS', 'VIEWERS'],
});
