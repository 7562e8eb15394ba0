export type { ClassifyContext, TaskClassifier } from './classify-task.js';
export { classifyTask, LONG_DOCUMENT_TOKENS } from './classify-task.js';
export type { EmbeddingRouterOptions } from './embedding-router.js';
export { createEmbeddingRouter } from './embedding-router.js';
export type { LocalModelOptions } from './local-model.js';
export { withLocalModel } from './local-model.js';
export { budgetGuardRules, incidentPolicy, startingPolicy } from './presets.js';
export type { RouterModel, RouterOptions } from './router-model.js';
export { createRouter } from './router-model.js';
export type {
  BalanceName,
  CandidateId,
  Capability,
  GroupConfig,
  HealthPolicyConfig,
  RangeConfig,
  RejectKind,
  RouterConfig,
  RuleConfig,
  StrategyConfig,
  StrategyName,
  Target,
  WhenConfig,
} from './rule-schema.js';
