/**
 * Wraps a partial remote implementation of a domain interface: the methods it has are called,
 * any other one fails with a clear "not supported in remote mode" error instead of crashing.
 */
import { exactError } from "../errors/tspod-error.ts";

export function notSupportedRemotely(what: string): Error {
  return exactError("not_implemented", `${what} is not supported in remote mode`);
}

export function remoteEngine<T>(area: string, impl: object = {}): T {
  const methods = impl as Record<string, unknown>;
  return new Proxy(impl, {
    get(_target, key) {
      if (typeof key !== "string" || key === "then") return undefined;
      const m = methods[key];
      if (typeof m === "function") return m.bind(impl);
      return async () => {
        throw notSupportedRemotely(`${area} ${key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`);
      };
    },
  }) as T;
}
