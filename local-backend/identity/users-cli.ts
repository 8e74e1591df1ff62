import { parseArgs } from 'node:util';
import { createLogger } from '../log.ts';
import type { BackendOptions } from '../options.ts';
import { ensureDataDir } from '../local-backend.ts';
import { CognitoError } from './errors.ts';
import { openIdentity } from './index.ts';

const USAGE = `usage: npm run backend -- users <command>
  list                                   users with their status and groups (and whether disabled)
  add <email> <password> [--group G] [--temporary]
                                         create a confirmed user (--temporary: must choose a new password)
  remove <email>                         delete a user
  add-to-group <email> <group>           put a user in a group
  remove-from-group <email> <group>      take a user out of a group
Backend flags such as --data-dir go before \`users\`.`;

/** `npm run backend -- users …`: works on the data directory directly; no server needed. */
export async function runUsersCommand(options: BackendOptions, args: string[]): Promise<number> {
  const fail = (message: string) => {
    console.error(message);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { group: { type: 'string' }, temporary: { type: 'boolean' } },
    });
  } catch (err) {
    return fail(`${(err as Error).message.split('. ')[0]}.\n${USAGE}`);
  }
  const [command, ...rest] = parsed.positionals;
  const { group, temporary } = parsed.values;
  if (group !== undefined && command !== 'add') return fail(`--group only goes with add.\n${USAGE}`);
  if (temporary && command !== 'add') return fail(`--temporary only goes with add.\n${USAGE}`);
  ensureDataDir(options.dataDir);
  const id = openIdentity(options.dataDir, `http://localhost:${options.port}`, createLogger('warn'));
  try {
    switch (command) {
      case 'list': {
        const users = id.store.listUsers();
        const disabled = id.store.disabledSubs();
        if (users.length === 0) console.log('No users yet.');
        for (const u of users) {
          const groups = u.groups.join(', ') || '(no group)';
          console.log(
            `${u.email.padEnd(32)} ${u.status.padEnd(22)} ${groups}${disabled.has(u.sub) ? '  (disabled)' : ''}`,
          );
        }
        return 0;
      }
      case 'add': {
        const [email, password, ...extra] = rest;
        if (!email || !password || extra.length) return fail(USAGE);
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
