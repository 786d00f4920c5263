import { describe, expect, test } from "bun:test";
import { parseContainerfile } from "./containerfile-parse.ts";
import { applyMetadata, type MetaState } from "./build-metadata.ts";
import { planStages } from "./build-stages.ts";

function apply(lines: string, vars: Record<string, string> = {}): MetaState {
  const state: MetaState = { config: { Env: ["PATH=/bin"] }, shell: ["/bin/sh", "-c"] };
  for (const inst of parseContainerfile(lines).instructions) applyMetadata(inst, state, (n) => vars[n], "\\");
  return state;
}

describe("applyMetadata", () => {
  test("ENV replaces existing keys in place, supports the legacy form and substitution", () => {
    const s = apply("ENV PATH=/x:$PATH A=1\nENV B two words\nENV C=${V:-d}", {});
    expect(s.config.Env).toEqual(["PATH=/x:", "A=1", "B=two words", "C=d"]);
  });
  test("CMD / ENTRYPOINT in shell and JSON form follow SHELL", () => {
    const s = apply('CMD echo hi\nSHELL ["/bin/bash", "-xc"]\nENTRYPOINT run it\n');
    expect(s.config.Cmd).toEqual(["/bin/sh", "-c", "echo hi"]);
    expect(s.config.Entrypoint).toEqual(["/bin/bash", "-xc", "run it"]);
    expect(s.config.Shell).toEqual(["/bin/bash", "-xc"]);
  });
  test("WORKDIR resolves relative paths; EXPOSE defaults to tcp; VOLUME JSON and words", () => {
    const s = apply('WORKDIR /a\nWORKDIR b/../c\nEXPOSE 80 53/UDP 1000-1002\nVOLUME ["/v1", "/v 2"]\nVOLUME /v3 /v4\n');
    expect(s.config.WorkingDir).toBe("/a/c");
    expect(s.config.ExposedPorts).toEqual({ "80/tcp": {}, "53/udp": {}, "1000-1002/tcp": {} });
    expect(Object.keys(s.config.Volumes!)).toEqual(["/v1", "/v 2", "/v3", "/v4"]);
  });
  test("HEALTHCHECK options, NONE, and errors", () => {
    expect(apply("HEALTHCHECK --interval=1m30s --timeout=3s --start-period=1s --retries=4 CMD [\"true\"]").config.Healthcheck).toEqual({ Test: ["CMD", "true"], Interval: 90e9, Timeout: 3e9, StartPeriod: 1e9, Retries: 4 });
    expect(apply("HEALTHCHECK NONE").config.Healthcheck).toEqual({ Test: ["NONE"] });
    expect(() => apply("HEALTHCHECK --interval=x CMD true")).toThrow(/invalid duration/);
    expect(() => apply("HEALTHCHECK RUN true")).toThrow(/Unknown type/);
  });
  test("LABEL, USER, STOPSIGNAL, MAINTAINER, ONBUILD", () => {
    const s = apply('LABEL a=1 "b c"="d e"\nUSER ${U}\nSTOPSIGNAL SIGKILL\nMAINTAINER me <me@x>\nONBUILD RUN echo hi\n', { U: "nobody" });
    expect(s.config.Labels).toEqual({ a: "1", "b c": "d e" });
    expect(s.config.User).toBe("nobody");
    expect(s.config.StopSignal).toBe("SIGKILL");
    expect(s.author).toBe("me <me@x>");
    expect(s.config.OnBuild).toEqual(["RUN echo hi"]);
    expect(() => apply("ONBUILD ONBUILD RUN x")).toThrow(/isn't allowed/);
    expect(() => apply("SHELL /bin/sh")).toThrow(/JSON form/);
  });
});

describe("planStages", () => {
  const file = parseContainerfile("ARG B=busybox\nFROM $B AS one\nRUN a\nFROM one\nRUN b\nFROM scratch AS Last\nCOPY --from=one /x /x\n");
  test("stages, names and global args", () => {
    const p = planStages(file);
    expect(p.globalArgs.map((i) => i.rest)).toEqual(["B=busybox"]);
    expect(p.stages.map((s) => [s.name, s.instructions.length])).toEqual([["one", 1], [undefined, 1], ["last", 1]]);
  });
  test("--target cuts the plan; unknown target, unknown instruction and no FROM are errors", () => {
    expect(planStages(file, "ONE").stages.length).toBe(1);
    expect(() => planStages(file, "nope")).toThrow(/was not found/);
    expect(() => planStages(parseContainerfile("FROM x\nFOO y\n"))).toThrow(/Unknown instruction: "FOO"/);
    expect(() => planStages(parseContainerfile("RUN x\n"))).toThrow(/no FROM/);
  });
});
