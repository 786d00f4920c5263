/**
 * OpenPGP through Debian's GnuPG binaries: verify a "simple signing" signature (an OpenPGP
 * signed message, not detached) with `gpgv` against given public keys only, sign with `gpg`, and
 * read a key file's user IDs. Every call works in a private temp dir that is removed afterwards.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { execCommand } from "./exec.ts";

export interface VerifiedMessage {
  /** The signed content. */
  payload: Uint8Array;
  /** Fingerprint of the key that made the signature. */
  fingerprint: string;
}

/** Armored key blocks to binary; binary input is returned as is. */
export function dearmor(data: Uint8Array): Uint8Array {
  const text = new TextDecoder("latin1").decode(data.subarray(0, Math.min(data.length, 64)));
  if (!text.includes("-----BEGIN PGP")) return data;
  const all = new TextDecoder().decode(data);
  const out: Buffer[] = [];
  const re = /-----BEGIN PGP [A-Z ]+-----\r?\n([\s\S]*?)-----END PGP [A-Z ]+-----/g;
  for (let m = re.exec(all); m; m = re.exec(all)) {
    const lines = m[1]!.split(/\r?\n/);
    const blank = lines.findIndex((l) => l.trim() === "");
    const body = lines.slice(blank + 1).filter((l) => l.trim() && !l.startsWith("="));
    out.push(Buffer.from(body.join(""), "base64"));
  }
  return new Uint8Array(Buffer.concat(out));
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "tspod-gpg-"));
}

/** Verifies `signature` with exactly the keys given (binary or armored) and returns its content. */
export async function gpgVerify(signature: Uint8Array, keys: Uint8Array[], signal?: AbortSignal): Promise<VerifiedMessage> {
  const dir = tempDir();
  try {
    fs.chmodSync(dir, 0o700);
    const keyring = path.join(dir, "keys.gpg");
    fs.writeFileSync(keyring, Buffer.concat(keys.map((k) => dearmor(k))));
    fs.writeFileSync(path.join(dir, "sig"), signature);
    const out = path.join(dir, "payload");
    const r = await execCommand(["gpgv", "--homedir", dir, "--status-fd", "1", "--keyring", keyring, "--output", out, path.join(dir, "sig")], {
      signal,
      env: { PATH: "/usr/bin:/bin", LC_ALL: "C" },
    });
    const valid = /^\[GNUPG:\] VALIDSIG ([0-9A-F]+)/m.exec(r.stdout);
    if (r.code !== 0 || !valid) {
      const why = /^\[GNUPG:\] (NO_PUBKEY|BADSIG|ERRSIG|NODATA|EXPKEYSIG|REVKEYSIG)\b(.*)$/m.exec(r.stdout);
      throw new TspodError("image_rejected", `Invalid GPG signature: ${why ? `${why[1]}${why[2]}` : r.stderr.trim().split("\n").pop() || `gpgv exit ${r.code}`}`);
    }
    return { payload: new Uint8Array(fs.readFileSync(out)), fingerprint: valid[1]! };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Signs `payload` (an OpenPGP signed message, binary) with key `keyId` from `gnupgHome`. */
export async function gpgSign(payload: Uint8Array, keyId: string, gnupgHome: string, signal?: AbortSignal): Promise<Uint8Array> {
  const dir = tempDir();
  try {
    const out = path.join(dir, "sig");
    const r = await execCommand(["gpg", "--batch", "--yes", "--no-tty", "--homedir", gnupgHome, "--local-user", keyId, "--output", out, "--sign"], {
      input: payload,
      signal,
      env: { PATH: "/usr/bin:/bin", LC_ALL: "C", GNUPGHOME: gnupgHome },
    });
    if (r.code !== 0 || !fs.existsSync(out)) {
      throw new TspodError("internal", `signing with key ${keyId}: ${r.stderr.trim().split("\n").pop() || `gpg exit ${r.code}`}`);
    }
    return new Uint8Array(fs.readFileSync(out));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The user IDs ("Name <mail>") of the keys in a key file ([] when unreadable). */
export async function gpgKeyUids(keyFile: string): Promise<string[]> {
  const dir = tempDir();
  try {
    const r = await execCommand(["gpg", "--homedir", dir, "--batch", "--with-colons", "--show-keys", keyFile], { env: { PATH: "/usr/bin:/bin", LC_ALL: "C" } });
    if (r.code !== 0) return [];
    return r.stdout.split("\n").filter((l) => l.startsWith("uid:")).map((l) => l.split(":")[9]!.replace(/\\x3a/g, ":"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
