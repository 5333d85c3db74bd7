/**
 * The language codes Parley accepts for recognition, the Async API's list. The Streaming API
 * accepts the same list, because Symbl's documentation pages disagree on a streaming-only one.
 */
export const LANGUAGE_CODES = [
  'en-US',
  'en-GB',
  'en-AU',
  'en-IE',
  'en-IN',
  'en-ZA',
  'ru-RU',
  'fr-CA',
  'fr-FR',
  'de-DE',
  'it-IT',
  'nl-NL',
  'ja-JP',
  'es-US',
  'es-ES',
  'ar-SA',
  'hi-IN',
  'pt-BR',
  'pt-PT',
  'fa-IR',
] as const;
