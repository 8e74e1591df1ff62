import { createLogger } from '../log.ts';
import type { BackendOptions } from '../options.ts';
import { ensureDataDir } from '../local-backend.ts';
import { CognitoError } from './errors.ts';
import { openIdentity } from './index.ts';

const USAGE = `usage: npm run backend -- users <command>
  list                                   users with their groups and status
  add <email> <password> [--group G] [--temporary]
                                         create a confirmed user (--temporary: must choose a new password)
  remove <email>                         delete a user
  add-to-group <email> <group>           put a user in a group
  remove-from-group <email> <group>      take a user out of a group`;

/** `npm run backend -- users …`: works on the data directory directly; no server needed. */
export async function runUsersCommand(options: BackendOptions, args: string[]): Promise<number> {
  ensureDataDir(options.dataDir);
  const id = openIdentity(options.dataDir, `http://localhost:${options.port}`, createLogger('warn'));
  const [command, ...rest] = args;
  const flag = (name: string) => {
    const i = rest.indexOf(name);
    if (i < 0) return undefined;
    const [value] = rest.splice(i, 2).slice(1);
    return value;
  };
  const fail = (message: string) => {
    console.error(message);
    return 2;
  };
  try {
    switch (command) {
      case 'list': {
        const users = id.store.listUsers();
        if (users.length === 0) console.log('No users yet.');
        for (const u of users)
          console.log(`${u.email.padEnd(32)} ${u.status.padEnd(22)} ${u.groups.join(', ') || '(no group)'}`);
        return 0;
      }
      case 'add': {
        const temporary = rest.includes('--temporary');
        if (temporary) rest.splice(rest.indexOf('--temporary'), 1);
        const group = flag('--group');
        const [email, password] = rest;
        if (!email || !password) return fail(USAGE);
        if (group && !id.groups.includes(group))
          return fail(`Unknown group ${group}; the groups are ${id.groups.join(', ')}.`);
        const user = id.userPool.createUser(email, password, temporary ? 'FORCE_CHANGE_PASSWORD' : 'CONFIRMED');
        if (group) id.store.addToGroup(user.sub, group);
        console.log(`Added ${email}${group ? ` to ${group}` : ''}.`);
        return 0;
      }
      case 'remove': {
        const user = rest[0] ? id.store.userByEmailOrSub(rest[0]) : undefined;
        if (!user) return fail(rest[0] ? `No user ${rest[0]}.` : USAGE);
        id.store.deleteUser(user.sub);
        console.log(`Removed ${user.email}.`);
        return 0;
      }
      case 'add-to-group':
      case 'remove-from-group': {
        const [email, group] = rest;
        if (!email || !group) return fail(USAGE);
        const user = id.store.userByEmailOrSub(email);
        if (!user) return fail(`No user ${email}.`);
        if (!id.groups.includes(group)) return fail(`Unknown group ${group}; the groups are ${id.groups.join(', ')}.`);
        if (command === 'add-to-group') id.store.addToGroup(user.sub, group);
        else id.store.removeFromGroup(user.sub, group);
        console.log(
          `${email}: ${id.store.groupsOf(user.sub).join(', ') || '(no group)'}. New groups apply at the next sign-in or token refresh.`,
        );
        return 0;
      }
      default:
        return fail(USAGE);
    }
  } catch (err) {
    if (err instanceof CognitoError) return fail(`${err.type}: ${err.message}`);
    throw err;
  } finally {
    id.store.close();
  }
}
