// Wire types of Adobe Privacy Service, as Adobe documents them (see docs/adobe-quirks.md).
// Types only: safe to import from workflow code.

export type PrivacyAction = 'access' | 'delete';
export type JobStatus = 'submitted' | 'processing' | 'complete' | 'error';

export interface CompanyContext {
  namespace: string;
  value: string;
}

export interface UserId {
  namespace: string;
  value: string;
  type: string;
  namespaceId?: number;
  isDeletedClientSide?: boolean;
}

export interface PrivacyUser {
  key: string;
  action: PrivacyAction[];
  userIDs: UserId[];
}

/** The body of `POST /data/core/privacy/jobs`: also the JSON file format the CLI and the Adobe UI accept. */
export interface CreateJobsRequest {
  companyContexts: CompanyContext[];
  users: PrivacyUser[];
  include: string[];
  regulation: string;
  expandIds?: boolean | 'true' | 'false';
  priority?: 'normal' | 'low';
  analyticsDeleteMethod?: 'anonymize' | 'purge';
  mergePolicyId?: number | string;
  region?: string;
}

export interface CreatedJob {
  jobId: string;
  customer: { user: { key: string; action: PrivacyAction[]; userIDs?: UserId[] } };
}

/** Adobe names the array `jobs` in every example and `jobDetails` in its OpenAPI schema. */
export interface CreateJobsResponse {
  requestId?: string;
  totalRecords?: number;
  requestStatus?: number;
  jobs?: CreatedJob[];
  jobDetails?: CreatedJob[];
}

export interface ProductStatusResponse {
  status?: JobStatus;
  message?: string;
  responseMsgCode?: string;
  responseMsgDetail?: string;
  results?: { processed?: string[]; ignored?: string[] } & Record<string, unknown>;
}

export interface ProductResponse {
  product: string;
  retryCount?: number;
  processedDate?: string;
  productStatusResponse: ProductStatusResponse;
}

export interface JobDetails {
  jobId: string;
  requestId?: string;
  userKey?: string;
  action: PrivacyAction;
  status: JobStatus;
  submittedBy?: string;
  createdDate?: string;
  lastModifiedDate?: string;
  regulation?: string;
  userIds?: UserId[];
  productResponses?: ProductResponse[];
  downloadURL?: string;
  downloadUrl?: string;
  qualifiedCount?: number;
}

export interface ListJobsResponse {
  totalRecords?: number;
  jobDetails?: Omit<JobDetails, 'productResponses'>[];
  jobs?: Omit<JobDetails, 'productResponses'>[];
}
