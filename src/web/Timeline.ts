import type { ConversationMessage } from '../model/messages.ts';

/** One message placed on the conversation's clock. */
export interface TimedLine {
  message: ConversationMessage;
  /** Seconds from the conversation's start. */
  start: number;
  end: number;
  /** Index of the speaker in {@link Timeline.speakers}. */
  speaker: number;
}

/**
 * The conversation's messages on one clock (seconds from its start), and its speakers in the
 * order they first spoke: what the transcript, the player and the charts share.
 */
export class Timeline {
  readonly lines: TimedLine[];
  readonly speakers: string[];
  readonly duration: number;

  constructor(messages: readonly ConversationMessage[], conversationStart: string) {
    const startMs = Date.parse(conversationStart);
    const speakerIndex = new Map<string, number>();
    this.speakers = [];
    this.lines = messages.map((message) => {
      const name = speakerName(message);
      let speaker = speakerIndex.get(name);
      if (speaker === undefined) {
        speaker = this.speakers.length;
        speakerIndex.set(name, speaker);
        this.speakers.push(name);
      }
      const start = message.timeOffset ?? Math.max(0, (Date.parse(message.startTime) - startMs) / 1000);
      const length =
        message.duration ?? Math.max(0, (Date.parse(message.endTime) - Date.parse(message.startTime)) / 1000);
      return { message, start, end: start + length, speaker };
    });
    this.duration = this.lines.reduce((max, line) => Math.max(max, line.end), 0);
  }

  /** The line being spoken at `seconds` (the last one started by then), or -1 before the first. */
  indexAt(seconds: number): number {
    let low = 0;
    let high = this.lines.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.lines[mid]!.start <= seconds) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** The line of a message id. */
  lineOf(messageId: string): TimedLine | undefined {
    return this.lines.find((line) => line.message.id === messageId);
  }
}

/** How a message's speaker is named on the page. */
export function speakerName(message: ConversationMessage): string {
  return message.from.name?.trim() || message.from.userId || message.from.email || 'Unknown speaker';
}
