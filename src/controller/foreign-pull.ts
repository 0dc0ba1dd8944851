import type { PullInfo } from "../github/reader.js";
import type { IssueRef } from "../github/repo-ref.js";
import { markerNamesRequest } from "../publishing/request-marker.js";

export { screenPull, type ScreenedPull } from "../plan/request/plan-request.js";

/** Whether the marker in a pull request's body names `ref` (owner and repository compared as GitHub does, ignoring case). */
export function pullNamesRequest(pull: PullInfo, ref: IssueRef): boolean {
  return markerNamesRequest(pull.body, ref);
}
