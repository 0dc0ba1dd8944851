/** The GitHub simulator: an in-memory GitHub REST API + webhook source for tests. */
export { GitHubSimulator } from "./simulator.js";
export { BOT_LOGIN, APP_SLUG } from "./model.js";
export { GitStore } from "./git-store.js";
export { loadOpenApiIndex, OpenApiIndex } from "./openapi-index.js";
export { RequestValidator } from "./request-validation.js";
export { HANDLERS } from "./http-handler.js";
export type {
  FaultSpec,
  RecordedCall,
  SimComment,
  SimCommit,
  SimEvent,
  SimIssue,
  SimPull,
  SimReaction,
  SimReview,
  SimUser,
} from "./types.js";
