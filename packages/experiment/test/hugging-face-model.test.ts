// The files a trial's Hugging Face directory gets from its suite (transformers loading them is tested in
// test/python-loaders.test.ts).
import { describe, expect, it } from 'vitest';

import { huggingFaceSuiteFiles, parseTrialConfig, TrialSeeds, trialSuite } from '@clusterlens/experiment';
import { GPT2_END_OF_TEXT_ID } from '@clusterlens/tasks';

describe('huggingFaceSuiteFiles', () => {
  it("gives the synthetic suite's BOS/EOS/PAD ids and its tokenizer files", () => {
    const suite = trialSuite(parseTrialConfig({}).data, new TrialSeeds(0));
    const { tokens, files } = huggingFaceSuiteFiles(suite);
    expect(tokens).toEqual({ bos: suite.vocabulary.bos, eos: suite.vocabulary.eos, pad: suite.vocabulary.pad });
    expect(Object.keys(files ?? {}).sort()).toEqual(['special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json']);
  });

  it("gives the natural suite GPT-2's end-of-text id for all three and no tokenizer files (GPT-2's own apply)", () => {
    const { tokens, files } = huggingFaceSuiteFiles(trialSuite(parseTrialConfig({ data: { kind: 'natural' } }).data, new TrialSeeds(0)));
    expect(tokens).toEqual({ bos: GPT2_END_OF_TEXT_ID, eos: GPT2_END_OF_TEXT_ID, pad: GPT2_END_OF_TEXT_ID });
    expect(files).toBeUndefined();
  });
});
