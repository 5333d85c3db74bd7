import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';

type WinkInstance = ReturnType<typeof winkNLP>;
let instance: WinkInstance | undefined;

/**
 * The process-wide wink-nlp instance over the English lite model. Loading the model costs tens of
 * milliseconds, so it happens once, on first use.
 */
export function winkNlp(): WinkInstance {
  instance ??= winkNLP(model);
  return instance;
}
