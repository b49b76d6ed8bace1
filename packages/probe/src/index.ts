// @clusterlens/probe: clustering of hidden states on the native engine (k-means, silhouette) and the per-layer
// probe of PROTOCOL section 3. The agreement metrics themselves live in @clusterlens/stats.
export { kmeans, KMEANS_DEFAULTS, type KmeansOptions, type KmeansResult } from './kmeans.js';
export { silhouette, SILHOUETTE_SAMPLE_SIZE, type SilhouetteOptions } from './silhouette.js';
export { nearestCentroid, type NearestCentroidOptions } from './nearest-centroid.js';
export { fitStandardizer, standardize, type Standardizer } from './standardize.js';
export { probeLayers, type ProbeOptions, type ProbeRow } from './probe-layers.js';
