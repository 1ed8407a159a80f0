// Search attributes of privacy workflows: what a person filters on in the Temporal UI. No personal data:
// the subject is a keyed hash (HMAC) of the user key.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const REGULATION = defineSearchAttributeKey('PrivacyRegulation', SearchAttributeType.KEYWORD);
export const ACTION = defineSearchAttributeKey('PrivacyAction', SearchAttributeType.KEYWORD);
export const STATUS = defineSearchAttributeKey('PrivacyStatus', SearchAttributeType.KEYWORD);
export const DUE_AT = defineSearchAttributeKey('PrivacyDueAt', SearchAttributeType.DATETIME);
export const SUBJECT = defineSearchAttributeKey('PrivacySubject', SearchAttributeType.KEYWORD);
export const ADOBE_REQUEST_ID = defineSearchAttributeKey(
  'PrivacyAdobeRequestId',
  SearchAttributeType.KEYWORD,
);

export const ALL_SEARCH_ATTRIBUTES = [REGULATION, ACTION, STATUS, DUE_AT, SUBJECT, ADOBE_REQUEST_ID] as const;
