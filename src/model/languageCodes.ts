/**
 * The language codes Parley accepts for recognition (async-api.md 9). The streaming API accepts
 * the same list: the spec says so because the DOCS disagree on a streaming-only one.
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
