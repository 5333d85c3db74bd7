import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPii, withoutOverlaps } from '../../../src/engine/redaction/detectPii.ts';
import { luhnValid } from '../../../src/engine/redaction/findPaymentCards.ts';
import type { PiiSpan } from '../../../src/engine/redaction/PiiSpan.ts';

const found = (text: string) => detectPii(text).map((s) => [s.type, s.text, s.value]);

/** A Luhn-valid number: `prefix`, random digits, and the check digit. */
function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable');
}

describe('detectPii', () => {
  it('finds e-mail addresses as written and as a recogniser hears them', () => {
    expect(found('Write to ana.lima+quotes@example.co.uk today.')).toEqual([
      ['EMAIL_ADDRESS', 'ana.lima+quotes@example.co.uk', 'ana.lima+quotes@example.co.uk'],
    ]);
    expect(found('my email is ana dot lima at example dot com')).toEqual([
      ['EMAIL_ADDRESS', 'ana dot lima at example dot com', 'ana.lima@example.com'],
    ]);
    // A workplace is not an address.
    expect(found('i work at acme dot com')).toEqual([]);
  });

  it('finds phone numbers in national and international forms', () => {
    for (const [text, value] of [
      ['Call me on (415) 555-0123 tonight.', '4155550123'],
      ['Our desk is 1-800-555-0199.', '18005550199'],
      ['London office: +44 20 7946 0958.', '+442079460958'],
      ['Reach me at 020 7946 0958.', '02079460958'],
      ['Mon portable: 06 12 34 56 78.', '0612345678'],
      ['Dial 0044 20 7946 0958 from abroad.', '00442079460958'],
      ['call me back on four one five five five five zero one two three', '4155550123'],
    ] as const) {
      const phones = detectPii(text).filter((s) => s.type === 'PHONE_NUMBER');
      expect(
        phones.map((s) => s.value),
        text,
      ).toEqual([value]);
    }
  });

  it('leaves order numbers, dates, times, prices and versions alone', () => {
    for (const text of [
      'Your order number is 4155550123.',
      'The meeting is on 2024-03-15 at 10:30.',
      'It costs $1,299.99 per seat, 15% off.',
      'We shipped version 2.14.3 on Friday.',
      'Ticket 9717668 was closed; call me about it.',
      'The ZIP code 94107 covers our office.',
      'Reference 4111 1111 1111 1112 is not a card.',
    ]) {
      expect(
        detectPii(text).filter((s) => s.type !== 'PERSON_NAME'),
        text,
      ).toEqual([]);
    }
  });

  it('finds Luhn-valid card numbers, SSNs, IBANs and street addresses', () => {
    expect(found('Card 4111 1111 1111 1111, expiry next May.')[0]).toEqual([
      'CREDIT_DEBIT_CARD_NUMBER',
      '4111 1111 1111 1111',
      '4111111111111111',
    ]);
    expect(found('Amex 3782 822463 10005 please.')[0]?.[0]).toBe('CREDIT_DEBIT_CARD_NUMBER');
    expect(found('My SSN is 123-45-6789.')).toEqual([['SSN', '123-45-6789', '123-45-6789']]);
    // Never-issued areas are not SSNs.
    expect(found('Part 666-12-3456 shipped.')).toEqual([]);
    expect(found('Pay to DE89 3704 0044 0532 0130 00 now.')).toEqual([
      ['IBAN_CODE', 'DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
    ]);
    // A wrong check digit is not an IBAN.
    expect(found('Pay to DE88 3704 0044 0532 0130 00 now.')).toEqual([]);
    expect(found('Send it to 742 Evergreen Terrace, Springfield, IL 62704.')).toEqual([
      [
        'ADDRESS',
        '742 Evergreen Terrace, Springfield, IL 62704',
        '742 Evergreen Terrace, Springfield, IL 62704',
      ],
    ]);
    expect(found('We held 2 meetings on the main road.')).toEqual([]);
  });

  it('finds person names after an introduction, in written and recogniser text', () => {
    expect(found('Hello, my name is Zanele Mbeki.')).toContainEqual([
      'PERSON_NAME',
      'Zanele Mbeki',
      'Zanele Mbeki',
    ]);
    expect(detectPii('hi this is priya raman from support').map((s) => s.text)).toContain('priya raman');
    expect(detectPii('this is great news').map((s) => s.type)).not.toContain('PERSON_NAME');
  });

  it('finds every generated Luhn-valid Visa number, and no number failing the check', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{14}$/), (middle) => {
        const card = withCheckDigit(`4${middle}`);
        const grouped = card.replace(/(\d{4})(?=\d)/g, '$1 ');
        expect(detectPii(`card ${grouped} ok`).map((s) => s.value)).toEqual([card]);
        const wrong = `${card.slice(0, 15)}${(Number(card[15]) + 1) % 10}`;
        expect(
          detectPii(`card ${wrong.replace(/(\d{4})(?=\d)/g, '$1 ')} ok`).filter(
            (s) => s.type === 'CREDIT_DEBIT_CARD_NUMBER',
          ),
        ).toEqual([]);
      }),
    );
  });

  it('returns spans that lie in the text, in order, without overlaps, whatever the text', () => {
    const piece = fc.constantFrom(
      'call me on ',
      '(415) 555-0123',
      ' and ',
      'dana@example.com',
      'my name is Dana Smith',
      '4111 1111 1111 1111',
      ' five five five ',
      '123-45-6789',
      ' 12 Elm Street ',
      'DE89 3704 0044 0532 0130 00',
      '. ',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 10 }), (parts) => {
        const text = parts.join('');
        const spans = detectPii(text);
        spans.forEach((s, i) => {
          expect(text.slice(s.start, s.end)).toBe(s.text);
          if (i > 0) expect(s.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('withoutOverlaps', () => {
  it('keeps the surer kind of two overlapping findings', () => {
    const span = (type: PiiSpan['type'], start: number, end: number): PiiSpan => ({
      type,
      start,
      end,
      text: '',
      value: '',
    });
    expect(
      withoutOverlaps([
        span('PHONE_NUMBER', 0, 19),
        span('CREDIT_DEBIT_CARD_NUMBER', 0, 19),
        span('SSN', 25, 36),
      ]).map((s) => s.type),
    ).toEqual(['CREDIT_DEBIT_CARD_NUMBER', 'SSN']);
  });
});

describe('recogniser text', () => {
  it('reads lower-case streets and names in text capitalised only at sentence starts', () => {
    const text = 'My name is Dana whitfield. I live at 742 evergreen terrace now.';
    expect(detectPii(text).map((s) => [s.type, s.text])).toEqual([
      ['PERSON_NAME', 'Dana whitfield'],
      ['ADDRESS', '742 evergreen terrace'],
    ]);
    // Typed text with capitals elsewhere keeps asking for a capitalised street name.
    expect(
      detectPii('We met Ana in Paris and held 2 talks on the main road.').map((s) => s.type),
    ).not.toContain('ADDRESS');
  });
});
