// The files a trial's Hugging Face directory gets from its suite (transformers loading them is tested in
// test/python-loaders.test.ts).
import { describe, expect, it } from 'vitest';

import { GPT2_TOKEN_IDS_FILE, huggingFaceSuiteFiles, parseTrialConfig, TrialSeeds, trialSuite } from '@clusterlens/experiment';
import { Gpt2Tokenizer, GPT2_END_OF_TEXT_ID } from '@clusterlens/tasks';

describe('huggingFaceSuiteFiles', () => {
  it("gives the synthetic suite's BOS/EOS/PAD ids and its tokenizer files", () => {
    const suite = trialSuite(parseTrialConfig({}).data, new TrialSeeds(0));
    const { tokens, files } = huggingFaceSuiteFiles(suite);
    expect(tokens).toEqual({ bos: suite.vocabulary.bos, eos: suite.vocabulary.eos, pad: suite.vocabulary.pad });
    expect(Object.keys(files ?? {}).sort()).toEqual(['special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json']);
  });

  it("gives the natural suite with vocabulary gpt2 GPT-2's end-of-text id for all three and no tokenizer files (GPT-2's own apply)", () => {
    const data = parseTrialConfig({ data: { kind: 'natural', vocabulary: 'gpt2' } }).data;
    const { tokens, files } = huggingFaceSuiteFiles(trialSuite(data, new TrialSeeds(0)));
    expect(tokens).toEqual({ bos: GPT2_END_OF_TEXT_ID, eos: GPT2_END_OF_TEXT_ID, pad: GPT2_END_OF_TEXT_ID });
    expect(files).toBeUndefined();
  });

  it("gives the compact natural vocabulary its own end-of-text id and the GPT-2 id of each of its ids", () => {
    const suite = trialSuite(parseTrialConfig({ data: { kind: 'natural' } }).data, new TrialSeeds(0));
    const { tokens, files } = huggingFaceSuiteFiles(suite);
    const endOfText = suite.tokenizer.id('<|endoftext|>');
    expect(tokens).toEqual({ bos: endOfText, eos: endOfText, pad: endOfText });
    const gpt2Ids = files?.[GPT2_TOKEN_IDS_FILE] as number[];
    expect(gpt2Ids).toHaveLength(suite.vocabulary.size);
    expect(gpt2Ids[endOfText]).toBe(GPT2_END_OF_TEXT_ID);
    const text = ' Input: France Answer: Paris';
    expect(suite.tokenizer.encode(text).map((id) => gpt2Ids[id])).toEqual(Gpt2Tokenizer.get().encode(text));
  });
});
