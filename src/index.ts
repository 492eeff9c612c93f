/** The library surface: the signed client, the typed API, the emulator and the config loader. */
export { loadConfig, resolveEnvironment } from './config/load.js';
export { createEmulator } from './emulator/index.js';
export { createApi, type OcApi } from './remote/api.js';
export { createHttpClient, type HttpClientOptions } from './remote/client.js';
export { ApiError, TransportError } from './remote/errors.js';
export {
  customerDataStringToSign,
  hmacBase64,
  md5Hex,
  parseQueryString,
  signRequest,
  stringToSign,
} from './remote/sign.js';
export { resources } from './resources/registry.js';
