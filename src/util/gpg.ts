/**
 * GnuPG (Debian's `gpg`) for what needs the user's keyring or matches Podman's output: signing
 * with a secret key (gpg-agent) and reading a key file's user IDs. Verification happens in
 * process (image/signature-openpgp.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { execCommand } from "./exec.ts";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "tspod-gpg-"));
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
