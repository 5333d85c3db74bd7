import type { NameTag } from '../../src/engine/nlp/nameTagger.ts';

/** A sentence of a CoNLL file: its tokens and their tags in the tagger's scheme. */
export interface TaggedSentence {
  tokens: string[];
  tags: NameTag[];
}

/**
 * Sentences of a CoNLL file (`token tag` split by a tab or spaces, blank line between sentences), with each entity
 * type mapped to PER, ORG or LOC by `map` and others made O.
 */
export function readConll(text: string, map: Record<string, 'PER' | 'ORG' | 'LOC'>): TaggedSentence[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => {
      const rows = block
        .split(/\r?\n/)
        .map((l) => (l.includes('\t') ? l.split('\t') : l.split(' ')))
        .filter((p) => p.length >= 2 && p[0]!.trim() !== '');
      let open = '';
      const tags = rows.map(([, tag = 'O']) => {
        const [bio, kind = ''] = tag.trim().split('-');
        const type = map[kind];
        if (type === undefined || (bio !== 'B' && bio !== 'I')) {
          open = '';
          return 'O';
        }
        const out = bio === 'I' && open === type ? `I-${type}` : `B-${type}`;
        open = type;
        return out as NameTag;
      });
      return { tokens: rows.map(([token = '']) => token.trim()), tags };
    })
    .filter((s) => s.tokens.length > 0);
}
