/**
 * What a caller asked of redaction (streaming `config.redaction`, the async `redaction` option, the
 * client operator): find identifiers, replace them, and with what.
 */
export interface RedactionSettings {
  /** Add the identifiers found to messages and insights as `entities` (`{type, value, text, offset}`). */
  identifyContent: boolean;
  /** Replace them by `redactionString` in everything served or stored. */
  redactContent: boolean;
  /** 1 to 16 characters (default `****`). */
  redactionString: string;
  /**
   * Keep each message's text from before redaction in `metadata.originalContent` of live
   * `message_response` frames (Parley's extension; default false, so the original goes nowhere).
   * It is never stored.
   */
  keepOriginalContent: boolean;
}

/** Symbl's defaults: nothing identified or replaced, `****` as the replacement. */
export const REDACTION_DEFAULTS: RedactionSettings = {
  identifyContent: false,
  redactContent: false,
  redactionString: '****',
  keepOriginalContent: false,
};

/** Whether `settings` asks for anything at all. */
export function redactionWanted(settings: RedactionSettings | undefined): settings is RedactionSettings {
  return settings !== undefined && (settings.identifyContent || settings.redactContent);
}
