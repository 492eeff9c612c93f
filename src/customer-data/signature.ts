import { customerDataStringToSign, hmacBase64 } from '../remote/sign.js';

/**
 * The customer-data signature (oc-api.md §2.5): Base64(HMAC-SHA256(key as UTF-8, raw body + X-TC-Timestamp)).
 * No orgId, no path, no query — that is what Online Contact's server code signs.
 */
export function customerDataSignature(key: string, rawBody: string, timestamp: string): string {
  return hmacBase64(key, customerDataStringToSign(rawBody, timestamp));
}

/**
 * The variant the prose of the docs describes ("request URI + parameter values (JSON) + time"), which contradicts
 * the code (§2.5, §8 #11). Only a tolerant verifier tries it, to find out whether it is ever what OC sends.
 */
export function prosePathVariantSignature(
  key: string,
  path: string,
  rawBody: string,
  timestamp: string,
): string {
  return hmacBase64(key, path + rawBody + timestamp);
}
