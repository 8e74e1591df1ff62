import { defineAuth } from '@aws-amplify/backend';
import { USER_ADMIN_ACTIONS, userAdmin } from '../functions/user-admin/resource';

/**
 * Email sign-in; the three operator roles of the console are Cognito groups. People are invited
 * by ADMINS (self sign-up is switched off in amplify/backend.ts); the user-admin function gets
 * exactly the admin actions it calls.
 */
export const auth = defineAuth({
  loginWith: {
    email: true,
  },
  groups: ['ADMINS', 'OPERATORS', 'VIEWERS'],
  access: (allow) => [allow.resource(userAdmin).to([...USER_ADMIN_ACTIONS])],
});
