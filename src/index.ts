/**
 * Palestra's public API.
 *
 * @example
 * import { make } from 'palestra';
 * const env = make('CartPole-v1');
 * const { observation } = env.reset({ seed: 0 });
 */
import '../envs/index.js';

export type { Env, EnvMetadata, EnvSpec, Info, ResetOptions, ResetResult, StepResult } from './core/env.js';
export { BaseEnv } from './core/env.js';
export { Wrapper } from './core/wrapper.js';
export { Rng } from './core/rng.js';
export { PalestraError, EnvError, RegistryError, ConfigError, describeValue } from './core/errors.js';
export { resolveOptions } from './core/options.js';
export * from './core/scene.js';
export * from './core/wire.js';
export * from './core/episode-format.js';
export * from './core/base64.js';
export * as spaces from './core/spaces/index.js';
export { Box, Discrete, MultiDiscrete, MultiBinary, Dict, Tuple, Space, spaceFromJSON, flatdim, flatten, unflatten, flattenSpace, batchSpace } from './core/spaces/index.js';
export type { SpaceJSON, BoxDtype } from './core/spaces/index.js';
export { register, unregister, make, registry, parseEnvId, findRegistration } from './registry.js';
export type { EnvRegistration, EnvEntryPoint, MakeOptions } from './registry.js';
export * from './wrappers/index.js';
export { checkEnv, type CheckEnvOptions, type CheckEnvReport } from './check.js';
export { sceneFrameProblems } from './check-scene.js';
export * from './vector/index.js';
export * from './multi-agent/index.js';
export { CartPoleEnv, CartPoleVectorEnv } from '../envs/cartpole/index.js';
export { MinAtarEnv, MinAtarVectorEnv } from '../envs/minatar/index.js';
export { DroneEnv } from '../envs/drone/index.js';
export { CollisionAvoidanceEnv, ORCA_DEFAULTS, orcaActions, type RobotOutcome } from '../envs/multi-robot/index.js';
export { LaneKeepingEnv, LaneKeepingCameraEnv, generateTrack, expertSteering } from '../envs/driving/index.js';
export * as nn from './nn/index.js';
export { BACKEND_NAMES, describeBackends, selectBackend } from './backend/index.js';
export type { BackendAvailability, BackendChoice, BackendName, BackendSelection } from './backend/index.js';
export { recordEpisodes, type RecordEpisodesOptions } from './record/record-callback.js';
export { readEpisodeFile, writeEpisodeFile, type EpisodeRecording } from './record/episode-file.js';
export { listEpisodes } from './record/episode-index.js';
export { startViewer, type StartViewerOptions, type RunningViewer } from './server/live-view.js';
export { startViewerServer, type ViewerServer, type ViewerServerOptions } from './server/server.js';
export { streamEpisodes, type StreamEpisodesOptions } from './server/live-callback.js';
export { AGENTS, agentEntry, createAgent, loadAgent, DqnAgent, PpoAgent, A2cAgent, ReinforceAgent, CheckpointError } from '../agents/index.js';
export type { Agent, AgentSpaces, ActOptions, LearnOptions, AgentEntry } from '../agents/index.js';
export type { Callback, TrainingContext, EpisodeSummary } from './train/callback.js';
export { evaluatePolicy, type EvaluationResult, type EvaluationOptions } from './train/evaluate.js';
export { EvaluationCallback, CheckpointCallback, MetricsLogger, ProgressDisplay, EpisodeWindow } from './train/callbacks/index.js';
export { RunDirectory, type RunConfig } from './train/run-directory.js';
export { runTraining, type TrainingPlan, type TrainingOutcome } from './train/train-run.js';
