import { luhnValid } from '../../src/engine/redaction/findPaymentCards.ts';
import type { PiiType } from '../../src/engine/redaction/PiiSpan.ts';
import { seededRandom } from '../train/seededRandom.ts';

/*
 * A labelled set for PII/PCI detection, generated (seeded, so every run scores the same set) from
 * the public formats of each identifier: e-mail addresses (RFC 5322's common subset), North
 * American, UK, French, German and Indian phone numbers (E.164 and national forms), card numbers
 * of the Visa, Mastercard, Amex and Discover ranges (Luhn-valid), US Social Security numbers (the
 * SSA's issuable areas), IBANs (ISO 13616 lengths, ISO 7064 check digits), US street addresses
 * (USPS street suffixes), and first and last names. Each kind also appears the way a recogniser
 * writes it (lower case, digits said one by one). Negatives look alike: order and invoice numbers,
 * dates, times, version strings, prices, ZIP codes alone, Luhn-invalid 16-digit numbers, nine-digit
 * order numbers, IP addresses, tracking numbers, counts followed by "streets", capitalised places
 * and weekdays.
 */

/** One sentence and the identifiers in it. */
export interface LabelledText {
  text: string;
  spans: Array<{ type: PiiType; start: number; end: number }>;
  /** Whether the sentence is in a recogniser's form (lower case, spoken digits). */
  spoken: boolean;
}

const FIRST =
  'Dana Ben Ana Priya Robert Mei Carlos Fatima Olga Kwame Sofia Liam Aisha Hiroshi Elena Mateo Grace Omar Ingrid Tomasz'.split(
    ' ',
  );
const LAST =
  'Smith Johnson Lima Raman Carter Chen Garcia Haddad Petrova Mensah Rossi Murphy Khan Tanaka Novak Silva Okafor Berg Kowalski Nguyen'.split(
    ' ',
  );
const STREETS =
  'Elm Oak Maple Cedar Washington Lincoln Park Lake Hill Sunset Madison Jefferson Highland River Church'.split(
    ' ',
  );
const SUFFIXES = 'Street St Avenue Ave Road Rd Boulevard Blvd Lane Ln Drive Dr Court Way Place'.split(' ');
const CITIES = [
  ['Springfield', 'IL', '62704'],
  ['Austin', 'TX', '78701'],
  ['Portland', 'OR', '97205'],
  ['Denver', 'CO', '80202'],
];
const DOMAINS = 'example.com mail.example.org example.co.uk example.net corp.example.io'.split(' ');
const DIGIT_WORDS = 'zero one two three four five six seven eight nine'.split(' ');

type Pick = <T>(items: readonly T[]) => T;

/** A builder of one sentence: literal parts and labelled parts, joined with their offsets. */
class Sentence {
  text = '';
  readonly spans: LabelledText['spans'] = [];
  say(part: string): this {
    this.text += part;
    return this;
  }
  mark(type: PiiType, part: string): this {
    this.spans.push({ type, start: this.text.length, end: this.text.length + part.length });
    this.text += part;
    return this;
  }
}

const digits = (rnd: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
const spell = (d: string) => [...d].map((c) => DIGIT_WORDS[Number(c)]).join(' ');

function cardNumber(rnd: () => number, pick: Pick): { digits: string; amex: boolean } {
  const prefix = pick(['4', '51', '55', '2221', '34', '37', '6011', '65']);
  const amex = prefix === '34' || prefix === '37';
  const length = amex ? 15 : 16;
  const body = prefix + digits(rnd, length - prefix.length - 1);
  for (let check = 0; check < 10; check++) {
    if (luhnValid(body + check)) return { digits: body + check, amex };
  }
  throw new Error('unreachable: one check digit always passes Luhn');
}

function group(d: string, sizes: number[], separator: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(d.slice(at, at + size));
    at += size;
  }
  return parts.join(separator);
}

function iban(rnd: () => number, pick: Pick): string {
  const [country, bban] = pick([
    ['DE', () => digits(rnd, 18)],
    ['GB', () => `NWBK${digits(rnd, 14)}`],
    ['FR', () => digits(rnd, 23)],
    ['NL', () => `ABNA${digits(rnd, 10)}`],
    ['ES', () => digits(rnd, 20)],
  ] as const);
  const account = bban();
  const numeric = [...`${account}${country}00`]
    .map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c))
    .join('');
  let remainder = 0;
  for (const c of numeric) remainder = (remainder * 10 + Number(c)) % 97;
  const check = String(98 - remainder).padStart(2, '0');
  return `${country}${check}${account}`;
}

function ssn(rnd: () => number): string {
  let area: number;
  do area = 1 + Math.floor(rnd() * 899);
  while (area === 666);
  const groupNumber = 1 + Math.floor(rnd() * 99);
  const serial = 1 + Math.floor(rnd() * 9999);
  return `${String(area).padStart(3, '0')}${String(groupNumber).padStart(2, '0')}${String(serial).padStart(4, '0')}`;
}

function phone(rnd: () => number, pick: Pick): string {
  const area = `${2 + Math.floor(rnd() * 8)}${digits(rnd, 2)}`;
  const exchange = `${2 + Math.floor(rnd() * 8)}${digits(rnd, 2)}`;
  const line = digits(rnd, 4);
  return pick([
    `(${area}) ${exchange}-${line}`,
    `${area}-${exchange}-${line}`,
    `${area}.${exchange}.${line}`,
    `+1 ${area} ${exchange} ${line}`,
    `1-800-${exchange}-${line}`,
    `+44 20 ${digits(rnd, 4)} ${digits(rnd, 4)}`,
    `020 ${digits(rnd, 4)} ${digits(rnd, 4)}`,
    `+33 6 ${digits(rnd, 2)} ${digits(rnd, 2)} ${digits(rnd, 2)} ${digits(rnd, 2)}`,
    `06 ${digits(rnd, 2)} ${digits(rnd, 2)} ${digits(rnd, 2)} ${digits(rnd, 2)}`,
    `+49 30 ${digits(rnd, 8)}`,
    `+91 98${digits(rnd, 3)} ${digits(rnd, 5)}`,
  ]);
}

function address(rnd: () => number, pick: Pick, full: boolean): string {
  const base = `${1 + Math.floor(rnd() * 9899)} ${pick(STREETS)} ${pick(SUFFIXES)}`;
  if (!full) return base;
  const [city, state, zip] = pick(CITIES)!;
  const unit = rnd() < 0.5 ? `, Apt ${1 + Math.floor(rnd() * 40)}${pick(['', 'B', 'C'])}` : '';
  return `${base}${unit}, ${city}, ${state} ${zip}`;
}

/** A sentence with one identifier (written form). */
function writtenPositive(rnd: () => number, pick: Pick): Sentence {
  const first = pick(FIRST);
  const last = pick(LAST);
  const s = new Sentence();
  switch (Math.floor(rnd() * 15)) {
    case 0: {
      const local = pick([
        `${first}.${last}`,
        `${first[0]}${last}${Math.floor(rnd() * 90)}`,
        `${first}_${last}+work`,
      ]);
      return s
        .say(pick(['Please send the contract to ', 'You can reach me at ', 'My e-mail is ']))
        .mark('EMAIL_ADDRESS', `${local.toLowerCase()}@${pick(DOMAINS)}`)
        .say(pick(['.', ' before Friday.', ', thanks.']));
    }
    case 1:
      return s
        .say(pick(['Call me back on ', 'My cell is ', 'The best number is ', 'Reach the front desk at ']))
        .mark('PHONE_NUMBER', phone(rnd, pick))
        .say(pick(['.', ' after five.', ' any time.']));
    case 2: {
      const card = cardNumber(rnd, pick);
      const written = card.amex
        ? group(card.digits, [4, 6, 5], pick([' ', '-']))
        : pick([group(card.digits, [4, 4, 4, 4], ' '), group(card.digits, [4, 4, 4, 4], '-'), card.digits]);
      return s
        .say(pick(['The card number is ', 'Charge it to ', 'Please use card ']))
        .mark('CREDIT_DEBIT_CARD_NUMBER', written)
        .say(pick(['.', ', expiry next year.']));
    }
    case 3: {
      const d = ssn(rnd);
      return s
        .say(pick(['My social security number is ', 'SSN on file: ', 'For verification, it is ']))
        .mark('SSN', pick([group(d, [3, 2, 4], '-'), group(d, [3, 2, 4], ' ')]))
        .say('.');
    }
    case 4: {
      const value = iban(rnd, pick);
      const written = rnd() < 0.6 ? value.replace(/(.{4})/g, '$1 ').trim() : value;
      return s
        .say(pick(['Wire it to IBAN ', 'The account is ', 'Our bank details: ']))
        .mark('IBAN_CODE', written)
        .say('.');
    }
    case 5:
      return s
        .say(pick(['Ship it to ', 'The office moved to ', 'I live at ']))
        .mark('ADDRESS', address(rnd, pick, rnd() < 0.5))
        .say('.');
    case 6:
      return s
        .say(pick(['My name is ', 'Hi, this is ', 'Please ask ']))
        .mark('PERSON_NAME', `${first} ${last}`)
        .say(pick([' from accounts.', '.', ' to call me back.']));
    case 7:
      return s
        .say(pick(['Dear Ms. ', 'Thanks, Mr. ', 'I spoke with Dr. ']))
        .mark('PERSON_NAME', last)
        .say(pick([', see you soon.', ' this morning.']));
    case 8:
      return s
        .say('Contact: <')
        .mark(
          'EMAIL_ADDRESS',
          `${first}.${last}@${pick(DOMAINS)}`.replace(/^./, (c) => c.toUpperCase()),
        )
        .say('>');
    case 9:
      return s
        .say(pick(['From abroad dial ', 'Our London office: ']))
        .mark('PHONE_NUMBER', `0044 20 ${digits(rnd, 4)} ${digits(rnd, 4)}`)
        .say('.');
    case 10:
      return s
        .say(pick(['Call me at ', 'Text me on ']))
        .mark('PHONE_NUMBER', `555-0${digits(rnd, 3)}`)
        .say(' tonight.');
    case 11:
      return s
        .say('The desk is ')
        .mark('PHONE_NUMBER', `(${2 + Math.floor(rnd() * 8)}${digits(rnd, 2)}) 555-${digits(rnd, 4)}`)
        .say(` ext. ${digits(rnd, 3)}.`);
    case 12:
      return s
        .say('Send the papers to ')
        .mark(
          'ADDRESS',
          `${1 + Math.floor(rnd() * 2000)} ${pick(STREETS)} ${pick(['Avenue', 'Street'])} ${pick(['NW', 'SE'])}`,
        )
        .say(', second floor.');
    case 13: {
      const d = ssn(rnd);
      return s.say('SSN ').mark('SSN', d).say(' was verified.');
    }
    default:
      return s
        .mark('PERSON_NAME', `${first} ${last}`)
        .say(' confirmed the order, and the invoice goes to ')
        .mark('EMAIL_ADDRESS', `${first.toLowerCase()}@${pick(DOMAINS)}`)
        .say('.');
  }
}

/** A sentence with one identifier in a recogniser's form. */
function spokenPositive(rnd: () => number, pick: Pick): Sentence {
  const first = pick(FIRST).toLowerCase();
  const last = pick(LAST).toLowerCase();
  const s = new Sentence();
  switch (Math.floor(rnd() * 8)) {
    case 0:
      return s
        .say(pick(['my email is ', 'send it to ']))
        .mark(
          'EMAIL_ADDRESS',
          `${first} dot ${last} at ${pick(['example', 'gmail', 'acme'])} dot ${pick(['com', 'org', 'net'])}`,
        )
        .say(' please');
    case 1: {
      const d = `${2 + Math.floor(rnd() * 8)}${digits(rnd, 9)}`;
      return s
        .say(pick(['my number is ', 'call me on ', 'you can reach me at ']))
        .mark('PHONE_NUMBER', spell(d))
        .say(pick(['', ' thank you']));
    }
    case 2:
      return s
        .say(pick(['the card number is ', 'my visa is ']))
        .mark('CREDIT_DEBIT_CARD_NUMBER', spell(cardNumber(rnd, pick).digits))
        .say('');
    case 3:
      return s
        .say(pick(['my social security number is ', 'my full social is ']))
        .mark('SSN', spell(ssn(rnd)))
        .say('');
    case 4:
      return s
        .say(pick(['my name is ', 'this is ']))
        .mark('PERSON_NAME', `${first} ${last}`)
        .say(pick(['', ' calling about my bill']));
    case 5:
      return s
        .say('yeah so ')
        .mark('PERSON_NAME', first)
        .say(pick([' told me the renewal is late', ' will send the quote']));
    case 6:
      return s
        .say('my email address is ')
        .mark('EMAIL_ADDRESS', `${first}${Math.floor(rnd() * 90)} at example dot com`)
        .say('');
    default: {
      const house = spell(String(10 + Math.floor(rnd() * 989)));
      return s
        .say(pick(['i live at ', 'the address is ']))
        .mark(
          'ADDRESS',
          `${house} ${pick(STREETS).toLowerCase()} ${pick(['street', 'avenue', 'road', 'lane'])}`,
        )
        .say('');
    }
  }
}

/** A sentence with no identifier that looks like one. */
function negative(rnd: () => number, pick: Pick): Sentence {
  const s = new Sentence();
  const luhnInvalid = () => {
    let d: string;
    do d = `4${digits(rnd, 15)}`;
    while (luhnValid(d));
    return d;
  };
  return s.say(
    pick([
      `Order ${digits(rnd, 8)} ships on ${pick(['Monday', 'Tuesday', 'Friday'])}.`,
      `Invoice INV-2024-${digits(rnd, 4)} is overdue by ${2 + Math.floor(rnd() * 20)} days.`,
      `The release is version ${1 + Math.floor(rnd() * 9)}.${Math.floor(rnd() * 20)}.${Math.floor(rnd() * 30)}.`,
      `We met on ${2020 + Math.floor(rnd() * 5)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)} at 10:30.`,
      `The total came to $${1 + Math.floor(rnd() * 9)},${digits(rnd, 3)}.${digits(rnd, 2)} including tax.`,
      `Reference number ${luhnInvalid()} was rejected.`,
      `Your order number is ${digits(rnd, 9)} and it ships tomorrow.`,
      `The server at 192.168.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)} rebooted twice.`,
      `Tracking 1Z${digits(rnd, 3)}AA1${digits(rnd, 8)} shows it in ${pick(['Paris', 'Denver', 'Berlin'])}.`,
      `The ZIP code ${digits(rnd, 5)} covers downtown.`,
      `We walked past ${2 + Math.floor(rnd() * 7)} busy streets on the main road.`,
      `Room ${digits(rnd, 3)} on floor ${1 + Math.floor(rnd() * 9)} is free until ${1 + Math.floor(rnd() * 11)} pm.`,
      `Flight ${digits(rnd, 4)} to ${pick(['Tokyo', 'Lisbon', 'Chicago'])} boards at gate ${digits(rnd, 2)}.`,
      `Acme Corp raised prices by ${Math.floor(rnd() * 30)} percent in ${pick(['March', 'April', 'June'])}.`,
      `we sold twenty three licenses and ${pick(['forty', 'sixty'])} seats last quarter`,
      `the meeting is at two thirty on the fourth floor`,
      `Call the support line if the build ${digits(rnd, 4)} fails again.`,
      `The quote is valid for ${30 + Math.floor(rnd() * 60)} days from ${digits(rnd, 2)}/${digits(rnd, 2)}/2024.`,
      `Please review pull request #${digits(rnd, 4)} before the standup.`,
      `I work at acme dot com and love it`,
      `We need ${2 + Math.floor(rnd() * 8)} more Street Fighter licenses for the lounge.`,
      `Call me at ${1 + Math.floor(rnd() * 11)} pm about ticket ${digits(rnd, 7)}.`,
      `The invoice dated ${digits(rnd, 2)}.${digits(rnd, 2)}.2024 lists ${digits(rnd, 3)} units.`,
      `Between 2019 and 2024 revenue grew from ${digits(rnd, 2)} to ${digits(rnd, 3)} million.`,
      `Case ${digits(rnd, 10)} was escalated to tier two.`,
      `The phone extension for billing is ${digits(rnd, 4)}.`,
      `Washington Street is closed until ${pick(['Monday', 'noon'])}.`,
      `Please update the confirmation code ${digits(rnd, 6)} in the ticket.`,
    ]),
  );
}

/**
 * `count` labelled sentences: about 45% written identifiers, 20% spoken identifiers and 35%
 * look-alike negatives, the same for the same `seed`.
 */
export function redactionCorpus(count = 1200, seed = 15): LabelledText[] {
  const rnd = seededRandom(seed);
  const pick: Pick = (items) => items[Math.floor(rnd() * items.length)]!;
  return Array.from({ length: count }, () => {
    const roll = rnd();
    const spoken = roll >= 0.45 && roll < 0.65;
    const sentence =
      roll < 0.45 ? writtenPositive(rnd, pick) : spoken ? spokenPositive(rnd, pick) : negative(rnd, pick);
    return { text: sentence.text, spans: sentence.spans, spoken };
  });
}
