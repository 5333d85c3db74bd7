import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';

type WinkInstance = ReturnType<typeof winkNLP>;
let instance: WinkInstance | undefined;

/**
 * The process-wide wink-nlp instance over the English lite model. Loading the model costs tens of
 * milliseconds, so it happens once, on first use. Only sentence boundaries and part-of-speech
 * tags (which lemmas follow) are computed: the analyzers read nothing else, and the negation,
 * sentiment and entity passes would cost a third of the time.
 */
export function winkNlp(): WinkInstance {
  instance ??= winkNLP(model, ['sbd', 'pos']);
  return instance;
}
