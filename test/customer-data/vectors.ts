import { readFileSync } from 'node:fs';

/** The inbound (OC → customer server) vectors of the shared signing contract, read from the repo's byte copy. */
export interface InboundVector {
  name: string;
  key: string;
  uri: string;
  body: string;
  timestamp: string;
  stringToSign: string;
  authorization: string;
}

const vectorsUrl = new URL('../fixtures/oc-api-vectors.json', import.meta.url);

export const inboundVectors = (JSON.parse(readFileSync(vectorsUrl, 'utf8')) as InboundVector[]).filter(
  (vector) => vector.name.startsWith('inbound-'),
);
