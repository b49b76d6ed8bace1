// A trial's model as a Hugging Face directory that `transformers` loads with its tokenizer: the weights, a config.json
// naming the suite's own BOS/EOS/PAD ids, and (for the synthetic suite) tokenizer.json over the suite's vocabulary.
import type { Gpt, HuggingFaceDirOptions } from '@clusterlens/model';
import { CompactTokenizer, huggingFaceTokenizerFiles, WordTokenizer, type AnySuite } from '@clusterlens/tasks';

import type { TrialConfig } from './config.js';
import { TrialSeeds } from './seeds.js';
import { trainedSuite } from './task-tokens.js';

/**
 * The sequence ids and tokenizer files of a suite. The natural suite uses GPT-2's tokenizer, whose files are GPT-2's
 * own (`AutoTokenizer.from_pretrained('gpt2')`), so only its ids are written; with its compact vocabulary, also
 * `gpt2_token_ids.json`, the GPT-2 id of each of the model's ids, to map GPT-2's encodings onto the model's.
 */
export function huggingFaceSuiteFiles(suite: AnySuite): HuggingFaceDirOptions {
  const { bos, eos, pad } = suite.vocabulary;
  const tokens = { bos, eos, pad };
  if (suite.tokenizer instanceof CompactTokenizer) return { tokens, files: { [GPT2_TOKEN_IDS_FILE]: suite.tokenizer.baseIds } };
  if (!(suite.tokenizer instanceof WordTokenizer)) return { tokens };
  const sep = suite.kind === 'synthetic' ? suite.vocabulary.sep : undefined;
  return { tokens, files: huggingFaceTokenizerFiles(suite.tokenizer, { ...tokens, sep }, suite.contextLength) };
}

/** The file of a compact natural vocabulary's map: a JSON list, the GPT-2 id of model id i at index i. */
export const GPT2_TOKEN_IDS_FILE = 'gpt2_token_ids.json';

/**
 * Writes `gpt` to `dir` with the files of the suite that `config` trains on (rebuilt from the config and its seed),
 * its task tokens included when the config has them.
 */
export async function saveTrialModel(gpt: Gpt, config: TrialConfig, dir: string): Promise<void> {
  const suite = trainedSuite(config, new TrialSeeds(config.seed));
  await gpt.saveHuggingFace(dir, huggingFaceSuiteFiles(suite));
}
