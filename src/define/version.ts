/** tspod's own version and the API versions it speaks. */
export const TSPOD_VERSION = "0.1.0";
/** The Podman release whose CLI and API tspod follows. */
export const PODMAN_COMPAT_VERSION = "4.3.1";
export const DOCKER_API_VERSION = "1.41";
export const LIBPOD_API_VERSION = "4.3.1";
