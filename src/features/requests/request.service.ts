/**
 * Disclosure on request: the feature's use cases, one module per section; this
 * module is their one entry point for routes, other features and tests.
 */
export * from './request.apply.js';
export * from './request.read.js';
export * from './request.handling.js';
export * from './request.letters.js';
export * from './request.public.js';
export * from './request.records.js';
export * from './request.proposals.js';
export { requestDeadlineSource } from './request.deadlines.js';
