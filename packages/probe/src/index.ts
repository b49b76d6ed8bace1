// @clusterlens/probe: clustering of hidden states (native k-means) and the agreement metrics.
export { kmeans, KMEANS_DEFAULTS, type KmeansOptions, type KmeansResult } from './kmeans.js';
export { silhouette, SILHOUETTE_SAMPLE_SIZE, type SilhouetteOptions } from './silhouette.js';
export { adjustedRandIndex } from './adjusted-rand-index.js';
export { adjustedMutualInfo } from './adjusted-mutual-info.js';
export { normalizedMutualInfo } from './normalized-mutual-info.js';
export { pairF1 } from './pair-f1.js';
export { purity } from './purity.js';
export { contingency, MAX_POINTS, type Contingency } from './contingency.js';
export { pairConfusion, type PairConfusion } from './pair-confusion.js';
export { denseLabels, type DenseLabels, type Labels } from './labels.js';
export { nearestCentroid, type NearestCentroidOptions } from './nearest-centroid.js';
export { clusterTaskMap } from './cluster-task-map.js';
export { deriveSeed } from './layer-seed.js';
export { probeLayers, PROBE_METRICS, type ProbeMetric, type ProbeOptions, type ProbeRow } from './probe-layers.js';
