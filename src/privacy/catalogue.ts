// What Adobe Privacy Service accepts, as of the newest documents (reference §4, §9, §10).
// Pure data: shared by intake validation, the emulator and workflow code.

/** Regulations Adobe accepts today (Adobe's UI list, 2025-2026). */
export const REGULATIONS = [
  'apa_aus',
  'ccpa',
  'cpa_co_usa',
  'cpra_ca_usa',
  'ctdpa_ct_usa',
  'dpdpa_de_usa',
  'fdbr_fl_usa',
  'gdpr',
  'hipaa_usa',
  'icdpa_ia_usa',
  'lgpd_bra',
  'mcdpa_mn_usa',
  'mcdpa_mt_usa',
  'mhmda_wa_usa',
  'modpa_md_usa',
  'ndpa_ne_usa',
  'nhpa_nh_usa',
  'njdpa_nj_usa',
  'nzpa_nzl',
  'ocpa_or_usa',
  'pdpa_tha',
  'pipa_kor',
  'ql25_qc_can',
  'tdpsa_tx_usa',
  'tipa_tn_usa',
  'ucpa_ut_usa',
  'vcdpa_va_usa',
] as const;
export type Regulation = (typeof REGULATIONS)[number];

/** Names Adobe renamed on 2025-06-12; the old ones stopped working after 2025-07-28. */
export const LEGACY_REGULATIONS: Readonly<Record<string, Regulation>> = {
  cpa_usa: 'cpa_co_usa',
  cpra_usa: 'cpra_ca_usa',
  ctdpa_usa: 'ctdpa_ct_usa',
  dpdpa_usa: 'dpdpa_de_usa',
  dpdpa: 'dpdpa_de_usa',
  fdbr_usa: 'fdbr_fl_usa',
  icdpa_usa: 'icdpa_ia_usa',
  mcdpa_usa: 'mcdpa_mn_usa',
  mhmda_usa: 'mhmda_wa_usa',
  ndpa_usa: 'ndpa_ne_usa',
  nhpa_usa: 'nhpa_nh_usa',
  njdpa_usa: 'njdpa_nj_usa',
  ocpa_usa: 'ocpa_or_usa',
  tdpsa_usa: 'tdpsa_tx_usa',
  ucpa_usa: 'ucpa_ut_usa',
  vcdpa_usa: 'vcdpa_va_usa',
  ql25: 'ql25_qc_can',
};
export const LEGACY_REGULATION_CUTOFF = '2025-07-28';

/** `include` product codes, matched case-insensitively as Adobe does; the value is the canonical spelling. */
export const PRODUCTS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'adCloud',
    'analytics',
    'audienceManager',
    'campaign',
    'aepDataLake',
    'AdobeCloudPlatform',
    'profileService',
    'primetimeAuthentication',
    'target',
    'CRS',
    'cjm',
    'identity',
    'marketo',
    'marketomeasure',
  ].map((name) => [name.toLowerCase(), name]),
);

/** Display names Adobe uses in `productResponses[].product` (note `Profile` for `profileService`). */
export const PRODUCT_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  adcloud: 'AdCloud',
  analytics: 'Analytics',
  audiencemanager: 'AudienceManager',
  campaign: 'Campaign',
  aepdatalake: 'AdobeCloudPlatform',
  adobecloudplatform: 'AdobeCloudPlatform',
  profileservice: 'Profile',
  primetimeauthentication: 'PrimetimeAuthentication',
  target: 'Target',
  crs: 'CRS',
  cjm: 'cjm',
  identity: 'Identity',
  marketo: 'Marketo',
  marketomeasure: 'MarketoMeasure',
};

/** Standard identity namespaces and their numeric ids (matched case-insensitively). */
export const STANDARD_NAMESPACES: Readonly<Record<string, number>> = {
  email: 6,
  phone: 7,
  adcloud: 411,
  core: 0,
  ecid: 4,
  tntid: 9,
  idfa: 20915,
  gaid: 20914,
  waid: 8,
  aaid: 10,
};

export const NAMESPACE_TYPES = [
  'standard',
  'custom',
  'integrationCode',
  'namespaceId',
  'unregistered',
  'analytics',
  'target',
] as const;

export const LIMITS = {
  usersPerRequest: 1000,
  idsPerUser: 9,
} as const;
