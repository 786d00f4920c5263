// Signature policy (policy.json) on pull, `image trust show/set` and `image sign`, with real keys
// generated here: a GnuPG key (simple signing, lookaside store from registries.d) and an ECDSA
// P-256 key (sigstore signature pushed to the registry as an OCI artifact).

import { beforeAll, describe, expect, test } from "bun:test";
import { createHash, generateKeyPairSync, sign as cryptoSign, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HEX64, parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "trust" });

let home: string; // HOME for tspod: ~/.config/containers/registries.d lives here
let gnupg: string;
let pubKey: string; // exported GPG public key (binary)
let otherPubKey: string; // a key that signed nothing
let sigDir: string;
let ecPub: string; // PEM
let ecPriv: KeyObject;

function gpg(args: string[], home = gnupg): string {
  const r = Bun.spawnSync({ cmd: ["gpg", "--batch", "--homedir", home, ...args], stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`gpg ${args.join(" ")}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

function writePolicy(name: string, docker: Record<string, unknown[]>, def: unknown[] = [{ type: "insecureAcceptAnything" }]): string {
  const p = join(t.tmp, name);
  writeFileSync(p, JSON.stringify({ default: def, transports: { docker } }));
  return p;
}

let insecureConf: string;
const env = () => ({ HOME: home, GNUPGHOME: gnupg, CONTAINERS_REGISTRIES_CONF: insecureConf });

/** gpg starts agents on demand; stop them so nothing outlives the test. */
function killAgents(): void {
  for (const h of [gnupg, join(t.tmp, "gnupg-other")]) Bun.spawnSync({ cmd: ["gpgconf", "--homedir", h, "--kill", "gpg-agent"], stdout: "ignore", stderr: "ignore" });
}

function pullArgs(policy: string, ref: string, store?: string): string[] {
  return ["pull", "--tls-verify=false", "--signature-policy", policy, ref];
}

async function manifestDigest(repo: string, tag = "latest"): Promise<string> {
  const res = await fetch(`http://${t.host}/v2/${repo}/manifests/${tag}`, {
    method: "HEAD",
    headers: { Accept: "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json" },
  });
  return res.headers.get("docker-content-digest")!;
}

async function pushBlob(repo: string, data: Uint8Array): Promise<{ digest: string; size: number }> {
  const digest = "sha256:" + createHash("sha256").update(data).digest("hex");
  const start = await fetch(`http://${t.host}/v2/${repo}/blobs/uploads/`, { method: "POST" });
  expect(start.status).toBe(202);
  const loc = new URL(start.headers.get("location")!, `http://${t.host}`);
  loc.searchParams.set("digest", digest);
  const put = await fetch(loc, { method: "PUT", body: data, headers: { "Content-Type": "application/octet-stream" } });
  expect(put.status).toBe(201);
  return { digest, size: data.length };
}

/** Attaches a cosign-style signature of `payload` to `repo@digest` (tag sha256-<hex>.sig). */
async function pushSigstoreSignature(repo: string, digest: string, payload: Uint8Array, signature: Uint8Array): Promise<void> {
  const cfg = await pushBlob(repo, new TextEncoder().encode("{}"));
  const layer = await pushBlob(repo, payload);
  const manifest = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", ...cfg },
    layers: [{
      mediaType: "application/vnd.dev.cosign.simplesigning.v1+json",
      ...layer,
      annotations: { "dev.cosignproject.cosign/signature": Buffer.from(signature).toString("base64") },
    }],
  };
  const res = await fetch(`http://${t.host}/v2/${repo}/manifests/sha256-${digest.slice(7)}.sig`, {
    method: "PUT",
    body: JSON.stringify(manifest),
    headers: { "Content-Type": "application/vnd.oci.image.manifest.v1+json" },
  });
  expect(res.status).toBe(201);
}

function simplePayload(ref: string, digest: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({
    critical: { identity: { "docker-reference": ref }, image: { "docker-manifest-digest": digest }, type: "atomic container signature" },
    optional: { creator: "trust.test" },
  }));
}

beforeAll(() => {
  home = join(t.tmp, "home");
  gnupg = join(t.tmp, "gnupg");
  sigDir = join(t.tmp, "sigs");
  mkdirSync(join(home, ".config/containers/registries.d"), { recursive: true });
  mkdirSync(gnupg, { mode: 0o700 });
  insecureConf = t.writeRegistriesConf("insecure.conf", { insecure: [t.host] });
  gpg(["--passphrase", "", "--quick-gen-key", "Trust Test <trust@example.com>", "ed25519", "sign", "never"]);
  pubKey = join(t.tmp, "trust.gpg");
  writeFileSync(pubKey, Buffer.from(gpg(["--export", "--armor", "trust@example.com"])));
  const other = join(t.tmp, "gnupg-other");
  mkdirSync(other, { mode: 0o700 });
  gpg(["--passphrase", "", "--quick-gen-key", "Other <other@example.com>", "ed25519", "sign", "never"], other);
  otherPubKey = join(t.tmp, "other.gpg");
  const exported = Bun.spawnSync({ cmd: ["gpg", "--batch", "--homedir", other, "--export", "other@example.com"], stdout: "pipe" });
  writeFileSync(otherPubKey, exported.stdout);
  writeFileSync(
    join(home, ".config/containers/registries.d/test.yaml"),
    `docker:\n  ${t.host}:\n    lookaside: file://${sigDir}\n    use-sigstore-attachments: true\n`,
  );
  const kp = generateKeyPairSync("ec", { namedCurve: "P-256" });
  ecPriv = kp.privateKey;
  ecPub = join(t.tmp, "cosign.pub");
  writeFileSync(ecPub, kp.publicKey.export({ type: "spki", format: "pem" }));
  killAgents();
});

describe("policy.json on pull", () => {
  test("reject: Podman's error, exit 125, nothing stored", async () => {
    const policy = writePolicy("reject.json", { [`${t.host}/busybox`]: [{ type: "reject" }] });
    const store = t.newStore("reject");
    const r = await t.tspod(pullArgs(policy, t.img("busybox")), { store, env: env() });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain(`Error: Source image rejected: Running image docker://${t.img("busybox")} is rejected by policy.`);
    const imgs = await t.ok(["images", "-q"], { store });
    expect(imgs.out).toBe("");
  });

  test("most specific scope wins: registry rejects, repository accepts", async () => {
    const policy = writePolicy("scopes.json", {
      [t.host]: [{ type: "reject" }],
      [`${t.host}/busybox`]: [{ type: "insecureAcceptAnything" }],
    });
    const store = t.newStore("scopes");
    const ok = await t.tspod(pullArgs(policy, t.img("busybox")), { store, env: env() });
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(HEX64);
    const bad = await t.tspod(pullArgs(policy, t.img("layered")), { store, env: env() });
    expect(bad.code).toBe(125);
    expect(bad.stderr).toContain("is rejected by policy.");
  });

  test("default reject applies to unlisted registries", async () => {
    const policy = writePolicy("default-reject.json", {}, [{ type: "reject" }]);
    const r = await t.tspod(pullArgs(policy, t.img("busybox")), { store: t.newStore("defrej"), env: env() });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("rejected by policy");
  });

  test("invalid policy.json is a clear error", async () => {
    const p = join(t.tmp, "broken.json");
    writeFileSync(p, "{nope");
    const r = await t.tspod(pullArgs(p, t.img("busybox")), { store: t.newStore("broken"), env: env() });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("invalid policy");
  });
});

describe("simple signing (GPG)", () => {
  test("image sign writes signature-1 into the lookaside layout", async () => {
    const r = await t.tspod(["image", "sign", "--sign-by", "trust@example.com", "-d", sigDir, t.img("busybox")], { env: env() });
    killAgents();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const digest = await manifestDigest("busybox");
    const file = join(sigDir, `busybox@sha256=${digest.slice(7)}`, "signature-1");
    expect(existsSync(file)).toBe(true);
    // a real OpenPGP signed message over the simple-signing payload
    const out = Bun.spawnSync({ cmd: ["gpg", "--batch", "--homedir", gnupg, "--decrypt", file], stdout: "pipe", stderr: "pipe" });
    killAgents();
    const payload = JSON.parse(out.stdout.toString());
    expect(payload.critical.identity["docker-reference"]).toBe(t.img("busybox"));
    expect(payload.critical.image["docker-manifest-digest"]).toBe(digest);
    expect(payload.critical.type).toBe("atomic container signature");
  });

  test("signedBy accepts the signed image", async () => {
    const policy = writePolicy("signed.json", { [t.host]: [{ type: "signedBy", keyType: "GPGKeys", keyPath: pubKey }] });
    const r = await t.tspod(pullArgs(policy, t.img("busybox")), { store: t.newStore("signed"), env: env() });
    expect(r.stderr).not.toContain("Error");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(HEX64);
  });

  test("signedBy with keyData (base64 of the key) works too", async () => {
    const keyData = Buffer.from(readFileSync(pubKey)).toString("base64");
    const policy = writePolicy("keydata.json", { [t.host]: [{ type: "signedBy", keyType: "GPGKeys", keyData }] });
    const r = await t.tspod(pullArgs(policy, t.img("busybox")), { store: t.newStore("keydata"), env: env() });
    expect(r.code).toBe(0);
  });

  test("signedBy rejects an unsigned image", async () => {
    const policy = writePolicy("signed2.json", { [t.host]: [{ type: "signedBy", keyType: "GPGKeys", keyPath: pubKey }] });
    const r = await t.tspod(pullArgs(policy, t.img("layered")), { store: t.newStore("unsigned"), env: env() });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("Source image rejected: A signature was required, but no signature exists");
  });

  test("signedBy rejects a signature made by another key", async () => {
    const policy = writePolicy("wrongkey.json", { [t.host]: [{ type: "signedBy", keyType: "GPGKeys", keyPath: otherPubKey }] });
    const store = t.newStore("wrongkey");
    const r = await t.tspod(pullArgs(policy, t.img("busybox")), { store, env: env() });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("Source image rejected: Invalid GPG signature");
    expect((await t.ok(["images", "-q"], { store })).out).toBe("");
  });

  test("signedBy rejects a signature for another identity", async () => {
    // sign busybox's digest as if it were "layered", and store it for layered's digest
    const digest = await manifestDigest("layered");
    const payload = simplePayload(`${t.host}/other:latest`, digest);
    const file = join(t.tmp, "payload.json");
    writeFileSync(file, payload);
    const dir = join(sigDir, `layered@sha256=${digest.slice(7)}`);
    mkdirSync(dir, { recursive: true });
    gpg(["--yes", "--local-user", "trust@example.com", "--output", join(dir, "signature-1"), "--sign", file]);
    killAgents();
    const policy = writePolicy("identity.json", { [t.host]: [{ type: "signedBy", keyType: "GPGKeys", keyPath: pubKey }] });
    const r = await t.tspod(pullArgs(policy, t.img("layered")), { store: t.newStore("identity"), env: env() });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain(`Signature for identity ${t.host}/other:latest is not accepted`);
    // matchRepository does not help either (other repository); exactRepository naming it does
    const policy2 = writePolicy("identity2.json", {
      [t.host]: [{ type: "signedBy", keyType: "GPGKeys", keyPath: pubKey, signedIdentity: { type: "exactRepository", dockerRepository: `${t.host}/other` } }],
    });
    const ok = await t.tspod(pullArgs(policy2, t.img("layered")), { store: t.newStore("identity2"), env: env() });
    expect(ok.code).toBe(0);
  });
});

describe("sigstoreSigned (ECDSA P-256)", () => {
  test("accepts a valid attached signature and rejects missing or forged ones", async () => {
    const digest = await manifestDigest("busybox-docker");
    const policy = writePolicy("sigstore.json", { [t.host]: [{ type: "sigstoreSigned", keyPath: ecPub }] });

    const missing = await t.tspod(pullArgs(policy, t.img("busybox-docker")), { store: t.newStore("sig0"), env: env() });
    expect(missing.code).toBe(125);
    expect(missing.stderr).toContain("A signature was required, but no signature exists");

    // forged: signature over a different payload
    const payload = simplePayload(t.img("busybox-docker"), digest);
    const forged = cryptoSign("sha256", simplePayload(t.img("busybox-docker"), "sha256:" + "0".repeat(64)), ecPriv);
    await pushSigstoreSignature("busybox-docker", digest, payload, forged);
    const bad = await t.tspod(pullArgs(policy, t.img("busybox-docker")), { store: t.newStore("sig1"), env: env() });
    expect(bad.code).toBe(125);
    expect(bad.stderr).toContain("Source image rejected: cryptographic signature verification failed");

    await pushSigstoreSignature("busybox-docker", digest, payload, cryptoSign("sha256", payload, ecPriv));
    const good = await t.tspod(pullArgs(policy, t.img("busybox-docker")), { store: t.newStore("sig2"), env: env() });
    expect(good.stderr).not.toContain("Error");
    expect(good.code).toBe(0);
  });
});

describe("image trust show / set", () => {
  test("set writes policy.json atomically in Podman's format; show lists it", async () => {
    const p = join(t.tmp, "edit.json");
    writeFileSync(p, JSON.stringify({ default: [{ type: "insecureAcceptAnything" }] }));
    await t.ok(["image", "trust", "set", "--policypath", p, "-t", "reject", `${t.host}/x`], { env: env() });
    await t.ok(["image", "trust", "set", "--policypath", p, "-t", "signedBy", "-f", pubKey, `${t.host}/y`], { env: env() });
    await t.ok(["image", "trust", "set", "--policypath", p, "-t", "accept", "default"], { env: env() });
    const text = readFileSync(p, "utf8");
    expect(parseJson(text)).toEqual({
      default: [{ type: "insecureAcceptAnything" }],
      transports: { docker: { [`${t.host}/x`]: [{ type: "reject" }], [`${t.host}/y`]: [{ type: "signedBy", keyType: "GPGKeys", keyPath: pubKey }] } },
    });
    expect(text).toContain('\n    "default": [\n        {\n');
    expect(readdirSync(t.tmp).filter((f) => f.startsWith(".tmp-edit.json"))).toEqual([]);

    const show = await t.ok(["image", "trust", "show", "--policypath", p], { env: env() });
    const lines = show.out.split("\n");
    expect(lines[0]).toMatch(/^TRANSPORT\s+NAME\s+TYPE\s+ID\s+STORE$/);
    expect(lines[1]).toMatch(/^all\s+default\s+accept\s*$/);
    expect(lines[2]).toMatch(new RegExp(`^repository\\s+${t.host}/x\\s+reject\\s*$`));
    expect(lines[3]).toMatch(new RegExp(`^repository\\s+${t.host}/y\\s+signed\\s+Trust Test <trust@example.com>\\s+file://${sigDir}$`));

    const json = parseJson<any[]>((await t.ok(["image", "trust", "show", "--policypath", p, "--json"], { env: env() })).stdout);
    expect(json[0]).toEqual({ transport: "all", name: "* (default)", repo_name: "default", type: "accept" });
    expect(json[2]).toEqual({ transport: "repository", name: `${t.host}/y`, repo_name: `${t.host}/y`, type: "signed", gpg_id: "Trust Test <trust@example.com>", sigstore: `file://${sigDir}` });

    const raw = await t.ok(["image", "trust", "show", "--policypath", p, "--raw"], { env: env() });
    expect(raw.out).toBe(text);
  });

  test("show names the lookaside store from registries.d", async () => {
    const p = writePolicy("store.json", { [t.host]: [{ type: "signedBy", keyType: "GPGKeys", keyPath: pubKey }] });
    const show = await t.ok(["image", "trust", "show", "--policypath", p], { env: env() });
    expect(show.out).toContain(`file://${sigDir}`);
  });

  test("set: bad type, signedBy without key, missing default", async () => {
    const p = join(t.tmp, "edit2.json");
    writeFileSync(p, JSON.stringify({ default: [{ type: "insecureAcceptAnything" }] }));
    const badType = await t.tspod(["image", "trust", "set", "--policypath", p, "-t", "bogus", "x.io/y"]);
    expect(badType.code).toBe(125);
    expect(badType.stderr).toContain("Error: invalid choice: bogus (choose from 'accept', 'reject', 'signedBy', 'sigstoreSigned')");
    const noKey = await t.tspod(["image", "trust", "set", "--policypath", p, "-t", "signedBy", "x.io/y"]);
    expect(noKey.code).toBe(125);
    expect(noKey.stderr).toContain("at least one public key must be defined for type 'signedBy'");
    const none = await t.tspod(["image", "trust", "set", "--policypath", join(t.tmp, "absent.json"), "-t", "reject", "x.io/y"]);
    expect(none.code).toBe(125);
    expect(none.stderr).toContain("default trust policy must be set");
    expect(readFileSync(p, "utf8")).toBe(JSON.stringify({ default: [{ type: "insecureAcceptAnything" }] }));
  });
});
