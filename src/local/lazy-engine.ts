/**
 * An engine whose module is loaded on its first method call, so a command pays only for the
 * engines it uses (start-up is on every path: see DESIGN.md). Every domain method is async, which
 * the type constraint enforces, so forwarding through a promise changes nothing for callers.
 */
type AsyncMethods<T> = { [K in keyof T]: (...args: never[]) => Promise<unknown> };

export function lazyEngine<T extends AsyncMethods<T>>(load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined;
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as T, {
    get(_target, key) {
      // not a thenable: `await engine` must give the engine itself
      if (typeof key !== "string" || key === "then") return undefined;
      let method = methods.get(key);
      if (!method) {
        method = async (...args: unknown[]) => {
          const engine = (await (loaded ??= load())) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
          if (typeof engine[key] !== "function") throw new TypeError(`engine has no method ${key}`);
          return engine[key]!(...args);
        };
        methods.set(key, method);
      }
      return method;
    },
  });
}
