// The workflows this worker runs (the worker's workflowsPath points here).
export { privacySubmission } from './submission';
export { privacyJob } from './job';
export { privacyIntake } from './intake';
