/** The library surface: the signed client, the typed API, the emulator and the config loader. */
export { loadConfig, resolveEnvironment } from './config/load.js';
export {
  CUSTOMER_DATA_WINDOW_MS,
  CustomerDataCallError,
  type CustomerDataFields,
  type CustomerDataHandlerOptions,
  type CustomerDataLookup,
  type CustomerDataOutcome,
  type CustomerDataReply,
  type CustomerDataResponse,
  type CustomerDataVerification,
  type CustomerDataVerificationReason,
  callCustomerData,
  checkCustomerDataReply,
  createCustomerDataHandler,
  customerDataFailure,
  customerDataSignature,
  customerDataSuccess,
  OC_CUSTOMER_DATA_DISPLAY,
  ocDisplayFor,
  verifyCustomerDataRequest,
  writeCustomerDataResponse,
} from './customer-data/index.js';
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
