import { expect, test } from "bun:test";
import { resolveAuthPaths } from "./auth-paths.ts";

test("--authfile wins over REGISTRY_AUTH_FILE, which wins over the default", () => {
  expect(resolveAuthPaths("/a.json", { REGISTRY_AUTH_FILE: "/b.json" }, 0)).toEqual({ primary: "/a.json", fallbacks: [], explicit: true });
  expect(resolveAuthPaths(undefined, { REGISTRY_AUTH_FILE: "/b.json" }, 0).primary).toBe("/b.json");
});

test("root uses /run/containers/0; rootless uses XDG_RUNTIME_DIR; Docker's config.json is a fallback", () => {
  const root = resolveAuthPaths(undefined, { HOME: "/root" }, 0);
  expect(root.primary).toBe("/run/containers/0/auth.json");
  expect(root.fallbacks).toEqual(["/root/.config/containers/auth.json", "/root/.docker/config.json"]);
  const user = resolveAuthPaths(undefined, { HOME: "/home/u", XDG_RUNTIME_DIR: "/run/user/1000" }, 1000);
  expect(user.primary).toBe("/run/user/1000/containers/auth.json");
  expect(resolveAuthPaths(undefined, { HOME: "/h", DOCKER_CONFIG: "/d" }, 0).fallbacks).toContain("/d/config.json");
});
