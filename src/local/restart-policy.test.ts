import { expect, test } from "bun:test";
import { checkRestartWithRemove, parseRestartPolicy } from "./restart-policy.ts";

test("parses Podman's restart policies", () => {
  expect(parseRestartPolicy(undefined)).toEqual({ policy: "", retries: 0 });
  expect(parseRestartPolicy("always")).toEqual({ policy: "always", retries: 0 });
  expect(parseRestartPolicy("on-failure:3")).toEqual({ policy: "on-failure", retries: 3 });
  expect(parseRestartPolicy("unless-stopped")).toEqual({ policy: "unless-stopped", retries: 0 });
});

test("rejects bad policies with Podman's messages", () => {
  expect(() => parseRestartPolicy("bogus")).toThrow(`running container create option: "bogus" is not a valid restart policy: invalid argument`);
  expect(() => parseRestartPolicy("on-failure:x")).toThrow(`parsing restart policy retry count: strconv.Atoi: parsing "x": invalid syntax`);
  expect(() => parseRestartPolicy("always:3")).toThrow("restart policy retries can only be specified with on-failure restart policy");
  expect(() => checkRestartWithRemove(parseRestartPolicy("always"), true)).toThrow("the --rm option conflicts with --restart");
  expect(() => checkRestartWithRemove(parseRestartPolicy("no"), true)).not.toThrow();
});
