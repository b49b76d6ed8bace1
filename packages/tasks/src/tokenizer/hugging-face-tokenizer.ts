// A word tokenizer as the files `transformers.AutoTokenizer.from_pretrained` reads: tokenizer.json (a `tokenizers`
// WordLevel model over whitespace-split words), tokenizer_config.json and special_tokens_map.json.
import type { WordTokenizer } from './word-tokenizer.js';

/** Ids of the tokens `transformers` knows by role. */
export interface SpecialTokenIds {
  bos: number;
  eos: number;
  pad: number;
  /** The separator, when the vocabulary has one (the synthetic suite's SEP). */
  sep?: number;
}

/** File name -> JSON contents. */
export type HuggingFaceTokenizerFiles = Record<'tokenizer.json' | 'tokenizer_config.json' | 'special_tokens_map.json', unknown>;

// Not a token of any vocabulary: WordLevel needs an unknown token's name, and naming one that is absent makes an unknown
// word an error when encoding, as WordTokenizer.encode makes it, instead of a silent id.
const ABSENT_UNKNOWN = '<unknown-word>';

export function huggingFaceTokenizerFiles(tokenizer: WordTokenizer, special: SpecialTokenIds, modelMaxLength: number): HuggingFaceTokenizerFiles {
  const roles = { bos_token: special.bos, eos_token: special.eos, pad_token: special.pad, ...(special.sep === undefined ? {} : { sep_token: special.sep }) };
  const specialIds = [...new Set(Object.values(roles))].sort((a, b) => a - b);
  const named = Object.fromEntries(Object.entries(roles).map(([role, id]) => [role, tokenizer.token(id)]));
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    // Special tokens are matched before splitting, and `skip_special_tokens` drops them when decoding.
    added_tokens: specialIds.map((id) => ({
      id,
      content: tokenizer.token(id),
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'WhitespaceSplit' },
    // No BOS/EOS added: the suite's sequences carry their own, so encode(decode(ids)) gives the ids back.
    post_processor: null,
    // Without a decoder, tokens are joined by single spaces: the WordTokenizer's text.
    decoder: null,
    model: { type: 'WordLevel', vocab: Object.fromEntries(tokenizer.tokens.map((token, id) => [token, id])), unk_token: ABSENT_UNKNOWN },
  };
  return {
    'tokenizer.json': tokenizerJson,
    'tokenizer_config.json': {
      tokenizer_class: 'PreTrainedTokenizerFast',
      model_max_length: modelMaxLength,
      clean_up_tokenization_spaces: false,
      ...named,
    },
    'special_tokens_map.json': named,
  };
}
