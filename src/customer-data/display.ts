/**
 * What Online Contact shows the agent for each status of the customer server's reply (oc-api.md §2.5, §8 #13).
 * `ko` is the Korean 2022 guide's text, which the older TOAST page left as "확인중" and the Contiple English page
 * rewords and shifts; `en` is our gloss of it. Note that 400 reads as "no result" to the agent, and 404 as a
 * server error — pick statuses by what the agent should read, not by HTTP habit.
 */

export type DocumentedCustomerDataStatus = 200 | 400 | 403 | 404 | 500;

export interface OcDisplay {
  /** The name the guide gives the status. */
  name: string;
  ko: string;
  en: string;
}

export const OC_CUSTOMER_DATA_DISPLAY: Readonly<Record<DocumentedCustomerDataStatus, OcDisplay>> = {
  200: { name: 'SUCCESS', ko: '조회 성공', en: 'lookup succeeded' },
  400: { name: 'Bad Request', ko: '조회 결과가 없습니다.', en: 'no result' },
  403: {
    name: 'Forbidden',
    ko: '요청한 서버에 조회 권한이 없습니다.',
    en: 'no permission on the requested server',
  },
  404: {
    name: 'Not Data Found',
    ko: '요청한 서버에 에러가 있습니다.',
    en: 'the requested server has an error',
  },
  500: { name: 'Server Error', ko: '오류가 발생하였습니다.', en: 'an error occurred' },
};

/** The display for a status, or undefined for a status the guide does not list. */
export function ocDisplayFor(status: number): OcDisplay | undefined {
  return Object.hasOwn(OC_CUSTOMER_DATA_DISPLAY, status)
    ? OC_CUSTOMER_DATA_DISPLAY[status as DocumentedCustomerDataStatus]
    : undefined;
}
