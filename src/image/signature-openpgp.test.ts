import { describe, expect, test } from "bun:test";
import * as openpgp from "openpgp";
import { verifySimpleSignature } from "./signature-openpgp.ts";

async function keyPair(name: string) {
  const k = await openpgp.generateKey({ type: "ecc", curve: "ed25519Legacy", userIDs: [{ name, email: `${name}@example.com` }], format: "object" });
  return k;
}

async function signed(data: string, privateKey: openpgp.PrivateKey): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode(data) });
  return (await openpgp.sign({ message, signingKeys: privateKey, format: "binary" })) as Uint8Array;
}

describe("verifySimpleSignature", () => {
  test("returns the payload and signer for a good signature (binary and armored keys)", async () => {
    const a = await keyPair("alice");
    const sig = await signed('{"x":1}', a.privateKey);
    const bin = a.publicKey.write();
    const r = await verifySimpleSignature(sig, [bin]);
    expect(new TextDecoder().decode(r.payload)).toBe('{"x":1}');
    expect(r.fingerprint).toBe(a.publicKey.getFingerprint().toUpperCase());
    const armored = new TextEncoder().encode(a.publicKey.armor());
    expect((await verifySimpleSignature(sig, [armored])).fingerprint).toBe(r.fingerprint);
  });

  test("rejects another key, tampered data and garbage", async () => {
    const a = await keyPair("alice");
    const b = await keyPair("bob");
    const sig = await signed("payload", a.privateKey);
    await expect(verifySimpleSignature(sig, [b.publicKey.write()])).rejects.toThrow(/Invalid GPG signature/);
    const tampered = new Uint8Array(sig);
    tampered[tampered.length - 40] ^= 0xff;
    await expect(verifySimpleSignature(tampered, [a.publicKey.write()])).rejects.toThrow(/Invalid GPG signature/);
    await expect(verifySimpleSignature(new TextEncoder().encode("nope"), [a.publicKey.write()])).rejects.toThrow(/Invalid GPG signature/);
  });
});
