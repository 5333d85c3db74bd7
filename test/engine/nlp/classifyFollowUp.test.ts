import { describe, expect, it } from 'vitest';
import { classifyFollowUp } from '../../../src/engine/nlp/classifyFollowUp.ts';

describe('classifyFollowUp', () => {
  it.each([
    'I will send you the invite.',
    'Please email the deck to Dana.',
    'Yes, I will call their account manager today and get back to you.',
    'I will schedule a final call with him for next Monday.',
    'We need to set up a call with Dana tomorrow afternoon.',
    "I'll follow up with legal.",
    'call mom',
    'give me a call when you land',
    'please initiate a phone call to my boss',
    'set a meeting with Nancy at 4 pm',
    "I'll let the vendor know that we are late",
    'text Bob saying I will be late',
    'call me tomorrow about the contract',
  ])('is a follow-up: %s', (text) => {
    expect(classifyFollowUp(text)).toBe(true);
  });

  it.each([
    'I will fix the payment page by Friday.',
    'Where is my phone?',
    'Send twelve dollars to my savings account.',
    'Call me Bob from now on.',
    'Nice to meet you.',
    'We lost the call recording.',
    'please call me tom',
    'could you set up a timer for me',
    'book a reservation for 3 at noon',
    'send me an uber now',
    'send from my money market to my checking seven thousand dollars',
    'let me know what date it is',
  ])('is not a follow-up: %s', (text) => {
    expect(classifyFollowUp(text)).toBe(false);
  });
});
