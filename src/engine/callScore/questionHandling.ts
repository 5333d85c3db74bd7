import { type CallScoreInput, clampScore, type ScoredCriterion, speakerOf } from './CallScoreInput.ts';

/** An answer must start within this many seconds of the question's end. */
const ANSWER_WINDOW_SECONDS = 30;

/**
 * Question handling: the share of questions that got an answer, where an answer is a message by
 * someone other than the asker that starts within {@link ANSWER_WINDOW_SECONDS} of the question's
 * end. With no question asked the score is 50: nothing went wrong, but nobody checked
 * understanding either.
 */
export function questionHandling(input: CallScoreInput): ScoredCriterion {
  const name = 'Question handling';
  const byId = new Map(input.messages.map((m, index) => [m.id, index]));
  const asked = input.questions.length;
  if (asked === 0) {
    return {
      name,
      score: 50,
      summary: 'Nobody asked a question, so understanding was never checked.',
      feedback: {
        positive: { summary: 'No question was left hanging.' },
        negative: { summary: 'Asking a few open questions draws the other side out.' },
      },
    };
  }
  let answered = 0;
  for (const question of input.questions) {
    const indexes = question.messageIds.map((id) => byId.get(id)).filter((i) => i !== undefined);
    const last = indexes.length === 0 ? undefined : Math.max(...indexes);
    if (last === undefined) continue;
    const asker = speakerOf(input.messages[last]!);
    const askedEnd = Date.parse(input.messages[last]!.endTime);
    const reply = input.messages.slice(last + 1).find((m) => speakerOf(m) !== asker);
    if (reply !== undefined && Date.parse(reply.startTime) - askedEnd <= ANSWER_WINDOW_SECONDS * 1000)
      answered++;
  }
  const unanswered = asked - answered;
  return {
    name,
    score: clampScore((answered / asked) * 100),
    summary: `${answered} of ${asked} question${asked === 1 ? '' : 's'} got an answer from someone else within ${ANSWER_WINDOW_SECONDS} seconds.`,
    feedback: {
      positive: { summary: answered > 0 ? `${answered} answered promptly.` : 'Questions were asked.' },
      negative: {
        summary:
          unanswered > 0 ? `${unanswered} went unanswered; come back to them before the end.` : 'None.',
      },
    },
  };
}
