import { describe, expect, it } from 'vitest';
import {
  isCalendarDate,
  isDateTime,
  isEmail,
  isEmailRelaxed,
  isPhoneNumber,
  isUri,
  isUrl,
} from '../../../src/adapter/formats.js';

describe('isDateTime', () => {
  it('accepts RFC 3339 date-times with a zone and a real calendar day', () => {
    for (const s of [
      '2015-04-17T12:37:42.146Z',
      '2020-02-29T23:59:60+01:00',
      '2021-01-03t17:02:53z',
    ]) {
      expect(isDateTime(s)).toBe(true);
    }
  });

  it('rejects dates without a time or zone, impossible days and space separators', () => {
    for (const s of [
      '2015-04-17',
      '2015-04-17T12:37:42',
      '2021-02-29T00:00:00Z',
      '2015-04-17 12:37:42Z',
      '1801',
    ]) {
      expect(isDateTime(s)).toBe(false);
    }
  });
});

describe('isUri', () => {
  it('accepts absolute URIs and rejects relative ones or spaces', () => {
    expect(isUri('https://example.com/a.png')).toBe(true);
    expect(isUri('avatar-url')).toBe(false);
    expect(isUri('https://exa mple.com')).toBe(false);
  });
});

describe('isUrl', () => {
  it('accepts a web address with or without a scheme', () => {
    expect(isUrl('www.mattertoast873.com')).toBe(true);
    expect(isUrl('https://example.com/path?q=1')).toBe(true);
    expect(isUrl('website')).toBe(false);
  });
});

describe('emails', () => {
  it('tells a strict email from a relaxed one', () => {
    expect(isEmail('ada@example.com')).toBe(true);
    expect(isEmail('ada@localhost')).toBe(false);
    expect(isEmailRelaxed('ada@localhost')).toBe(true);
    expect(isEmailRelaxed('not an email')).toBe(false);
  });
});

describe('isPhoneNumber', () => {
  it('accepts 7 to 15 digits with + ( ) - . / and spaces, and an x or ext extension', () => {
    for (const phone of [
      '+1 (234) 557-8900',
      '555-0100',
      '+49/30/901820',
      '555-0100 ext. 12',
      '5550100x3',
    ]) {
      expect(isPhoneNumber(phone)).toBe(true);
    }
  });

  it('rejects fewer than 7 or more than 15 digits, letters and other punctuation', () => {
    for (const phone of ['555-010', '1234567890123456', 'phone', '555#0100', '555-0100 ext']) {
      expect(isPhoneNumber(phone)).toBe(false);
    }
  });
});

describe('isCalendarDate', () => {
  it('accepts real YYYY-MM-DD days only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-04-31')).toBe(false);
    expect(isCalendarDate('2024-4-1')).toBe(false);
  });
});
