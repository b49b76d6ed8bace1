// The controls sweeps of test/controls.test.ts: the positive control and the three negative controls of
// docs/PROTOCOL.md section 7 at a scale that fits CI (6 lookup tasks with 3 instruction distributions each, one held
// out, context 24; 3 blocks, C=32, one head; 1600 steps of batch 32). One attention head: with two, some seeds solved
// the tasks without clustering them at SEP (final top-layer ARI 0.3 with every training answer right), and the
// positive control's comparisons sat further from their thresholds (docs/PROTOCOL.md, "Controls measured so far").
// The positive control runs 10 seeds; each negative control 4, the fewest at which a control's other claims keep their
// power (with 3 seeds `lexical` lost C1 too). 22 trials of about 20 s on one thread, two at a time:
// test/controls.test.ts takes about 220 s on two cores.

const CONTROLS_BASE = `base:
  data: { kind: synthetic, numTasks: 6, distributionsPerTask: 3, contextLength: 24 }
  model: { nLayer: 3, nHead: 1, nEmbd: 32 }
  optimizer: { lr: 0.003, warmupSteps: 30 }
  training: { steps: 1600, batchSize: 32 }
  evaluation: { every: 200, early: 3, instancesPerSplit: 128, splits: [train, validation, unseen-distribution], kmeans: { nInit: 5 } }
  probe: { saveRepresentations: false }
  checkpoint: { every: 800 }
`;

export const POSITIVE_CONTROL_SPEC = `name: positive-control
${CONTROLS_BASE}interventions:
  positive: {}
seeds: { count: 10 }
`;

export const NEGATIVE_CONTROLS_SPEC = `name: negative-controls
${CONTROLS_BASE}interventions:
  loss-all: { training: { loss: all } }
  lexical: { data: { vocabularyMode: lexical } }
  ans: { probe: { position: ans } }
seeds: { count: 4 }
`;
