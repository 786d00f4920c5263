/**
 * The container lifecycle, one file per concern; this module re-exports them for callers that
 * want the whole set.
 */
export { initContainer, releaseResources } from "./container-init.ts";
export { restartContainer, startContainer } from "./container-start.ts";
export { killContainer, stopContainer } from "./container-stop.ts";
export { pauseContainer, unpauseContainer } from "./container-pause.ts";
export { removeContainer, type RemoveOptions } from "./container-remove.ts";
export { cleanupContainer } from "./container-cleanup.ts";
export { waitCondition, waitContainer } from "./container-wait.ts";
export { renameContainer, updateContainer } from "./container-update.ts";
