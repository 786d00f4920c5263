import { expect, test } from "bun:test";
import { parse } from "yaml";
import { toYaml } from "./yaml-lite.ts";

test("emits nested maps and lists that a YAML parser reads back unchanged", () => {
  const value = {
    host: { arch: "amd64", cpus: 2, rootless: false, version: "12", kernel: "6.1.0-13-amd64", empty: "", codename: "bookworm" },
    registries: { search: ["127.0.0.1:5000", "docker.io"] },
    plugins: { log: ["k8s-file"], network: [], volume: {} },
    list: [{ name: "a", ports: [1, 2] }, "yes", "a: b", null],
  };
  const text = toYaml(value);
  expect(parse(text)).toEqual(value);
  expect(text).toContain("host:\n  arch: amd64\n");
  expect(text).toContain('  version: "12"\n');
});
