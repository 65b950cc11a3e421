/**
 * The one reading of "a user to delete", shared by `deleteUser`, the CLI's `delete` lines and
 * `/deleteUsers` (docs/deletion.md §Who is asked for). Ids are read as events read them (a finite
 * number is its decimal string), so a deletion finds what delivery created; nothing is trimmed,
 * because `' u1'` and `'u1'` are different externalIds, but a value that is empty or only
 * whitespace counts as absent: deletion is permanent, and such a value is a template gone wrong,
 * never a person.
 */
import { InvalidEventError } from '../errors.js';
import type { UserToDelete } from './types.js';

const FIELDS = ['userId', 'anonymousId', 'email', 'phone'] as const;
/** Contacts are strings; ids may be numbers, as in events. */
const CONTACTS: ReadonlySet<string> = new Set(['email', 'phone']);

/** The user, or an `InvalidEventError` naming the field at fault. Keys other than the four are ignored. */
export function readUserToDelete(value: unknown): UserToDelete {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidEventError('A user to delete must be an object such as {"userId":"u1"}', {
      field: 'user',
    });
  }
  const user: UserToDelete = {};
  for (const field of FIELDS) {
    const given = Object.hasOwn(value, field) ? Reflect.get(value, field) : undefined;
    const read = readField(given, field);
    if (read !== undefined) user[field] = read;
  }
  if (Object.keys(user).length === 0) {
    throw new InvalidEventError(
      'A user to delete needs a non-empty userId, anonymousId, email or phone',
      {
        field: 'userId',
      },
    );
  }
  return user;
}

function readField(value: unknown, field: (typeof FIELDS)[number]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && !CONTACTS.has(field) && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value !== 'string') {
    const what = CONTACTS.has(field) ? 'a string' : 'a string or a number';
    throw new InvalidEventError(`The user's ${field} must be ${what}`, { field });
  }
  return value.trim() === '' ? undefined : value;
}
