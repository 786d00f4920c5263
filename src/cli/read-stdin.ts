/** Reads all of standard input as text (`login --password-stdin`). */
export async function readStdinText(): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const c of process.stdin) chunks.push(c as Uint8Array);
  return Buffer.concat(chunks).toString("utf8");
}
