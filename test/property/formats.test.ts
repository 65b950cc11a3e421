import fc from 'fast-check';
import { describe, it } from 'vitest';
import { isEmail, isEmailRelaxed, isPhoneNumber, isUri, isUrl } from '../../src/schema/formats.js';
import { SEED } from './arbitraries.js';

/** The regexes the char-loop predicates replaced: each predicate must agree with its reference. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const URL_LIKE =
  /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^\s/?#.]+(?:\.[^\s/?#.]+)+(?::\d+)?(?:[/?#][^\s]*)?$/;
const EMAIL =
  /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const EMAIL_RELAXED = /^[^\s@]+@[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ().-]*$/;

const reference = {
  isUri: (v: string) => URI.test(v),
  isUrl: (v: string) => URL_LIKE.test(v),
  isEmail: (v: string) => v.length <= 254 && EMAIL.test(v),
  isEmailRelaxed: (v: string) => v.length <= 256 && EMAIL_RELAXED.test(v),
  isPhoneNumber: (v: string) => {
    if (!PHONE.test(v)) return false;
    const digits = v.replace(/[^0-9]/g, '').length;
    return digits >= 3 && digits <= 20;
  },
};

/** Every whitespace `\s` matches, and the characters the formats treat specially. */
const SPACES = [
  ' ',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
  '\u180e',
  '\u200b',
];
const SPECIAL = [...':/?#.@+-_()",;<>[\\]%=&~!'.split(''), 'é', '\u00ff', '\ud800'];
const LETTERS = ['a', 'Z', 'h', 't', 'p', 's', 'w', 'x', '0', '1', '9'];

/** Strings over an alphabet that reaches every branch, plus templates near the accepted shapes. */
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...LETTERS) },
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 1, arbitrary: fc.constantFrom(...SPACES) },
);
const piece = fc.string({ unit, maxLength: 8 });
const shaped = fc
  .tuple(
    fc.constantFrom(
      '',
      'https://',
      'http:',
      'a.b://',
      'x+1-2.y://',
      '1a://',
      'mailto:',
      '+',
      '+1 ',
    ),
    piece,
    fc.constantFrom('', '.', '@', ':', ':80', '/', '?', '#', '..', '-', '.-'),
    piece,
    fc.constantFrom('', '.com', '.c-o.uk', '/p ath', '?q=1', '#f', '.', '-', '@x.io', ' 555'),
    piece,
  )
  .map((parts) => parts.join(''));
const candidates = fc.oneof(
  shaped,
  fc.string({ unit, maxLength: 40 }),
  fc.string(),
  fc.webUrl(),
  fc.emailAddress(),
  fc.string({ unit: fc.constantFrom(...'0123456789 ().-+x'.split('')), maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('a', '@', '.', '-'), minLength: 250, maxLength: 260 }),
);

const pairs: [string, (value: string) => boolean, (value: string) => boolean][] = [
  ['isUri', isUri, reference.isUri],
  ['isUrl', isUrl, reference.isUrl],
  ['isEmail', isEmail, reference.isEmail],
  ['isEmailRelaxed', isEmailRelaxed, reference.isEmailRelaxed],
  ['isPhoneNumber', isPhoneNumber, reference.isPhoneNumber],
];

describe('format predicates', () => {
  for (const [name, check, ref] of pairs) {
    it(`${name} agrees with the regular expression it replaced`, () => {
      fc.assert(
        fc.property(candidates, (s) => check(s) === ref(s)),
        { seed: SEED, numRuns: 40_000 },
      );
    });
  }
});
