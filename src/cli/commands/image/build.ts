import fs from "node:fs";
import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, list, str, type FlagSpec } from "../../flags.ts";
import { readStdinText } from "../../read-stdin.ts";
import type { BuildOptions } from "../../../domain/build-engine.ts";

const FLAGS: FlagSpec[] = [
  { name: "annotation", type: "strings", description: "Set metadata for an image (default [])" },
  { name: "authfile", type: "string", description: "path of the authentication file." },
  { name: "cert-dir", type: "string", description: "use certificates at the specified path to access the registry" },
  { name: "creds", type: "string", description: "use `[username[:password]]` for accessing the registry" },
  { name: "build-arg", type: "strings", description: "`argument=value` to supply to the builder" },
  { name: "build-arg-file", type: "strings", description: "`argfile.conf` containing lines of argument=value to supply to the builder" },
  { name: "cache-from", type: "strings", description: "remote repository list to utilise as potential cache source." },
  { name: "cache-to", type: "strings", description: "remote repository list to utilise as potential cache destination." },
  { name: "env", type: "strings", description: "Set environment variables in the image" },
  { name: "file", short: "f", type: "strings", description: "`pathname or URL` of a Dockerfile" },
  { name: "force-rm", type: "bool", description: "Always remove intermediate containers after a build, even if the build is unsuccessful.", default: true },
  { name: "format", type: "string", description: "`format` of the built image's manifest and metadata. Use BUILDAH_FORMAT environment variable to override.", default: "oci" },
  { name: "iidfile", type: "string", description: "`file` to write the image ID to" },
  { name: "ignorefile", type: "string", description: "path to an alternate .dockerignore file" },
  { name: "label", type: "strings", description: "Set metadata for an image (default [])" },
  { name: "layers", type: "bool", description: "Use intermediate layers during build. Use BUILDAH_LAYERS environment variable to override.", default: true },
  { name: "network", type: "string", description: "Connect a container to a network" },
  { name: "no-cache", type: "bool", description: "Do not use existing cached images for the container build. Build from the start with a new set of cached layers." },
  { name: "output", short: "o", type: "string", description: "output destination (format: type=local,dest=path)" },
  { name: "platform", type: "string", description: "set the OS/ARCH[/VARIANT] of the image to the provided value instead of the current operating system and architecture of the host" },
  { name: "pull", type: "string", description: "Pull image policy (\"always\"|\"missing\"|\"never\"|\"newer\")", default: "missing" },
  { name: "quiet", short: "q", type: "bool", description: "refrain from announcing build instructions and image read/write progress" },
  { name: "rm", type: "bool", description: "Remove intermediate containers after a successful build", default: true },
  { name: "secret", type: "strings", description: "secret file to expose to the build" },
  { name: "squash", type: "bool", description: "squash all image layers into a single layer" },
  { name: "squash-all", type: "bool", description: "Squash all layers into a single layer" },
  { name: "tag", short: "t", type: "strings", description: "tagged `name` to apply to the built image" },
  { name: "target", type: "string", description: "set the target build stage to build" },
  { name: "timestamp", type: "int", description: "set created timestamp to the specified epoch seconds to allow for deterministic builds, defaults to current time" },
  { name: "tls-verify", type: "bool", description: "require HTTPS and verify certificates when accessing the registry", default: true },
  { name: "unsetenv", type: "strings", description: "Unset environment variable from final image" },
  { name: "volume", short: "v", type: "strings", description: "bind mount a volume into the container" },
];

function keyValues(entries: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf("=");
    if (eq <= 0) {
      if (what === "label") out[e] = "";
      else throw new TspodError("invalid_argument", `invalid ${what} "${e}": must be of the form key=value`);
    } else out[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return out;
}

function parseOutput(spec: string | undefined): BuildOptions["output"] {
  if (!spec) return undefined;
  if (spec === "-") throw new TspodError("invalid_argument", "--output - (tar to stdout) is not supported: use type=tar,dest=FILE");
  if (!spec.includes("=")) return { type: "local", dest: spec };
  const kv = keyValues(spec.split(","), "output");
  const type = kv.type ?? "local";
  if (type !== "local" && type !== "tar") throw new TspodError("invalid_argument", `invalid --output type "${type}": must be local or tar`);
  if (!kv.dest) throw new TspodError("invalid_argument", `invalid --output "${spec}": dest is required`);
  return { type, dest: kv.dest };
}

export const command: CommandSpec = {
  use: "build [options] [CONTEXT]",
  short: "Build an image using instructions from Containerfiles",
  long: "Builds an OCI image using instructions in one or more Containerfiles and a specified build context directory.",
  examples: ["tspod build .", "tspod build --creds=username:password -t imageName -f Containerfile.simple .", "tspod build --layers --force-rm --tag imageName ."],
  flags: FLAGS,
  async run(ctx, parsed) {
    const f = parsed.flags;
    if (parsed.args.length > 1) throw new TspodError("invalid_argument", `accepts at most 1 arg(s), received ${parsed.args.length}`);
    const format = parsed.changed.has("format") ? str(f, "format") : undefined;
    if (format !== undefined && format !== "oci" && format !== "docker") throw new TspodError("invalid_argument", `unrecognized image type "${format}"`);
    let pull = str(f, "pull") ?? "missing";
    const args0 = [...parsed.args];
    // A bare `--pull` means always (Podman's optional value); the word it swallowed is the context.
    if (!["always", "missing", "never", "newer", "true", "false", ""].includes(pull) && args0.length === 0) {
      args0.push(pull);
      pull = "always";
    }
    const policy = pull === "true" || pull === "" ? "always" : pull === "false" ? "missing" : pull;
    if (!["always", "missing", "never", "newer"].includes(policy)) throw new TspodError("invalid_argument", `invalid pull policy "${pull}"`);
    const files = list(f, "file");
    let containerfile: BuildOptions["containerfile"];
    if (files[0] === "-") containerfile = { text: await readStdinText() };
    else if (files[0]) containerfile = { path: files[0] };
    const args: string[] = [];
    for (const file of list(f, "build-arg-file")) {
      let text: string;
      try {
        text = fs.readFileSync(file, "utf8");
      } catch (err) {
        throw new TspodError("no_such_file", `reading build args file ${file}: ${(err as Error).message}`);
      }
      for (const line of text.split(/\r?\n/)) if (line.trim() && !line.trim().startsWith("#")) args.push(line.trim());
    }
    args.push(...list(f, "build-arg"));
    const buildArgs: Record<string, string> = {};
    const fromEnv: string[] = [];
    for (const a of args) {
      const eq = a.indexOf("=");
      if (eq < 0) fromEnv.push(a);
      else buildArgs[a.slice(0, eq)] = a.slice(eq + 1);
    }
    const secrets: Record<string, string> = {};
    for (const s of list(f, "secret")) {
      const kv = keyValues(s.split(","), "secret");
      const src = kv.src ?? kv.source;
      if (!kv.id || !src) throw new TspodError("invalid_argument", `invalid secret "${s}": id and src are required`);
      if (!fs.existsSync(src)) throw new TspodError("no_such_file", `secret ${kv.id}: stat ${src}: no such file or directory`);
      secrets[kv.id] = src;
    }
    const platform = str(f, "platform");
    const [os, arch, variant] = (platform ?? "").split("/");
    const timestamp = parsed.changed.has("timestamp") ? (f.timestamp as number) : undefined;
    const quiet = bool(f, "quiet");
    const engines = await ctx.engines();
    const { id } = await engines.builds.build(
      {
        context: args0[0] ?? ".",
        containerfile,
        moreContainerfiles: files.slice(1),
        tags: list(f, "tag"),
        buildArgs,
        buildArgsFromEnv: fromEnv,
        target: str(f, "target"),
        noCache: bool(f, "no-cache"),
        layers: parsed.changed.has("layers") ? bool(f, "layers") : undefined,
        pull: policy as BuildOptions["pull"],
        squash: bool(f, "squash"),
        squashAll: bool(f, "squash-all"),
        labels: keyValues(list(f, "label"), "label"),
        annotations: keyValues(list(f, "annotation"), "annotation"),
        format,
        quiet,
        network: str(f, "network"),
        secrets,
        volumes: list(f, "volume"),
        ignorefile: str(f, "ignorefile"),
        timestamp,
        output: parseOutput(str(f, "output")),
        env: list(f, "env"),
        unsetenv: list(f, "unsetenv"),
        platform: platform ? { os: os || undefined, arch: arch || undefined, variant: variant || undefined } : undefined,
        tlsVerify: parsed.changed.has("tls-verify") ? bool(f, "tls-verify") : undefined,
        creds: str(f, "creds"),
        authfile: str(f, "authfile"),
        certDir: str(f, "cert-dir"),
      },
      { stdout: (d) => ctx.out(d), stderr: (d) => ctx.err(d) },
    );
    const iid = str(f, "iidfile");
    if (iid) fs.writeFileSync(iid, id);
    ctx.out(`${id}\n`);
    return 0;
  },
};
