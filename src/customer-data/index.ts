/**
 * Customer information integration, the other direction (DESIGN §7, oc-api.md §2.5): Online Contact calls the
 * customer's server. The verifier and reply helpers serve that server; `callCustomerData` and the contract check
 * play Online Contact against it.
 */
export {
  type CallCustomerDataOptions,
  CustomerDataCallError,
  type CustomerDataReply,
  callCustomerData,
  DEFAULT_CALL_TIMEOUT_MS,
} from './call.js';
export { type ContractCheck, type ContractReport, checkCustomerDataReply } from './contract-check.js';
export {
  type DocumentedCustomerDataStatus,
  OC_CUSTOMER_DATA_DISPLAY,
  type OcDisplay,
  ocDisplayFor,
} from './display.js';
export {
  type CustomerDataFields,
  type CustomerDataHandlerOptions,
  type CustomerDataLookup,
  type CustomerDataOutcome,
  createCustomerDataHandler,
} from './handler.js';
export type { HeaderSource } from './headers.js';
export {
  type CustomerDataErrorBody,
  type CustomerDataFailureStatus,
  type CustomerDataResponse,
  customerDataFailure,
  customerDataSuccess,
} from './responses.js';
export { customerDataSignature } from './signature.js';
export {
  CUSTOMER_DATA_WINDOW_MS,
  type CustomerDataVerification,
  type CustomerDataVerificationReason,
  type VerifyCustomerDataRequestInput,
  verifyCustomerDataRequest,
} from './verify.js';
export { CUSTOMER_DATA_CONTENT_TYPE, writeCustomerDataResponse } from './write-response.js';
