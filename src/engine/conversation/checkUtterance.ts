import { ValidationError } from '../../errors/ValidationError.ts';
import type { InputUtterance } from '../nlp/EngineMessage.ts';

/** Latest offset accepted for an utterance or word: 100 days, far beyond any conversation. */
export const maxOffsetSeconds = 8_640_000;

/**
 * Rejects an utterance the analyzers cannot read (not an object, text not a string, times that
 * are not seconds within range, malformed speaker or words), naming every offending field.
 * @throws ValidationError
 */
export function checkUtterance(utterance: InputUtterance, ordinal: number): void {
  const subject = `utterance ${ordinal}`;
  if (typeof utterance !== 'object' || utterance === null || Array.isArray(utterance)) {
    throw new ValidationError(subject, [{ path: '', message: 'must be an object' }]);
  }
  const issues: Array<{ path: string; message: string }> = [];
  const seconds = (value: unknown): boolean =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= maxOffsetSeconds;
  if (typeof utterance.text !== 'string') issues.push({ path: 'text', message: 'must be a string' });
  if (utterance.id !== undefined && typeof utterance.id !== 'string')
    issues.push({ path: 'id', message: 'must be a string' });
  for (const key of ['start', 'end'] as const) {
    if (utterance[key] !== undefined && !seconds(utterance[key])) {
      issues.push({ path: key, message: `must be a number of seconds from 0 to ${maxOffsetSeconds}` });
    }
  }
  const speaker = utterance.speaker as unknown;
  if (speaker !== undefined) {
    if (typeof speaker !== 'object' || speaker === null || Array.isArray(speaker)) {
      issues.push({ path: 'speaker', message: 'must be an object' });
    } else {
      for (const key of ['id', 'name', 'email', 'userId'] as const) {
        const value = (speaker as Record<string, unknown>)[key];
        if (value !== undefined && typeof value !== 'string')
          issues.push({ path: `speaker.${key}`, message: 'must be a string' });
      }
    }
  }
  if (utterance.channel !== undefined && !Number.isInteger(utterance.channel)) {
    issues.push({ path: 'channel', message: 'must be an integer' });
  }
  if (utterance.words !== undefined) {
    if (!Array.isArray(utterance.words)) issues.push({ path: 'words', message: 'must be an array' });
    else {
      utterance.words.forEach((word: unknown, i) => {
        const w = word as Record<string, unknown> | null;
        if (typeof w !== 'object' || w === null)
          issues.push({ path: `words[${i}]`, message: 'must be an object' });
        else {
          if (typeof w.word !== 'string')
            issues.push({ path: `words[${i}].word`, message: 'must be a string' });
          if (!seconds(w.start))
            issues.push({
              path: `words[${i}].start`,
              message: `must be a number of seconds from 0 to ${maxOffsetSeconds}`,
            });
          if (!seconds(w.end))
            issues.push({
              path: `words[${i}].end`,
              message: `must be a number of seconds from 0 to ${maxOffsetSeconds}`,
            });
          if (w.score !== undefined && typeof w.score !== 'number')
            issues.push({ path: `words[${i}].score`, message: 'must be a number' });
        }
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(subject, issues.slice(0, 20));
}
