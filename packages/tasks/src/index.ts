// Suites
export { buildSuite, DEFAULT_SUITE_SEED, parseSuiteConfig, suiteConfigSchema } from './suite-config.js';
export type { AnySuite, SuiteConfig, SuiteConfigInput } from './suite-config.js';
export { loadSuite, loadSuiteConfig, parseSuiteYaml } from './suite-file.js';
export { SuiteConfigError } from './config-error.js';
export type { ConfigIssue, ConfigPath } from './config-error.js';
export type { Instance, Positions, Seeded, Suite, SuiteConfigBase, Task, TaskFunction, Vocabulary } from './suite.js';

// The synthetic suite
export { syntheticSuiteSchema } from './synthetic/schema.js';
export type { SyntheticSuiteConfig, SyntheticSuiteInput } from './synthetic/schema.js';
export type { SyntheticSuite } from './synthetic/build.js';
export { SPECIAL_TOKENS, syntheticVocabulary } from './vocabulary.js';
export type { SpecialToken, SyntheticVocabulary } from './vocabulary.js';

// The natural-language suite
export { naturalSuiteSchema } from './natural/schema.js';
export type { NaturalSuiteConfig, NaturalSuiteInput } from './natural/schema.js';
export type { NaturalSuite, NaturalVocabulary } from './natural/build.js';
export { NATURAL_TASKS, NATURAL_TASK_NAMES } from './natural/task-catalog.js';
export type { NaturalTaskDefinition } from './natural/task-catalog.js';
export { INPUT_SETS } from './natural/input-sets.js';
export type { InputSetName } from './natural/input-sets.js';
export { NATURAL_ANSWER_MARKER, NATURAL_INPUT_MARKER } from './natural/format.js';
export { compactNaturalTokenizer, naturalSuiteGpt2Ids } from './natural/compact-vocabulary.js';

// Training and evaluation
export { IGNORE_LABEL, batchTensors, labelsFor } from './labels.js';
export type { LossMode } from './labels.js';
export { trainSampler } from './train-sampler.js';
export type { TrainSampler, TrainSamplerState } from './train-sampler.js';
export { evalSet } from './eval-set.js';

// Instruction regexes
export { parsePattern, PatternSyntaxError, patternWords } from './regex/syntax.js';
export type { PatternNode } from './regex/syntax.js';
export { derivationCount, enumerateLanguage, longestLength, shortestLength } from './regex/measure.js';
export { drawDistinct, NotEnoughInstructionsError, samplePattern } from './regex/sample.js';
export { instructionRegExp } from './regex/to-regexp.js';

// Tokenizers
export type { Tokenizer } from './tokenizer/tokenizer.js';
export { WordTokenizer } from './tokenizer/word-tokenizer.js';
export { CompactTokenizer } from './tokenizer/compact-tokenizer.js';
export { Gpt2Tokenizer, GPT2_END_OF_TEXT, GPT2_END_OF_TEXT_ID, GPT2_VOCAB_SIZE } from './tokenizer/gpt2-tokenizer.js';

export { huggingFaceTokenizerFiles } from './tokenizer/hugging-face-tokenizer.js';
export type { HuggingFaceTokenizerFiles, SpecialTokenIds } from './tokenizer/hugging-face-tokenizer.js';

// Task-identity tokens (a pre-training intervention)
export { insertTaskToken, taskTokenContextLength, taskTokenName, withTaskTokens } from './task-tokens.js';
export type { SyntheticSuiteWithTaskTokens, TaskTokens } from './task-tokens.js';
