/**
 * Registry authentication: parsing `WWW-Authenticate` challenges and fetching Bearer tokens
 * (anonymous, or with Basic credentials), as in the Docker token auth spec.
 */
import { TspodError } from "../errors/tspod-error.ts";

export interface Credentials {
  username: string;
  password: string;
}

export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (and several challenges separated by commas). */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  let current: AuthChallenge | undefined;
  let i = 0;
  const skip = () => {
    while (i < header.length && /[\s,]/.test(header[i]!)) i++;
  };
  const token = () => {
    const start = i;
    while (i < header.length && !/[\s,="]/.test(header[i]!)) i++;
    return header.slice(start, i);
  };
  for (skip(); i < header.length; skip()) {
    const word = token();
    if (!word) {
      i++;
      continue;
    }
    let j = i;
    while (j < header.length && header[j] === " ") j++;
    if (header[j] === "=" && current) {
      i = j + 1;
      while (header[i] === " ") i++;
      let value = "";
      if (header[i] === '"') {
        i++;
        while (i < header.length && header[i] !== '"') {
          if (header[i] === "\\") i++;
          value += header[i] ?? "";
          i++;
        }
        i++;
      } else {
        value = token();
      }
      current.params[word.toLowerCase()] = value;
    } else {
      current = { scheme: word.toLowerCase(), params: {} };
      out.push(current);
    }
  }
  return out;
}

export function basicAuthHeader(c: Credentials): string {
  return "Basic " + Buffer.from(`${c.username}:${c.password}`).toString("base64");
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Asks the token server named by a Bearer challenge for a token covering `scope`. */
export async function fetchBearerToken(
  challenge: AuthChallenge,
  scope: string | undefined,
  credentials: Credentials | undefined,
  doFetch: FetchLike,
  signal?: AbortSignal,
): Promise<string> {
  const realm = challenge.params.realm;
  if (!realm) throw new TspodError("registry", "registry sent a Bearer challenge without a realm");
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new TspodError("registry", `registry sent an invalid token realm ${JSON.stringify(realm)}`);
  }
  if (challenge.params.service) url.searchParams.set("service", challenge.params.service);
  const sc = scope ?? challenge.params.scope;
  // Several scopes (a push that mounts from another repository) are sent as repeated parameters.
  if (sc) for (const one of sc.split(" ").filter(Boolean)) url.searchParams.append("scope", one);
  const headers: Record<string, string> = {};
  if (credentials) {
    headers.Authorization = basicAuthHeader(credentials);
    url.searchParams.set("account", credentials.username);
  }
  const res = await doFetch(url.toString(), { headers, signal });
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    throw new TspodError("unauthorized", `getting a token from ${url.origin}${url.pathname}: invalid username/password`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new TspodError("registry", `getting a token from ${url.origin}${url.pathname}: status ${res.status}`);
  }
  const body = (await res.json().catch(() => ({}))) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new TspodError("registry", `token server ${url.origin} returned no token`);
  return token;
}
