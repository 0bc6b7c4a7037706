// The one way to load @peculiar/x509: it resolves its algorithms through tsyringe, which needs the
// Reflect metadata API loaded first (a static import of the library would run before it), and it
// is set to node's WebCrypto. Loaded on first use, once.

import { webcrypto } from 'node:crypto';

export type X509 = typeof import('@peculiar/x509');
let loaded: Promise<X509> | undefined;

export function x509Library(): Promise<X509> {
  loaded ??= (async () => {
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    return x509;
  })();
  return loaded;
}
