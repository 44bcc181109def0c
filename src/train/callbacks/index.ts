export { EpisodeWindow } from './episode-window.js';
export { MetricsLogger } from './metrics-logger.js';
export { EvaluationCallback, type EvaluationCallbackOptions } from './evaluation.js';
export { CheckpointCallback } from './checkpoint.js';
export { ProgressDisplay, formatCount, formatDuration, type ProgressOptions } from './progress.js';
export { ParallelEvaluationCallback } from './parallel-evaluation.js';
