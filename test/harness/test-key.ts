import { generateKeyPairSync } from "node:crypto";

let cachedKey: string | undefined;

/**
 * An RSA private key (PKCS#1 PEM, as GitHub issues them) for test apps; generated once per process. 1024 bits keeps
 * generation around 20 ms (2048 takes 150–300 ms); the simulator does not verify signatures anyway.
 */
export function testPrivateKey(): string {
  cachedKey ??= generateKeyPairSync("rsa", {
    modulusLength: 1024,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  }).privateKey;
  return cachedKey;
}
