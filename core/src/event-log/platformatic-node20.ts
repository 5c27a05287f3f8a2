// @platformatic/kafka 2.x is built for Node 22.22+; on the Node 20 this project still
// supports, the one newer API it calls is Promise.withResolvers (when closing a client). It is
// added here, only where missing, with the semantics of the standard (ES2024).

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

export function ensurePromiseWithResolvers(): void {
  const promises = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
  if (typeof promises.withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(): Resolvers<T> {
      let resolve: Resolvers<T>['resolve'] = () => undefined;
      let reject: Resolvers<T>['reject'] = () => undefined;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
