import { describe, expect, test } from "bun:test";
import { applyChanges, splitWords } from "./import-changes.ts";

describe("applyChanges", () => {
  test("JSON and shell forms", () => {
    const c = applyChanges({}, ['CMD ["/bin/echo", "a b"]', "ENTRYPOINT /bin/sh -x", "CMD=/bin/true"]);
    expect(c.Entrypoint).toEqual(["/bin/sh", "-c", "/bin/sh -x"]);
    expect(c.Cmd).toEqual(["/bin/sh", "-c", "/bin/true"]);
    expect(applyChanges({}, ['CMD ["a"]']).Cmd).toEqual(["a"]);
  });
  test("ENV, LABEL, EXPOSE, VOLUME, USER, WORKDIR, STOPSIGNAL", () => {
    const c = applyChanges({ Env: ["A=0"] }, ["ENV A=1 B=\"two words\"", "ENV C 3 4", "LABEL x=y", "EXPOSE 80 53/udp", 'VOLUME ["/data"]', "VOLUME /a /b", "USER 1000:1000", "WORKDIR /w", "WORKDIR sub", "STOPSIGNAL SIGINT"]);
    expect(c.Env).toEqual(["A=1", "B=two words", "C=3 4"]);
    expect(c.Labels).toEqual({ x: "y" });
    expect(c.ExposedPorts).toEqual({ "80/tcp": {}, "53/udp": {} });
    expect(Object.keys(c.Volumes!)).toEqual(["/data", "/a", "/b"]);
    expect(c.User).toBe("1000:1000");
    expect(c.WorkingDir).toBe("/w/sub");
    expect(c.StopSignal).toBe("SIGINT");
  });
  test("rejects unknown and malformed", () => {
    expect(() => applyChanges({}, ["RUN echo"])).toThrow(/not a valid change instruction/);
    expect(() => applyChanges({}, ["EXPOSE abc"])).toThrow(/invalid port/);
    expect(() => applyChanges({}, ["CMD"])).toThrow(/expected INSTRUCTION/);
  });
  test("splitWords", () => {
    expect(splitWords(`a "b c" 'd' e\\ f`)).toEqual(["a", "b c", "d", "e f"]);
  });
});
