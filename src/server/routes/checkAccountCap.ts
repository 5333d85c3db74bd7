import { ValidationError } from '../../errors/ValidationError.ts';

/**
 * Refuses a create that would take an account over its cap of some managed thing (trackers,
 * groups, entities): `existing` already kept plus `adding` must stay within `cap`.
 * @throws ValidationError naming `subject` (the plural the cap counts), the cap and what is kept.
 */
export function checkAccountCap(subject: string, existing: number, adding: number, cap: number): void {
  if (existing + adding > cap)
    throw new ValidationError(subject, [
      { path: '', message: `an account has at most ${cap} ${subject} (it has ${existing})` },
    ]);
}
