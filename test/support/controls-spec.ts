// The controls sweep of test/controls.test.ts: the positive control and the three negative controls of
// docs/PROTOCOL.md section 7 at a scale that fits CI: 24 trials (4 conditions x 6 seeds) of 10-20 s on one thread each,
// 141 s for test/controls.test.ts on two cores (2026-11-30).
export const CONTROLS_SPEC = `name: controls
base:
  data: { kind: synthetic, numTasks: 6, distributionsPerTask: 3, contextLength: 24 }
  model: { nLayer: 3, nHead: 2, nEmbd: 32 }
  optimizer: { lr: 0.003, warmupSteps: 30 }
  training: { steps: 800, batchSize: 32 }
  evaluation: { every: 100, early: 3, instancesPerSplit: 128, splits: [train, validation, unseen-distribution], kmeans: { nInit: 5 } }
  probe: { saveRepresentations: false }
  checkpoint: { every: 400 }
interventions:
  positive: {}
  loss-all: { training: { loss: all } }
  lexical: { data: { vocabularyMode: lexical } }
  ans: { probe: { position: ans } }
seeds: { count: 6 }
`;
